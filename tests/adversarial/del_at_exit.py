"""Objects whose __del__ raises or loops, and an atexit handler that loops, at interpreter exit.

Each worker's exit hangs (bounded to 30 s); the grader must not wait for it.
The functions themselves are the reference's.
"""

# honest: ep01, ep03
# questions: ep01, ep03
# mode: api
# expect: equal

import atexit
import time

import numpy as np


# adversarial: include reference


def _spin(seconds=30.0):
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        pass


class _Raises:
    def __del__(self):
        raise RuntimeError("adversarial __del__")


class _Loops:
    def __del__(self):
        _spin()


_KEEP = [_Raises(), _Loops()]
atexit.register(_spin)
