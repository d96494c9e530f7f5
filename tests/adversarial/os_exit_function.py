"""softmax calls os._exit(0) (no cleanup, status 0): the worker dies, ep01 scores 0."""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal

import os

import numpy as np


# adversarial: include reference


def softmax(z):
    os._exit(0)
