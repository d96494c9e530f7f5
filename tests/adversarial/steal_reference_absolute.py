"""Reads the reference from guessed absolute paths (the kit's deployment folder, Gradescope's /autograder/source/..., a few globs) and answers with it.

All stubs otherwise.  A sandbox with its own view of the file system (or a
user that cannot read the kit) makes every guess miss.
"""

# honest: none
# questions: ep01, ep07
# mode: api
# expect: equal

import glob
import importlib.util
import os

import numpy as np


# adversarial: include steal-reference


# adversarial: include stubs


# adversarial: include kit


def _absolute_candidates():
    yield os.path.join(KIT, "solution", "softmax.py")
    yield "/autograder/source/solution/softmax.py"
    yield "/autograder/solution/softmax.py"
    yield "/autograder/source/autograder/solution/softmax.py"
    for pattern in ("/work/*/solution/softmax.py", "/srv/*/solution/softmax.py",
                    "/home/*/*/solution/softmax.py", "/root/*/solution/softmax.py",
                    "/opt/*/solution/softmax.py"):
        yield from sorted(glob.glob(pattern))


STOLEN_FROM = _steal(_absolute_candidates())
