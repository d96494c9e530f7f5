"""Removes the worker's import hook from sys.meta_path, then imports scipy by a computed name and answers softmax and log_softmax with scipy.special.

A file that imports anything but numpy and the standard library is not
graded (0 points): the static screening refuses a literal `import scipy`,
and the worker's import hook refuses a computed one, but the hook lives in
the student's own interpreter and can be taken out.  (Static screening only
flags importlib for the instructor.)  All stubs otherwise.
"""

# honest: none
# questions: ep01, ep02
# mode: api
# expect: equal

import importlib
import sys

import numpy as np


def _special():
    sys.meta_path[:] = [f for f in sys.meta_path
                        if "NumpyAndTheStandardLibrary" not in type(f).__name__]
    return importlib.import_module("sci" + "py.special")


# adversarial: include stubs


def softmax(z):
    return _special().softmax(np.asarray(z, dtype=float), axis=-1)


def log_softmax(z):
    return _special().log_softmax(np.asarray(z, dtype=float), axis=-1)
