"""softmax starts 20 child processes that sleep 8 s (no new session): the worker's group kill must take them.

A bounded stand-in for a fork bomb.  The children carry the test's token
in their command line so the test can look for survivors.  Starting 20
interpreters takes seconds on a busy machine: the questions get 20 s.
"""

# honest: ep01, ep03
# questions: ep01, ep03
# mode: api
# expect: equal
# budget: ep01=20, ep03=20
# checks: no-survivors

import os
import subprocess
import sys

import numpy as np


# adversarial: include kit


# adversarial: include sandbox-guard


_CHILDREN = []


# adversarial: include reference


def softmax(z):
    if _under_test() and not _CHILDREN:
        for _ in range(20):
            _CHILDREN.append(subprocess.Popen(
                [sys.executable, "-c", "import time; time.sleep(8)",
                 f"adv-marker-{ADV_TOKEN}"],
                stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL))
    z = _as_float_array(z)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)
