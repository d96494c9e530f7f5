"""Stubs; functions return objects with __array__, __array_interface__ (pointing at a small buffer but
claiming a huge shape) and __len__/__getitem__ that answer anything, plus a self-containing list.
honest: 0
attack: array protocols that could make the grader build arrays it did not ask for
questions: ep01,ep03,ep05
"""

import numpy as np


class _Iface:
    def __init__(self):
        self._keep = np.zeros(4)
        self.__array_interface__ = {"shape": (1 << 30, 1 << 20), "typestr": "<f8",
                                    "data": (self._keep.ctypes.data, False), "version": 3}


def softmax(z):
    return _Iface()


# corpus: include stubs log_softmax


class _Anything:
    def __array__(self, dtype=None, copy=None):
        return np.zeros(1 << 28)

    def __len__(self):
        return 1 << 62

    def __getitem__(self, i):
        return self


def predict(W, b, X):
    return _Anything()


# corpus: include stubs cross_entropy


def cross_entropy_grad(logits, y):
    loop = []
    loop.append(loop)
    nested = []
    for _ in range(100000):
        nested = [nested]
    return [loop, nested]


# corpus: include stubs one_hot..train
