"""softmax replaces the worker's output.txt by a named pipe (FIFO), then exits.

The grader opens output.txt to show the last output of a dead worker; an
open of a FIFO blocks until a writer appears, and the grader has just killed
every process of the worker's user: it would wait forever.  (The test
releases the pipe after a few seconds so that it can end.)
"""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal
# budget: ep01=3

import os
import sys

import numpy as np


# adversarial: include reference


def softmax(z):
    if os.path.basename(sys.argv[0]) == "worker.py":
        try:
            os.unlink("output.txt")
            os.mkfifo("output.txt")
        except OSError:
            pass
    os._exit(3)
