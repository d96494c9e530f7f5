"""Replaces builtins.isinstance and builtins.type in the worker to confuse its encoder.

softmax returns an ndarray subclass with garbage values whose __eq__ lies;
the patched builtins make it look like a plain ndarray to the worker.  Only
plain data may come out, and the grader must validate it.  ep03's control
may suffer from the broken builtins too (the attack breaks the worker).
"""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: at-most

import builtins

import numpy as np


class _Liar(np.ndarray):
    def __eq__(self, other):
        return np.ones(np.shape(self), dtype=bool).view(np.ndarray)

    __ne__ = __eq__


# adversarial: include reference


def softmax(z):
    z = _as_float_array(z)
    return np.zeros_like(z).view(_Liar)


_real_isinstance = builtins.isinstance
_real_type = builtins.type


def _isinstance(obj, classes):
    if _real_type(obj) is _Liar and classes is np.ndarray:
        return True
    return _real_isinstance(obj, classes)


def _type(*args):
    if len(args) == 1 and _real_type(args[0]) is _Liar:
        return np.ndarray
    return _real_type(*args)


builtins.isinstance = _isinstance
builtins.type = _type
