"""Looks for the reference next to itself: ../solution/softmax.py and friends, searching upward from __file__, the working directory and HOME.

All stubs otherwise.  The worker grades a private copy in a fresh temporary
directory, so there should be nothing to find.
"""

# honest: none
# questions: ep01, ep07
# mode: api
# expect: equal

import importlib.util
import os

import numpy as np


# adversarial: include steal-reference


# adversarial: include stubs


def _relative_candidates():
    starts = [os.path.dirname(os.path.abspath(__file__)), os.getcwd(),
              os.environ.get("HOME", "")]
    names = ("solution/softmax.py", "../solution/softmax.py", "reference/softmax.py",
             "autograder/solution/softmax.py", "source/solution/softmax.py",
             "solutions/softmax.py", "softmax_solution.py", "reference_softmax.py")
    for start in starts:
        directory = start
        while directory:
            for name in names:
                yield os.path.normpath(os.path.join(directory, name))
            parent = os.path.dirname(directory)
            if parent == directory:
                break
            directory = parent


STOLEN_FROM = _steal(_relative_candidates())
