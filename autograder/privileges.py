"""Least privilege for worker processes, where the machine allows it.

When the grader runs as root (as on Gradescope, or in CI), every worker
runs under a user id of its own that owns nothing: ``WORKER_UID_BASE`` plus
the grader's process id, so that concurrent graders never share one.  That
user can read only what every user may read, and the grader makes sure the
kit itself is not among it (its folder, with the reference solution and the
checks, becomes ``0700``); it can write only its private temporary folder
(and the world-writable temporary folders, which the grader never reads).
When a question ends, every process of that user is killed, including any it
tried to leave behind.

When the grader runs as an ordinary user (a student's laptop), the same code
path runs without the switch, and the report says so.
"""

import functools
import os
import signal
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .i18n import N_, tr

WORKER_UID_BASE = 200_000
MAX_PROCESSES = 64


@dataclass(frozen=True)
class Plan:
    """How workers run.

    Attributes
    ----------
    uid : int or None
        The user id workers switch to, or None for no switch.
    reason : str
        Why there is no switch (an English message template), or "".
    detail : str
        A value for the template's ``{detail}``.
    """

    uid: object
    reason: str = ""
    detail: str = ""

    @property
    def switches_user(self):
        return self.uid is not None

    @property
    def note(self):
        """One line for the report: what isolation was in force, and why."""
        if self.switches_user:
            return tr("isolation: worker process as unprivileged user {uid}", uid=self.uid)
        return tr("isolation: worker process, same user ({reason})",
                  reason=tr(self.reason, detail=self.detail))


def interpreter():
    """The Python that runs workers: this one, by a path outside the kit.

    In a virtual environment this is ``<venv>/bin/python`` with the venv
    folder resolved (``.venv`` may be a link inside the kit, which the worker's
    user cannot enter), so that the worker still finds the venv's packages.
    """
    if sys.prefix != sys.base_prefix:
        candidate = Path(sys.prefix).resolve() / "bin" / "python"
        if candidate.exists():
            return str(candidate)
    return str(Path(sys.executable).resolve())


@functools.lru_cache(maxsize=None)
def plan():
    """Decide once per grading process how workers run."""
    if os.environ.get("SOFTMAX_KIT_NO_USER_SWITCH"):
        return Plan(None, N_("user switch turned off"))
    if os.geteuid() != 0:
        return Plan(None, N_("the grader is not root, so no user switch"))
    uid = WORKER_UID_BASE + os.getpid()
    reason, detail = _probe(uid)
    if reason:
        return Plan(None, reason, detail)
    return Plan(uid)


def _probe(uid):
    """Why user ``uid`` cannot run the worker's interpreter: (template, detail)."""
    try:
        done = subprocess.run([interpreter(), "-I", "-c", "import numpy"],
                              preexec_fn=switch_to(uid), cwd="/", capture_output=True,
                              timeout=60, env={"PATH": os.environ.get("PATH", "")})
    except (OSError, subprocess.SubprocessError) as error:
        return N_("an unprivileged user cannot start Python: {detail}"), str(error)
    if done.returncode != 0:
        return N_("an unprivileged user cannot run this Python environment; install it "
                  "where every user can read it (see README)"), ""
    return "", ""


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
