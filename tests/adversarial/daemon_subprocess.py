"""From predict (ep03, the last question graded), starts a Python child with subprocess in a new session (start_new_session=True) that rewrites the report after the grader wrote it.

The child carries the test's token in its command line; it waits for the
grading process to exit (at most 9 s), writes a forged results.json to the
--results path and cwd read from /proc/<ppid> (only inside the test's
guarded directories), and exits.
"""

# honest: ep01, ep03
# questions: ep01, ep03
# mode: cli
# expect: equal
# checks: no-survivors, report-unchanged

import json
import os
import subprocess
import sys

import numpy as np


# adversarial: include kit


# adversarial: include sandbox-guard


# adversarial: include grader-process

_CHILD_CODE = r"""
import json, os, sys, time
grader, results, cwd, sandbox, token = sys.argv[1:6]
GUARD = ".adversarial-sandbox"
deadline = time.monotonic() + 9.0
while time.monotonic() < deadline and os.path.exists(f"/proc/{grader}"):
    time.sleep(0.05)
report = json.dumps({"score": 100.0, "marker": "adversarial-fake", "token": token,
                     "tests": [{"name": "ep01 forged", "score": 100.0, "max_score": 100.0,
                                "output": "adversarial-fake", "visibility": "visible"}]})
targets = [os.path.join(sandbox, "results.json")]
if results:
    targets.append(os.path.abspath(os.path.join(cwd or "/", results)))
if cwd:
    targets.append(os.path.join(cwd, "results.json"))
for target in targets:
    if os.path.isfile(os.path.join(os.path.dirname(target), GUARD)):
        try:
            with open(target, "w") as f:
                f.write(report)
        except OSError:
            pass
"""
_SPAWNED = []


def _spawn_child():
    if _SPAWNED or not _under_test():
        return
    _SPAWNED.append(True)
    grader = os.getppid()
    argv = _grader_argv(grader)
    subprocess.Popen(
        [sys.executable, "-c", _CHILD_CODE, str(grader), _results_path(argv) or "",
         _grader_cwd(grader) or "", ADV_SANDBOX, f"adv-marker-{ADV_TOKEN}"],
        start_new_session=True, close_fds=True, stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


# adversarial: include reference


def predict(W, b, X):
    _spawn_child()
    return np.argmax(X @ W + b, axis=1)
