"""minibatches returns the right batches, then yields tiny batches "forever" (bounded to 30 s).

The worker's materialisation limit and the question's budget must end it.
"""

# honest: ep03
# questions: ep09, ep03
# mode: api
# expect: at-most
# budget: ep09=3
# honest-note: ep09 may time out as a whole, so no ep09 points are promised

import time

import numpy as np


# adversarial: include reference


def minibatches(n, batch_size, rng):
    perm = rng.permutation(n)
    for i in range(0, n, batch_size):
        yield perm[i:i + batch_size]
    extra = np.array([0])
    started = time.monotonic()
    while time.monotonic() - started < 30.0:
        for _ in range(10_000):
            yield extra
