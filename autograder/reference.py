"""The reference solution, loaded once into the grading process.

It lives in ``solution/softmax.py`` in the kit and beside the grader in a
deployed autograder; ``SOFTMAX_KIT_REFERENCE`` names another file.  It is
trusted code: only the grader imports it, never a worker.
"""

import importlib.util
from functools import cache
from pathlib import Path

from . import settings

CANDIDATES = (
    Path(__file__).resolve().parent.parent / "solution" / "softmax.py",
    Path(__file__).resolve().parent / "solution" / "softmax.py",
)


def reference_path():
    """Path of the reference ``softmax.py``."""
    override = settings.get("SOFTMAX_KIT_REFERENCE")
    if override:
        return Path(override)
    for candidate in CANDIDATES:
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("the reference solution is missing "
                            "(solution/softmax.py, or set SOFTMAX_KIT_REFERENCE)")


@cache
def reference():
    """The reference module, imported once under the name ``reference_softmax``."""
    spec = importlib.util.spec_from_file_location("reference_softmax", reference_path())
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
