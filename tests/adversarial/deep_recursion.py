"""softmax lifts the recursion limit and recurses a million frames deep (C stack overflow)."""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal
# budget: ep01=3

import sys

import numpy as np


# adversarial: include reference


def softmax(z):
    sys.setrecursionlimit(10_000_000)

    def down(n):
        return 0 if n == 0 else 1 + down(n - 1)

    down(5_000_000)
    return np.zeros(1)
