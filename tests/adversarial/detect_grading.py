"""Detects that it is being graded (worker temp dir, HOME, parent command line) and misbehaves only then.

This cannot be beaten in general (the grader has to look like something);
the grader only has to survive it.  When graded, predict returns garbage and
the file prints a taunt; softmax stays correct.
"""

# honest: ep01
# questions: ep01, ep03
# mode: api
# expect: at-most

import os
import sys
import tempfile

import numpy as np


# adversarial: include reference


def _being_graded():
    hints = [
        "softmax-worker" in os.path.abspath(__file__),
        "softmax-worker" in os.environ.get("HOME", ""),
        os.path.basename(sys.argv[0]) == "worker.py",
        tempfile.gettempdir().startswith("/tmp/softmax-worker"),
    ]
    try:
        with open(f"/proc/{os.getppid()}/cmdline", "rb") as f:
            parent = f.read()
        hints.append(b"python" in parent or b"pytest" in parent)
    except OSError:
        pass
    return sum(hints) >= 2


if _being_graded():
    print("adversarial: I know I am being graded")

    def predict(W, b, X):  # noqa: F811
        return np.full(len(X) + 1, -1.0)
