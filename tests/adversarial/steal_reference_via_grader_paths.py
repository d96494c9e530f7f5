"""Finds the kit from what the worker can see of the grader, then loads solution/softmax.py from it.

Clues: the worker script's own path (sys.argv[0], __main__.__file__,
wire.__file__), the grading process's working directory and command line
(/proc/<ppid>/cwd, /proc/<ppid>/cmdline).  From each, it searches upward for
solution/softmax.py.  All stubs otherwise.
"""

# honest: none
# questions: ep01, ep07
# mode: api
# expect: equal

import importlib.util
import os
import sys

import numpy as np


# adversarial: include steal-reference


# adversarial: include stubs


def _clues():
    main = sys.modules.get("__main__")
    wire = sys.modules.get("wire")
    yield sys.argv[0] if sys.argv else ""
    yield getattr(main, "__file__", "") or ""
    yield getattr(wire, "__file__", "") or ""
    parent = os.getppid()
    try:
        yield os.readlink(f"/proc/{parent}/cwd")
    except OSError:
        pass
    try:
        with open(f"/proc/{parent}/cmdline", "rb") as f:
            for arg in f.read().split(b"\0"):
                text = arg.decode("utf-8", "replace")
                if text.startswith("/") or os.path.exists(text):
                    yield text
    except OSError:
        pass


def _grader_candidates():
    for clue in _clues():
        directory = os.path.abspath(clue) if clue else ""
        while directory and directory != "/":
            yield os.path.join(directory, "solution", "softmax.py")
            directory = os.path.dirname(directory)


STOLEN_FROM = _steal(_grader_candidates())
