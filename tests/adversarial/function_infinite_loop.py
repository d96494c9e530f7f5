"""softmax never returns (a busy loop, bounded to 30 s): ep01 times out, ep03 keeps its points."""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal
# budget: ep01=2

import time

import numpy as np


# adversarial: include reference


def softmax(z):
    started = time.monotonic()
    while time.monotonic() - started < 30.0:
        pass
    return np.zeros(1)
