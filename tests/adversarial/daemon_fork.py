"""From predict (ep03, the last question graded), double-forks a daemon in a new session (os.setsid) that outlives the worker and rewrites the report after the grader wrote it.

The daemon names itself "adv<token>" (prctl) so the test can find it; it
waits for the grading process to exit (at most 9 s), writes a forged
results.json to the --results path and cwd it read from /proc/<ppid> (only
inside the test's guarded directories), and exits.  A group kill of the
worker does not reach a process in another session.
"""

# honest: ep01, ep03
# questions: ep01, ep03
# mode: cli
# expect: equal
# checks: no-survivors, report-unchanged

import ctypes
import json
import os
import sys
import time

import numpy as np


# adversarial: include kit


# adversarial: include sandbox-guard


# adversarial: include grader-process

# adversarial: include fake-report


def _forge_later(grader, results, cwd):
    """Wait (at most 9 s) for the grading process to end, then forge its report."""
    deadline = time.monotonic() + 9.0
    while time.monotonic() < deadline and os.path.exists(f"/proc/{grader}"):
        time.sleep(0.05)
    if results:
        _write_fake(os.path.abspath(os.path.join(cwd or "/", results)), overwrite=True)
    if cwd:
        _write_fake(os.path.join(cwd, "results.json"), overwrite=True)
    _write_fake(os.path.join(ADV_SANDBOX, "results.json"), overwrite=True)
    _write_fake(os.path.join(KIT, "results.json"), overwrite=False)
    _write_fake("/autograder/results/results.json", overwrite=False)

_SPAWNED = []


def _name_myself(name):
    try:
        ctypes.CDLL(None).prctl(15, name.encode()[:15], 0, 0, 0)  # PR_SET_NAME
    except Exception:
        pass


def _spawn_daemon():
    if _SPAWNED or not _under_test():
        return
    _SPAWNED.append(True)
    grader = os.getppid()
    argv = _grader_argv(grader)
    results, cwd = _results_path(argv), _grader_cwd(grader)
    child = os.fork()
    if child:
        os.waitpid(child, 0)
        return
    try:
        os.setsid()
        if os.fork():
            os._exit(0)
        _name_myself("adv" + ADV_TOKEN)
        os.closerange(3, 1024)
        _forge_later(grader, results, cwd)
    finally:
        os._exit(0)


# adversarial: include reference


def predict(W, b, X):
    _spawn_daemon()
    return np.argmax(X @ W + b, axis=1)
