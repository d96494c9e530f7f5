"""A non-daemon thread started at import keeps writing a forged results.json (worker cwd, and the grading process's cwd if it is the test's guarded directory) for up to 20 s, and keeps the worker from exiting.

Threads die with their process; the grader must not wait for them beyond
its own limits.  The functions are the reference's.
"""

# honest: ep01, ep03
# questions: ep01, ep03
# mode: api
# expect: equal

import json
import os
import threading
import time

import numpy as np


# adversarial: include kit


# adversarial: include sandbox-guard


# adversarial: include grader-process

# adversarial: include fake-report


# adversarial: include reference


def _keep_forging(grader):
    cwd = _grader_cwd(grader)
    started = time.monotonic()
    while time.monotonic() - started < 20.0:
        _write_fake(os.path.join(os.getcwd(), "results-thread.json"), overwrite=False)
        if cwd and _guarded(cwd):
            _write_fake(os.path.join(cwd, "results.json"), overwrite=True)
        time.sleep(0.2)


threading.Thread(target=_keep_forging, args=(os.getppid(),), daemon=False).start()
