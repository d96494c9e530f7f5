"""Stubs whose errors carry a 16 MiB message, a 5000-deep __cause__ chain and an exception whose
__str__ and __repr__ raise or never end.
honest: 0
attack: make the report huge or make the report writer crash or hang
questions: ep01,ep03,ep04
"""

import numpy as np


def softmax(z):
    raise ValueError("RT-HUGE " * (2 << 20))


# corpus: include stubs log_softmax


def predict(W, b, X):
    err = ValueError("root")
    for i in range(5000):
        try:
            raise ValueError("level %d" % i) from err
        except ValueError as e:
            err = e
    raise err


class _Evil(Exception):
    def __str__(self):
        raise RuntimeError("str refuses")

    def __repr__(self):
        while True:
            pass


def cross_entropy(logits, y):
    raise _Evil()


# corpus: include stubs cross_entropy_grad..train
