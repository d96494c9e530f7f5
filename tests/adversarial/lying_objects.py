"""Results that lie: an ndarray subclass with __eq__/__array_ufunc__ overridden, a float with a lying __eq__/__float__, an object with __float__.

The values behind the lies are garbage; only plain data may cross the
channel, so the lies may earn no more than their plain values would: the
honest partial points are what a plain array of -7.0 earns in ep01 and a
plain constant float in ep04 (measured).
"""

# honest: ep03
# partial: ep01=3, ep04=2.5
# questions: ep01, ep04, ep03
# mode: api
# expect: at-most

import numpy as np


class _AlwaysEqual(np.ndarray):
    """Compares equal to anything and answers every ufunc with 'all true'."""

    def __eq__(self, other):
        return True

    __ne__ = __eq__

    def __array_ufunc__(self, ufunc, method, *inputs, **kwargs):
        return np.ones(np.shape(inputs[0]), dtype=bool)

    def __float__(self):
        return 0.0


class _LyingFloat(float):
    def __eq__(self, other):
        return True

    __ne__ = __eq__

    def __hash__(self):
        return 0

    def __float__(self):
        return -12345.0


class _FloatLike:
    def __float__(self):
        return 1.0

    def __eq__(self, other):
        return True

    def __array__(self, dtype=None, copy=None):
        return np.array(1.0)


# adversarial: include reference


def softmax(z):
    z = _as_float_array(z)
    return np.full(z.shape, -7.0).view(_AlwaysEqual)


def cross_entropy(logits, y):
    return _LyingFloat(-999.0) if np.ndim(y) == 1 else _FloatLike()
