"""Unprivileged user ids for workers, and removing everything a worker left.

As root, every worker runs under a user id that owns nothing and that no
other worker on this machine had before: ids come from a machine-wide
counter (a file under a lock in ``/var/lib/softmax-kit``), so concurrent
grading processes of a batch never share one.  When a worker ends, every
process of its user is killed, and (where it had no namespaces of its own)
its System V IPC objects and the files it left in world-writable folders are
removed.  POSIX only: the portable mode of ``launch`` never calls in here.
"""

import ctypes
import fcntl
import os
import shutil
import signal
from pathlib import Path

from . import settings

#: above every id of the former per-process blocks (200 000 + 64 x pid), so
#: that a grader of an older kit on the same machine never shares one
WORKER_UID_BASE = 1_000_000_000
#: ids are no longer blocks per grading process: batch.py's clean-up of a
#: killed pool process by ``WORKER_UID_BASE + pid * UIDS_PER_GRADER`` must
#: find nothing (a sandboxed worker dies with its grading process)
UIDS_PER_GRADER = 0
#: ids are taken in order from WORKER_UID_BASE, wrapping after this many
UID_SPACE = 1 << 24
#: world-writable folders a worker without its own mounts could leave files in
SHARED_WRITABLE = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/var/lock")
#: folders a worker of the fallback does not see at all (with private mounts)
HIDDEN = ("/usr/share/datasets",)

CLONE_NEWNS = 0x00020000
MS_RDONLY, MS_NOSUID, MS_NODEV = 1, 2, 4
MS_REC, MS_PRIVATE = 1 << 14, 1 << 18
IPC_RMID = 0
# loaded here, in the grader: a forked child should not have to load a library
_LIBC = ctypes.CDLL(None, use_errno=True)


def state_folder():
    """The kit's machine-wide state (``SOFTMAX_KIT_STATE``, else /var/lib/softmax-kit)."""
    folder = Path(settings.get("SOFTMAX_KIT_STATE", "/var/lib/softmax-kit"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def next_uid():
    """A user id no worker on this machine has had (until UID_SPACE wraps)."""
    with open(state_folder() / "worker-uid-counter", "a+") as counter:
        fcntl.flock(counter, fcntl.LOCK_EX)
        counter.seek(0)
        text = counter.read().strip()
        uid = int(text) if text.isdigit() else WORKER_UID_BASE
        if not WORKER_UID_BASE <= uid < WORKER_UID_BASE + UID_SPACE:
            uid = WORKER_UID_BASE
        counter.seek(0)
        counter.truncate()
        counter.write(str(uid + 1))
        counter.flush()
    return uid


def work_root():
    """Where the private folders of fallback workers are made (traversable
    only): outside ``/tmp``, which a worker with private mounts sees empty."""
    root = Path(settings.get("SOFTMAX_KIT_WORKDIR") or state_folder() / "workers")
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o711)
    return str(root)


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


def clean_up_after(uid, *, ipc=True, files=True):
    """Remove what user ``uid`` left: its processes, then (unless its worker
    had namespaces of its own) its IPC objects and its files in shared folders."""
    kill_everything_of(uid)
    if ipc:
        remove_ipc_of(uid)
    if files:
        remove_files_of(uid)


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


#: /proc/sysvipc table -> the ``ctl`` function that removes one of its objects
_IPC_TABLES = {"shm": "shmctl", "sem": "semctl", "msg": "msgctl"}


def ipc_objects_of(uid):
    """``[(kind, id)]`` of the System V IPC objects that ``uid`` made or owns."""
    found = []
    for kind in _IPC_TABLES:
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        header = lines[0].split() if lines else []
        for line in lines[1:]:
            row = dict(zip(header, line.split()))
            if str(uid) in (row.get("uid"), row.get("cuid")):
                found.append((kind, int(row["shmid" if kind == "shm" else
                                            "semid" if kind == "sem" else "msqid"])))
    return found


def remove_ipc_of(uid):
    """Remove every System V IPC object of ``uid`` (shared memory, semaphores,
    message queues); shared memory goes once its last attachment is gone,
    and every process that could hold one has been killed."""
    for kind, ident in ipc_objects_of(uid):
        ctl = getattr(_LIBC, _IPC_TABLES[kind])
        if kind == "sem":
            ctl(ctypes.c_int(ident), ctypes.c_int(0), ctypes.c_int(IPC_RMID))
        else:
            ctl(ctypes.c_int(ident), ctypes.c_int(IPC_RMID), None)


def remove_files_of(uid, folders=SHARED_WRITABLE, limit=10_000):
    """Remove what ``uid`` owns in the world-writable ``folders`` (not below
    other users' folders, which ``uid`` could not write into)."""
    seen = 0
    for folder in folders:
        pending = [folder]
        while pending and seen < limit:
            current = pending.pop()
            try:
                entries = list(os.scandir(current))
            except OSError:
                continue
            for entry in entries:
                seen += 1
                try:
                    info = entry.stat(follow_symlinks=False)
                except OSError:
                    continue
                if info.st_uid == uid:
                    if entry.is_dir(follow_symlinks=False):
                        shutil.rmtree(entry.path, ignore_errors=True)
                    else:
                        _unlink(entry.path)
                elif entry.is_dir(follow_symlinks=False) and info.st_mode & 0o002:
                    pending.append(entry.path)


def _unlink(path):
    try:
        os.unlink(path)
    except OSError:
        pass
