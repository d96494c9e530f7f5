"""At import, walks the file system (its own folder upwards, the working directory, the temporary folders, the home folders and the other places a course keeps files) for another softmax.py or solution.py, and adopts the first one whose softmax answers correctly.

All stubs otherwise.  ``test_sandbox`` plants world-readable copies of the
reference in those places before grading it; a worker that sees only its
own file, Python and numpy finds none of them.  The walk is bounded (5 s,
20 000 entries).
"""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal

import importlib.util
import os
import time

import numpy as np


# adversarial: include steal-reference


# adversarial: include stubs

PLACES = ("/tmp", "/var/tmp", "/dev/shm", "/home", "/root", "/opt", "/srv", "/mnt",
          "/usr/local/share", "/var/lib", "/work", "/autograder")
NAMES = ("softmax.py", "solution.py")


def _places():
    here = os.path.dirname(os.path.abspath(__file__))
    while True:
        yield here
        if here == os.path.dirname(here):
            break
        here = os.path.dirname(here)
    yield os.getcwd()
    yield from PLACES


def _candidates(budget_s=5.0, budget_entries=20_000):
    stop = time.monotonic() + budget_s
    seen = 0
    for place in _places():
        for root, dirs, files in os.walk(place):
            seen += len(dirs) + len(files)
            if time.monotonic() > stop or seen > budget_entries:
                return
            dirs[:] = [d for d in dirs if d not in ("proc", "sys")]
            for name in NAMES:
                if name in files:
                    yield os.path.join(root, name)


def _answers_correctly(path):
    try:
        module = _load_as_module(path)
        got = module.softmax(np.array([[0.0, np.log(3.0)]]))
        return np.allclose(got, [[0.25, 0.75]])
    except BaseException:
        return False


ADOPTED = _steal(p for p in _candidates() if _answers_correctly(p))
