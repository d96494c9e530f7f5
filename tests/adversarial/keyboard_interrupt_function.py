"""softmax raises KeyboardInterrupt; the worker also ignores SIGINT itself.

A KeyboardInterrupt from student code must be an error of that call, never
an interrupt of the grader.
"""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal

import signal

import numpy as np


# adversarial: include reference


def softmax(z):
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt("adversarial")
