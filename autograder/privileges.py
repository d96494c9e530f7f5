"""Least privilege for worker processes, where the machine allows it.

When the grader runs as root (as on Gradescope, or in CI), every worker
runs under a user id of its own that owns nothing and that no other worker
ever had (``WORKER_UID_BASE`` plus a block of ids per grading process, one
id per worker).  That user can read only what every user may read, and the
grader makes sure the kit itself is not among it (its folder, with the
reference solution and the checks, becomes ``0700``).  Where the kernel
allows it (root with ``CAP_SYS_ADMIN``), the worker also gets a mount
namespace of its own, with empty private ``/tmp``, ``/var/tmp`` and
``/dev/shm`` and no data sets, so nothing it writes outlives its question
or reaches another one.  When a question ends, every process of that user
is killed, including any it tried to leave behind.

When the grader runs as an ordinary user (a student's laptop), the same code
path runs without the switch, and the report says so.
"""

import ctypes
import functools
import itertools
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .i18n import N_, tr

WORKER_UID_BASE = 200_000
UIDS_PER_GRADER = 64
MAX_PROCESSES = 64
KIT_ROOT = Path(__file__).resolve().parent.parent

#: world-writable folders a worker gets empty and private (with private mounts)
SHARED_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock")
#: folders a worker does not see at all (the data set: nothing to learn from)
HIDDEN = ("/usr/share/datasets",)

CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_NOSUID, MS_NODEV = 1, 2, 4
MS_REC, MS_PRIVATE = 1 << 14, 1 << 18
# loaded here, in the grader: a forked child should not have to load a library
_LIBC = ctypes.CDLL(None, use_errno=True)


@dataclass(frozen=True)
class Plan:
    """How workers run.

    Attributes
    ----------
    uid : int or None
        The first of this grading process's worker user ids, or None for no
        user switch.  Each worker gets the next one (:func:`worker_uid`).
    reason : str
        Why there is no switch (an English message template), or "".
    detail : str
        A value for the template's ``{detail}``.
    private_mounts : bool
        Whether workers get a mount namespace of their own: empty private
        ``/tmp``, ``/var/tmp``, ``/dev/shm`` and no data sets.
    """

    uid: object
    reason: str = ""
    detail: str = ""
    private_mounts: bool = False

    @property
    def switches_user(self):
        return self.uid is not None

    @property
    def note(self):
        """One line for the report: what isolation was in force, and why."""
        if self.switches_user and self.private_mounts:
            return tr("isolation: worker process as a fresh unprivileged user per question, "
                      "with private temporary folders")
        if self.switches_user:
            return tr("isolation: worker process as a fresh unprivileged user per question")
        return tr("isolation: worker process, same user ({reason})",
                  reason=tr(self.reason, detail=self.detail))


def interpreter():
    """The Python that runs workers, by a path outside the kit.

    ``settings.worker_python`` finds the numpy-only worker environment (so
    that no other library can be imported even by a submission that removes
    the import hook); else this interpreter's environment, resolved (``.venv``
    is a link inside the kit, which the worker's user cannot enter).
    """
    found = settings.worker_python(KIT_ROOT)
    if found:
        return found
    if sys.prefix != sys.base_prefix:
        candidate = Path(sys.prefix).resolve() / "bin" / "python"
        if candidate.exists():
            return str(candidate)
    return str(Path(sys.executable).resolve())


@functools.cache
def plan():
    """Decide once per grading process how workers run."""
    if settings.flag("SOFTMAX_KIT_NO_USER_SWITCH"):
        return Plan(None, N_("user switch turned off"))
    if os.geteuid() != 0:
        return Plan(None, N_("the grader is not root, so no user switch"))
    uid = WORKER_UID_BASE + os.getpid() * UIDS_PER_GRADER
    if not _probe(uid, private_mounts=True)[0]:
        return Plan(uid, private_mounts=True)
    reason, detail = _probe(uid, private_mounts=False)
    if reason:
        return Plan(None, reason, detail)
    return Plan(uid)


_counter = itertools.count()


def worker_uid(plan_):
    """A user id no earlier worker of this grading process has had."""
    return plan_.uid + next(_counter) % UIDS_PER_GRADER


def work_root(plan_):
    """Where the private folders of workers are made.

    With private mounts, ``/tmp`` is replaced inside the worker, so its
    folder must lie elsewhere: ``SOFTMAX_KIT_WORKDIR`` or
    ``/var/lib/softmax-kit/workers`` (only traversable by others).
    """
    if not plan_.private_mounts:
        return None
    root = Path(settings.get("SOFTMAX_KIT_WORKDIR", "/var/lib/softmax-kit/workers"))
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o711)
    return str(root)


def _probe(uid, private_mounts):
    """Why user ``uid`` cannot run the worker's interpreter: (template, detail)."""
    try:
        done = subprocess.run([interpreter(), "-I", "-c", "import numpy"],
                              preexec_fn=enter_sandbox(uid, private_mounts), cwd="/",
                              capture_output=True, timeout=60,
                              env={"PATH": os.environ.get("PATH", "")})
    except (OSError, subprocess.SubprocessError) as error:
        return N_("an unprivileged user cannot start Python: {detail}"), str(error)
    if done.returncode != 0:
        return N_("an unprivileged user cannot run this Python environment; install it "
                  "where every user can read it (see README)"), ""
    return "", ""


def enter_sandbox(uid, private_mounts):
    """A ``preexec_fn``: private mounts (if asked), then become ``uid``."""
    def apply():
        if private_mounts:
            _private_mounts()
        switch_to(uid)()
    return apply


def _private_mounts():
    """In the child: a mount namespace with fresh temporary folders, no data sets."""
    if _LIBC.unshare(CLONE_NEWNS) != 0:
        raise OSError(ctypes.get_errno(), "unshare(CLONE_NEWNS) failed")
    if _LIBC.mount(None, b"/", None, MS_REC | MS_PRIVATE, None) != 0:
        raise OSError(ctypes.get_errno(), "making / private failed")
    for folder in SHARED_WRITABLE:
        if os.path.isdir(folder):
            _mount_tmpfs(folder, MS_NOSUID | MS_NODEV, b"size=64m,mode=1777")
    for folder in HIDDEN:
        if os.path.isdir(folder):
            _mount_tmpfs(folder, MS_RDONLY | MS_NOSUID | MS_NODEV, b"size=4k,mode=755")


def _mount_tmpfs(folder, flags, options):
    if _LIBC.mount(b"tmpfs", os.fsencode(folder), b"tmpfs", flags, options) != 0:
        raise OSError(ctypes.get_errno(), f"mounting a tmpfs on {folder} failed")


def switch_to(uid):
    """A ``preexec_fn`` that drops every group and becomes ``uid``."""
    def apply():
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    return apply


def protect(paths):
    """Make ``paths`` (folders) unreachable for other users: mode 0700."""
    for path in paths:
        try:
            os.chmod(path, 0o700)
        except OSError:
            pass


def hand_over(path, uid):
    """Give the worker's private folder to ``uid`` (mode 0700)."""
    for root, dirs, files in os.walk(path):
        for name in dirs + files:
            os.chown(os.path.join(root, name), uid, uid)
    os.chown(path, uid, uid)
    os.chmod(path, 0o700)


def kill_everything_of(uid):
    """Kill every process of user ``uid`` (a helper becomes ``uid`` and kills -1)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        try:
            os.setgroups([])
            os.setgid(uid)
            os.setuid(uid)
            for _ in range(3):  # a process forking meanwhile is caught next round
                os.kill(-1, signal.SIGKILL)
        except OSError:
            pass
        os._exit(0)
    os.waitpid(pid, 0)
