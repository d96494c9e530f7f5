"""At import, replaces the worker's output.txt (in its own temporary folder) by a symlink to the reference solution, then exits.

When a worker dies, the grader reads the tail of output.txt, as root, to
show "last output:" in the report.  The folder belongs to the worker's user,
so the worker may unlink output.txt and put a symlink there: the grader then
copies the last 400 characters of any file it can read into the student's
report (here the reference; /proc/self/environ or /dev/zero would be worse).
All stubs otherwise, so no reference line can reach the report honestly.
"""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal
# checks: no-leak

import os
import sys

import numpy as np


# adversarial: include stubs


def _leak(target):
    """The target need not be readable by the worker: the grader reads it."""
    if os.path.basename(sys.argv[0]) != "worker.py":
        return
    try:
        os.unlink("output.txt")
        os.symlink(target, "output.txt")
    except OSError:
        return
    os._exit(3)


# adversarial: include kit


_leak(os.path.join(KIT, "solution", "softmax.py"))
