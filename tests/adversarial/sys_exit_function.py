"""softmax calls sys.exit(0): SystemExit costs ep01 only."""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal

import sys

import numpy as np


# adversarial: include reference


def softmax(z):
    sys.exit(0)
