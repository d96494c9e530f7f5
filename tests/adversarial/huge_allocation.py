"""softmax tries np.empty((1 << 40,)), then grows a list towards 8 GiB (RLIMIT_AS stops it)."""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal
# budget: ep01=3

import resource

import numpy as np


# adversarial: include grab-memory


# adversarial: include reference


def softmax(z):
    _grab_memory()
    return np.zeros(1)
