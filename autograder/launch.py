"""How a worker process is started, and how strongly it is kept apart.

One mode is chosen per grading process (``SOFTMAX_KIT_SANDBOX`` forces one):

``bwrap``
    as root: each worker in a bubblewrap sandbox of its own (``bubblewrap``)
    that it enters as a fresh unprivileged user id.
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

from . import atomic, bubblewrap, datacache, settings
from . import limits as limits_
from .errors import SandboxUnavailable
from .i18n import N_, tr

KIT_ROOT = Path(__file__).resolve().parent.parent
MODES = ("bwrap", "uid", "none", "portable")


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


def shared_files():
    """Files every worker may read: the training images it maps instead of receiving them."""
    return (datacache.TRAIN_IMAGES_NPY,)


def visible_path(plan_, path):
    """Where a worker of ``plan_`` sees the host file ``path``."""
    if plan_.mode == "bwrap" and str(path) in map(str, shared_files()):
        return bubblewrap.inside(path)
    return str(path)


def interpreter():
    """The Python that runs workers: numpy and nothing else, by a path outside the kit.

    ``settings.worker_python`` finds the numpy-only worker environment;
    else this interpreter's environment, resolved (``.venv`` is a link inside
    the kit), so the worker still finds the environment's packages.
    """
    found = settings.worker_python(KIT_ROOT)
    if found:
        return found
    if sys.prefix != sys.base_prefix:
        candidate = settings.venv_python(Path(sys.prefix).resolve())
        if candidate.exists():
            return str(candidate)
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
    forced = (settings.get("SOFTMAX_KIT_SANDBOX") or "").strip().lower()
    if forced not in MODES + ("", "auto"):
        raise SandboxUnavailable(tr("SOFTMAX_KIT_SANDBOX={value} is not a mode: choose from "
                                    "{choices}", value=forced, choices=", ".join(MODES)))
    missing = posix_features()
    root = hasattr(os, "geteuid") and os.geteuid() == 0
    allowed = settings.get("SOFTMAX_KIT_ALLOW_ROOT_WORKERS") == "1"
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


def _probe_key():
    """What a successful probe depends on: bwrap, the worker's Python, the kernel and its boot."""
    bwrap = os.path.realpath(shutil.which("bwrap"))
    try:
        with open("/proc/sys/kernel/random/boot_id") as boot:
            boot_id = boot.read().strip()
    except OSError:
        boot_id = ""
    return json.dumps([bwrap, os.stat(bwrap).st_mtime_ns, interpreter(), os.uname().release,
                       boot_id])


def _probe_bwrap():
    """Why a bwrap worker cannot start here: (template, detail), or ("", "").

    A success is remembered in the state folder until bwrap, the worker's
    Python or the boot changes: a grading need not start a sandbox only to
    see that sandboxes start.
    """
    if not shutil.which("bwrap"):
        return N_("bubblewrap (bwrap) is not installed"), ""
    from . import privileges

    remembered = privileges.state_folder() / "bwrap-probe.json"
    key = _probe_key()
    try:
        if remembered.read_text() == key:
            return "", ""
    except OSError:
        pass
    try:
        command = bubblewrap.command(interpreter(), privileges.next_uid(), None,
                                     ["-c", "import numpy"])
        done = subprocess.run(command, stdin=subprocess.DEVNULL, capture_output=True, check=False,
                              timeout=60, env=worker_environment(bubblewrap.INSIDE_TMP))
    except (OSError, subprocess.SubprocessError, ValueError) as error:
        return N_("bubblewrap cannot start: {detail}"), str(error)[:200]
    if done.returncode != 0:
        text = done.stderr.decode("utf-8", "replace").strip().splitlines()
        return N_("bubblewrap cannot start: {detail}"), (text[-1] if text else "")[:200]
    atomic.write_text(remembered, key)
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


# -------------------------------------------------------------- starting
def worker_environment(home):
    """The worker's environment variables: nothing of the grader's but locale."""
    keep = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "SYSTEMROOT")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(HOME=str(home), TMPDIR=str(home), TEMP=str(home), TMP=str(home),
               PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", PYTHONIOENCODING="utf-8",
               **settings.blas_one_thread())
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
            inside = bubblewrap.INSIDE_FOLDER
            command = bubblewrap.command(interpreter(), uid, folder,
                                         [f"{inside}/sandbox/worker.py", "--fd", fd,
                                          f"{inside}/softmax.py"],
                                         shared_files=shared_files())
            # bwrap itself runs as root; the worker's user is switched inside
            cwd, home = "/", bubblewrap.INSIDE_TMP
            preexec = _limited(limits, None, processes=True)
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
