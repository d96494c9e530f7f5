"""How a worker process is started, and how strongly it is kept apart.

One mode is chosen per grading process (``SOFTMAX_KIT_SANDBOX`` forces one):

``bwrap``
    as root: bubblewrap gives each worker new network, IPC, PID, UTS and
    cgroup namespaces and a read-only file system of its own, holding only
    the worker's Python (interpreter, standard library, numpy, the shared
    libraries they load), the submission and the sandbox code, ``/proc``, a
    minimal ``/dev`` and an empty private ``/tmp``.  The worker drops to a
    fresh unprivileged user id before it imports anything.
``uid``
    the fallback where namespaces are forbidden (Docker): a fresh user id per
    worker, the kit's folder made ``0700``, private temporary folders where
    mounts are allowed; what the worker leaves is removed afterwards.
``none``
    not root (a student's laptop): the worker runs as the grader's user.
``portable``
    no ``resource``, user switch, ``preexec_fn`` or ``pass_fds`` (Windows,
    or forced): the worker connects back over a loopback socket.

As root, student code never runs as root unless the instructor allows it
(``--allow-root-workers``, ``SOFTMAX_KIT_ALLOW_ROOT_WORKERS=1``).
"""

import functools
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from . import limits as limits_
from .errors import SandboxUnavailable
from .i18n import N_, tr

KIT_ROOT = Path(__file__).resolve().parent.parent
MODES = ("bwrap", "uid", "none", "portable")
#: where a bwrap worker finds its submission folder, and its writable tmpfs
INSIDE_FOLDER = "/submission"
INSIDE_TMP = "/tmp"
TMP_BYTES = 64 << 20


@dataclass(frozen=True)
class Plan:
    """How the workers of this grading process run.

    Attributes
    ----------
    mode : str
        One of :data:`MODES`, or ``"root"`` (allowed by the instructor).
    reason : str
        Why no stronger mode is in force (an English message template), or "".
    detail : str
        A value for the template's ``{detail}``.
    private_mounts : bool
        ``uid`` mode: workers get empty private temporary folders.
    """

    mode: str
    reason: str = ""
    detail: str = ""
    private_mounts: bool = False

    @property
    def switches_user(self):
        return self.mode in ("bwrap", "uid")

    @property
    def separated(self):
        """Whether two workers running at once cannot reach each other."""
        return self.mode == "bwrap"

    @property
    def note(self):
        """One line for the report: which protections were in force."""
        why = tr(self.reason, detail=self.detail) if self.reason else ""
        if self.mode == "bwrap":
            return tr("isolation: worker process in a bubblewrap sandbox per question, as a "
                      "fresh unprivileged user: no network, private IPC, PID and file system "
                      "(only Python, numpy and your file)")
        if self.mode == "uid" and self.private_mounts:
            return tr("isolation: worker process as a fresh unprivileged user per question, "
                      "with private temporary folders; leftovers removed; no sandbox ({reason})",
                      reason=why)
        if self.mode == "uid":
            return tr("isolation: worker process as a fresh unprivileged user per question; "
                      "leftovers removed; no sandbox ({reason})", reason=why)
        if self.mode == "root":
            return tr("isolation: worker process as root, allowed by --allow-root-workers "
                      "({reason})", reason=why)
        if self.mode == "portable":
            return tr("isolation: worker process only ({reason})", reason=why)
        return tr("isolation: worker process, same user ({reason})", reason=why)


def interpreter():
    """The Python that runs workers, by a path outside the kit.

    ``SOFTMAX_KIT_WORKER_PYTHON`` names one; else the kit's worker
    environment (``.venv-worker``: numpy and nothing else); else this
    interpreter.  A virtual environment's folder is resolved (``.venv`` is a
    link inside the kit), so the worker still finds the environment's packages.
    """
    override = os.environ.get("SOFTMAX_KIT_WORKER_PYTHON")
    if override:
        return override
    scripts = "Scripts" if os.name == "nt" else "bin"
    for candidate in (KIT_ROOT / ".venv-worker", Path(sys.prefix)):
        if candidate == Path(sys.prefix) and sys.prefix == sys.base_prefix:
            break
        for name in ("python", "python.exe"):
            if (candidate / scripts / name).exists():
                return str(candidate.resolve() / scripts / name)
    return str(Path(sys.executable).resolve())


# ------------------------------------------------------------------ the plan
def posix_features():
    """The POSIX features a sandboxed worker needs that this Python lacks."""
    missing = []
    if limits_.resource is None:
        missing.append("resource")
    if not hasattr(os, "setuid"):
        missing.append("os.setuid")
    if os.name != "posix":
        missing.append("preexec_fn, pass_fds")
    return missing


@functools.cache
def plan():
    """Decide once per grading process how workers run.

    Raises
    ------
    SandboxUnavailable
        As root, where no unprivileged user can run the worker and root
        workers were not allowed; or a mode was forced that cannot work here.
    """
    forced = (os.environ.get("SOFTMAX_KIT_SANDBOX") or "").strip().lower()
    if forced not in MODES + ("", "auto"):
        raise SandboxUnavailable(tr("SOFTMAX_KIT_SANDBOX={value} is not a mode: choose from "
                                    "{choices}", value=forced, choices=", ".join(MODES)))
    missing = posix_features()
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    allowed = os.environ.get("SOFTMAX_KIT_ALLOW_ROOT_WORKERS") == "1"
    if forced == "portable" or missing:
        if root and not allowed:
            raise SandboxUnavailable(tr("without a sandbox or a user switch, student code "
                                        "would run as root: pass --allow-root-workers to "
                                        "allow it"))
        if forced == "portable":
            return Plan("portable", N_("forced by SOFTMAX_KIT_SANDBOX={detail}"), "portable")
        return Plan("portable", N_("this system lacks {detail}"), ", ".join(missing))
    if not root:
        if forced in ("bwrap", "uid"):
            raise SandboxUnavailable(tr("SOFTMAX_KIT_SANDBOX={value} needs the grader to run "
                                        "as root", value=forced))
        if forced == "none":
            return Plan("none", N_("forced by SOFTMAX_KIT_SANDBOX={detail}"), "none")
        return Plan("none", N_("the grader is not root, so no user switch"))
    if forced == "none":
        if allowed:
            return Plan("root", N_("forced by SOFTMAX_KIT_SANDBOX={detail}"), "none")
        raise SandboxUnavailable(tr("SOFTMAX_KIT_SANDBOX=none as root would run student code "
                                    "as root: pass --allow-root-workers to allow it"))
    reason, detail = N_("forced by SOFTMAX_KIT_SANDBOX={detail}"), "uid"
    if forced != "uid":
        reason, detail = _probe_bwrap()
        if not reason:
            return Plan("bwrap")
        if forced == "bwrap":
            raise SandboxUnavailable(tr(reason, detail=detail))
    problem = ("", "")
    for private_mounts in (True, False):
        problem = _probe_uid(private_mounts)
        if not problem[0]:
            return Plan("uid", reason, detail, private_mounts=private_mounts)
    if allowed:
        return Plan("root", *problem)
    raise SandboxUnavailable(tr(
        "no unprivileged user can run the worker here ({reason}); make the worker "
        "environment readable by every user (make venv), or pass --allow-root-workers to "
        "run student code as root", reason=tr(problem[0], detail=problem[1])))


def _probe_bwrap():
    """Why a bwrap worker cannot start here: (template, detail), or ("", "")."""
    if not shutil.which("bwrap"):
        return N_("bubblewrap (bwrap) is not installed"), ""
    from . import privileges

    try:
        command = bwrap_command(privileges.next_uid(), None, ["-c", "import numpy"])
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, check=False,
                              timeout=60, env=worker_environment(INSIDE_TMP))
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        return N_("bubblewrap cannot start: {detail}"), str(error)[:200]
    if done.returncode != 0:
        text = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return N_("bubblewrap cannot start: {detail}"), (text[-1] if text else "")[:200]
    return "", ""


def _probe_uid(private_mounts):
    """Why a fresh user cannot run the worker's interpreter: (template, detail)."""
    from . import privileges

    uid = privileges.next_uid()
    try:
        done = subprocess.run([interpreter(), "-I", "-c", "import numpy"],
                              preexec_fn=privileges.enter_sandbox(uid, private_mounts),
                              cwd="/", capture_output=True, timeout=60, check=False,
                              env={"PATH": os.environ.get("PATH", "")})
    except (OSError, subprocess.SubprocessError) as error:
        return N_("an unprivileged user cannot start Python: {detail}"), str(error)
    if done.returncode != 0:
        return N_("an unprivileged user cannot run this Python environment; install it "
                  "where every user can read it (see README)"), ""
    return "", ""


# -------------------------------------------------------- the bwrap sandbox
@functools.cache
def _python_layout(python):
    """Where the worker's Python keeps what it needs, asked of that Python."""
    script = ("import json, os, sys, sysconfig, numpy\n"
              "print(json.dumps({'executable': sys.executable, 'prefix': sys.prefix,"
              " 'base_prefix': sys.base_prefix, 'stdlib': os.path.dirname(os.__file__),"
              " 'dynload': sysconfig.get_config_var('DESTSHARED') or '',"
              " 'numpy': os.path.dirname(numpy.__file__)}))")
    done = subprocess.run([python, "-I", "-c", script], capture_output=True, check=True,
                          timeout=60, env={"PATH": os.environ.get("PATH", "")})
    return json.loads(done.stdout)


def _shared_objects(folders):
    found = []
    for folder in folders:
        for root, _dirs, files in os.walk(folder):
            found += [os.path.join(root, f) for f in files if ".so" in f]
    return found


@functools.cache
def read_only_binds(python):
    """``([(source, destination)], stdlib folders)``: the least the worker's
    Python needs to run.

    The interpreter, its standard library (without its site-packages),
    numpy (and the libraries it vendors), and every shared library that
    ``ldd`` says these load, each at the path it is loaded from.  Asking
    ``ldd`` takes seconds: the answer is kept in the kit's state folder for
    as long as the interpreter and numpy stay the same.
    """
    from . import privileges

    cache = privileges.state_folder() / "sandbox-binds.json"
    try:
        kept = json.loads(cache.read_text())
        if kept["key"] == _fingerprint(python, kept["layout"]):
            return tuple(map(tuple, kept["binds"])), tuple(kept["stdlib"])
    except (OSError, ValueError, KeyError, TypeError):
        pass
    layout = _python_layout(python)
    binds, stdlib = _binds(layout)
    temporary = cache.with_name(f"{cache.name}.{os.getpid()}")
    temporary.write_text(json.dumps({"key": _fingerprint(python, layout), "layout": layout,
                                     "binds": binds, "stdlib": stdlib}))
    os.replace(temporary, cache)
    return binds, stdlib


def _fingerprint(python, layout):
    """What changes when the interpreter or its numpy is replaced."""
    paths = (os.path.realpath(python), layout["numpy"], os.path.dirname(layout["numpy"]))
    return [python] + [os.stat(path).st_mtime_ns for path in paths]


def _binds(layout):
    binary = os.path.realpath(layout["executable"])
    binds = [(binary, layout["executable"])]
    if layout["prefix"] != layout["base_prefix"]:  # a virtual environment
        binds.append((os.path.join(layout["prefix"], "pyvenv.cfg"),
                      os.path.join(layout["prefix"], "pyvenv.cfg")))
    stdlib = {os.path.realpath(layout["stdlib"])}
    dynload = os.path.realpath(layout["dynload"]) if layout["dynload"] else ""
    if os.path.isdir(dynload) and not dynload.startswith(tuple(f"{f}{os.sep}" for f in stdlib)):
        stdlib.add(dynload)
    binds += [(folder, folder) for folder in sorted(stdlib)]
    numpy = layout["numpy"]
    vendored = [numpy + ".libs"] if os.path.isdir(numpy + ".libs") else []
    binds += [(folder, folder) for folder in [numpy] + vendored]
    objects = [binary] + _shared_objects(sorted(stdlib) + [numpy] + vendored)
    done = subprocess.run(["ldd", *objects], capture_output=True, text=True, timeout=120,
                          check=False, env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C"})
    libraries = set()
    for line in done.stdout.splitlines():
        line = line.strip()
        path = line.split("=>", 1)[1] if "=>" in line else line
        path = path.split(" (", 1)[0].strip()
        if path.startswith("/") and not path.endswith(":"):
            libraries.add(path)
    inside = tuple(f"{folder}{os.sep}" for folder in stdlib | {numpy, *vendored})
    binds += [(lib, lib) for lib in sorted(libraries) if not lib.startswith(inside)]
    if os.path.exists("/etc/ld.so.cache"):
        binds.append(("/etc/ld.so.cache", "/etc/ld.so.cache"))
    return tuple(binds), tuple(sorted(stdlib))


def bwrap_command(uid, folder, arguments):
    """The command that runs the worker's Python with ``arguments`` in a new
    sandbox, as user ``uid``, with ``folder`` read-only at INSIDE_FOLDER."""
    python = interpreter()
    binds, stdlib = read_only_binds(python)
    command = ["bwrap", "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
               "--unshare-cgroup-try", "--die-with-parent", "--new-session",
               "--hostname", "sandbox", "--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID"]
    made = set()
    for _source, destination in binds:
        # folders on the way are made world-traversable (bwrap would copy
        # modes such as root's 0700, which the worker's user cannot enter)
        parent = os.path.dirname(destination)
        chain = []
        while parent not in ("/", "") and parent not in made:
            chain.append(parent)
            made.add(parent)
            parent = os.path.dirname(parent)
        for path in reversed(chain):
            command += ["--perms", "0755", "--dir", path]
    for source, destination in binds:
        command += ["--ro-bind", source, destination]
    for library in stdlib:
        for hidden in ("site-packages", "dist-packages"):
            if os.path.isdir(os.path.join(library, hidden)):
                command += ["--tmpfs", os.path.join(library, hidden)]
    command += ["--proc", "/proc", "--dev", "/dev",
                "--size", str(TMP_BYTES), "--perms", "1777", "--tmpfs", INSIDE_TMP]
    if folder is not None:
        command += ["--ro-bind", str(folder), INSIDE_FOLDER]
    drop = "import os; os.setgroups([]); os.setgid({0}); os.setuid({0}); ".format(int(uid))
    if arguments[:1] == ["-c"]:
        return command + ["--chdir", INSIDE_TMP, "--", python, "-I", "-B", "-c",
                          drop + arguments[1]]
    return command + ["--chdir", INSIDE_TMP, "--", python, "-I", "-B"] + list(arguments) \
        + ["--uid", str(int(uid))]


# -------------------------------------------------------------- starting
def worker_environment(home):
    """The worker's environment variables: nothing of the grader's but locale."""
    keep = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(HOME=str(home), TMPDIR=str(home), TEMP=str(home), TMP=str(home),
               PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1",
               MKL_NUM_THREADS="1", PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8")
    return env


def start(plan_, folder, output, limits, uid):
    """Start a worker for ``folder``/softmax.py; return ``(process, socket)``.

    Parameters
    ----------
    plan_ : Plan
    folder : Path
        Holds the submission's copy (``softmax.py``) and ``sandbox/``.
    output : file
        Where the worker's standard output and error go.
    limits : Limits
    uid : int or None
        The worker's user id (``bwrap`` and ``uid`` modes).
    """
    if plan_.mode == "portable":
        return _start_portable(folder, output, limits)
    ours, theirs = socket.socketpair()
    fd = str(theirs.fileno())
    try:
        if plan_.mode == "bwrap":
            command = bwrap_command(uid, folder, [f"{INSIDE_FOLDER}/sandbox/worker.py", "--fd",
                                                  fd, f"{INSIDE_FOLDER}/softmax.py"])
            # bwrap itself runs as root; the worker's user is switched inside
            cwd, home, preexec = "/", INSIDE_TMP, _limited(limits, None, processes=True)
        else:
            command = [interpreter(), "-I", "-B", str(folder / "sandbox" / "worker.py"),
                       "--fd", fd, str(folder / "softmax.py")]
            cwd, home = folder, folder
            preexec = _limited(limits, uid, uid is not None, plan_.private_mounts)
        process = subprocess.Popen(command, pass_fds=[theirs.fileno()],
                                   stdin=subprocess.DEVNULL, stdout=output,
                                   stderr=subprocess.STDOUT, cwd=cwd,
                                   env=worker_environment(home), start_new_session=True,
                                   preexec_fn=preexec)
    except BaseException:
        ours.close()
        raise
    finally:
        theirs.close()
    return process, ours


def _limited(limits, uid, processes, private_mounts=False):
    """The worker's ``preexec_fn``: resource limits (with ``processes``, also on
    the number of processes of the worker's fresh user), then (fallback) the
    switch to user ``uid``."""
    from . import privileges

    switch = privileges.enter_sandbox(uid, private_mounts) if uid is not None else None
    most = limits_.MAX_PROCESSES if processes else None

    def apply():
        limits_.apply(limits, processes=most)
        if switch is not None:
            switch()
    return apply


def _start_portable(folder, output, limits):
    """Start a worker that connects back to a loopback port with a secret token."""
    token = secrets.token_hex(16)
    listener = socket.create_server(("127.0.0.1", 0))
    try:
        port = listener.getsockname()[1]
        process = subprocess.Popen(
            [interpreter(), "-I", "-B", str(folder / "sandbox" / "worker.py"),
             "--connect", str(port), str(folder / "softmax.py")],
            stdin=subprocess.PIPE, stdout=output, stderr=subprocess.STDOUT, cwd=folder,
            env=worker_environment(folder))
        process.stdin.write(token.encode() + b"\n")
        process.stdin.close()
        deadline = time.monotonic() + limits.wall_s
        while True:
            listener.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                sock, _address = listener.accept()
            except TimeoutError:
                return process, _Unconnected()
            sock.settimeout(max(0.01, deadline - time.monotonic()))
            try:
                heard = sock.recv(len(token))
            except OSError:
                heard = b""
            if secrets.compare_digest(heard, token.encode()):
                sock.settimeout(None)
                return process, sock
            sock.close()  # somebody else on this machine: not our worker
    finally:
        listener.close()


class _Unconnected:
    """The socket of a worker that never connected: every use fails at once."""

    def _gone(self, *args, **kwargs):
        raise TimeoutError("the worker never connected")

    sendall = recv_into = settimeout = _gone

    def close(self):
        pass


def stop(process, plan_, uid, grace_s=0.0):
    """Kill ``process`` with its session (and, with a user id, every process of
    that user and what it left); return its exit status, or None.

    A process that is ending by itself is given ``grace_s`` seconds first, so
    that its own exit status (a signal, ``sys.exit``) is the one returned.
    """
    if process is not None and grace_s > 0:
        try:
            process.wait(timeout=grace_s)
        except subprocess.TimeoutExpired:
            pass
    if process is not None:
        try:
            if plan_.mode == "portable":
                process.kill()  # no sessions where it runs: the worker alone
            else:
                os.killpg(process.pid, 9)
        except (ProcessLookupError, PermissionError, OSError):
            pass
    if uid is not None:
        from . import privileges

        # a bwrap worker's namespaces vanish with it; the fallback's leftovers do not
        fallback = plan_.mode == "uid"
        privileges.clean_up_after(uid, ipc=fallback,
                                  files=fallback and not plan_.private_mounts)
    if process is None:
        return None
    try:
        code = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        return None
    if plan_.mode == "bwrap" and code is not None and code > 128:
        return 128 - code  # bwrap exits 128 + N when its child died of signal N
    return code
