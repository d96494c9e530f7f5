"""The bubblewrap sandbox of a worker: what it sees, and the command that makes it.

A worker gets new network, IPC, PID, UTS and cgroup namespaces and a
read-only file system of its own, holding only its Python (interpreter,
standard library, numpy and the shared libraries ``ldd`` says they load,
each at its own path), its folder (the submission's copy and the sandbox
code) at ``/submission``, ``/proc``, a minimal ``/dev`` and an empty private
``/tmp``.  bwrap runs as root and keeps only CAP_SETUID and CAP_SETGID, which
the worker uses to become its unprivileged user before it imports anything.
"""

import functools
import json
import os
import subprocess

from . import atomic

#: where a worker finds its folder, and its writable tmpfs
INSIDE_FOLDER = "/submission"
#: where a worker finds the files every user may read (the training images)
INSIDE_SHARED = "/data"
INSIDE_TMP = "/tmp"
TMP_BYTES = 64 << 20


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
    atomic.write_text(cache, json.dumps({"key": _fingerprint(python, layout),
                                         "layout": layout, "binds": binds, "stdlib": stdlib}))
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


def inside(path):
    """Where a worker sees the shared file ``path`` (a host path)."""
    return f"{INSIDE_SHARED}/{os.path.basename(path)}"


def command(python, uid, folder, arguments, shared_files=()):
    """The command that runs ``python`` with ``arguments`` in a new sandbox,
    as user ``uid``, with ``folder`` (if any) read-only at INSIDE_FOLDER and
    each of ``shared_files`` read-only in INSIDE_SHARED (see :func:`inside`)."""
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
    shared = [path for path in shared_files if os.path.isfile(path)]
    if shared:
        # files every user may read anyway (the training images), at a path that
        # tells nothing of the machine's folders
        command += ["--perms", "0755", "--dir", INSIDE_SHARED]
    for path in shared:
        command += ["--ro-bind", str(path), inside(path)]
    drop = "import os; os.setgroups([]); os.setgid({0}); os.setuid({0}); ".format(int(uid))
    if arguments[:1] == ["-c"]:
        return command + ["--chdir", INSIDE_TMP, "--", python, "-I", "-B", "-c",
                          drop + arguments[1]]
    return command + ["--chdir", INSIDE_TMP, "--", python, "-I", "-B"] + list(arguments) \
        + ["--uid", str(int(uid))]
