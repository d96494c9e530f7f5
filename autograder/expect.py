"""Assertions of the checks, each failing with a message a student can act on.

Every helper raises :class:`autograder.checks.Failure` with the expected and
the actual value, so the report can show them side by side.  Values returned
by the submission are validated here before any arithmetic touches them: an
exact ``numpy.ndarray`` of a numeric dtype and the expected shape.
"""

import numbers

import numpy as np

from .checks import Failure
from .i18n import tr
from .sandbox.wire import Opaque

#: tolerances for comparing results computed from float64 and float32 input
TOLERANCE = {np.dtype(np.float64): (1e-7, 1e-9), np.dtype(np.float32): (2e-4, 1e-5)}


def describe(value):
    """A short description of a returned value, for messages."""
    if isinstance(value, np.ndarray):
        return tr("an array of shape {shape} and dtype {dtype}", shape=value.shape,
                  dtype=value.dtype)
    if isinstance(value, Opaque):
        return tr("a {type} object", type=value.type_name)
    if isinstance(value, (list, tuple)):
        return tr("a {type} of {count} items", type=type(value).__name__, count=len(value))
    if isinstance(value, np.generic):
        return tr("a numpy {dtype} scalar", dtype=value.dtype)
    return tr("a {type} ({value})", type=type(value).__name__, value=repr(value)[:80])


def array(value, what, *, shape=None, kind="f", ndim=None):
    """Check that ``value`` is a numpy array; return it.

    Parameters
    ----------
    value : object
        What the student's function returned.
    what : str
        A code expression naming that value, e.g. ``"softmax(z)"``.
    shape : tuple, optional
        The exact shape expected.
    kind : str
        Allowed dtype kinds: ``"f"`` floating, ``"iu"`` integer, ``"fiu"``
        any number.
    ndim : int, optional
        The number of dimensions expected, when the shape is not fixed.
    """
    if type(value) is not np.ndarray:
        if shape is not None:
            wanted = tr("a numpy array of shape {shape}", shape=tuple(shape))
        else:
            wanted = tr("a numpy array")
        raise Failure(tr("{what} is {description}; expected {wanted}", what=what,
                         description=describe(value), wanted=wanted))
    if value.dtype.kind not in kind:
        kinds = {"f": tr("floating"), "iu": tr("integer")}.get(kind, tr("numeric"))
        raise Failure(tr("{what} has dtype {dtype}; expected a {kinds} dtype", what=what,
                         dtype=value.dtype, kinds=kinds))
    if shape is not None and value.shape != tuple(shape):
        raise Failure(tr("{what} has shape {shape}; expected shape {expected}", what=what,
                         shape=value.shape, expected=tuple(shape)),
                      expected=tuple(shape), got=value.shape)
    if ndim is not None and value.ndim != ndim:
        raise Failure(tr("{what} is a {ndim}-d array; expected {expected}-d", what=what,
                         ndim=value.ndim, expected=ndim))
    return value


def scalar(value, what):
    """Check that ``value`` is a real number (float, numpy scalar, 0-d array)."""
    wrong = Failure(tr("{what} is {description}; expected a float", what=what,
                       description=describe(value)))
    if isinstance(value, (bool, np.bool_)) or isinstance(value, Opaque):
        raise wrong
    if isinstance(value, np.ndarray):
        if value.shape != () or value.dtype.kind not in "fiu":
            raise wrong
        return float(value)
    if isinstance(value, (numbers.Real, np.floating, np.integer)):
        return float(value)
    raise wrong


def pair(value, what, names):
    """Check that ``value`` is a tuple or list of ``len(names)`` items; return it."""
    if not (isinstance(value, (tuple, list)) and len(value) == len(names)):
        raise Failure(tr("{what} is {description}; expected a tuple ({names})", what=what,
                         description=describe(value), names=", ".join(names)))
    return value


def finite(value, what):
    """Check that every entry of ``value`` is finite."""
    if not np.all(np.isfinite(value)):
        raise Failure(tr("{what} has non-finite entries (inf or nan)", what=what), got=value)


def precision(*arrays):
    """The dtype whose tolerance compares results of these arrays: float32 if one is float32.

    A value computed in float32 (because the input or the result is float32)
    is only as exact as float32; a separate check grades the dtype itself.
    """
    single = any(np.asarray(a).dtype == np.float32 for a in arrays)
    return np.dtype(np.float32) if single else np.dtype(np.float64)


def close(got, expected, what, *, dtype=np.float64, rtol=None, atol=None,
          message=None):
    """Check that ``got`` equals ``expected`` to floating-point tolerance."""
    default_rtol, default_atol = TOLERANCE.get(np.dtype(dtype), TOLERANCE[np.dtype(np.float64)])
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    got_array = np.asarray(got, dtype=np.float64)
    expected_array = np.asarray(expected, dtype=np.float64)
    if got_array.shape != expected_array.shape:
        raise Failure(message or tr("{what} has shape {shape}; expected shape {expected}",
                                    what=what, shape=got_array.shape,
                                    expected=expected_array.shape),
                      expected=expected, got=got)
    scale = max(1.0, float(np.max(np.abs(expected_array), initial=0.0)))
    ok = np.isclose(got_array, expected_array, rtol=rtol, atol=atol * scale,
                    equal_nan=False)
    if not np.all(ok):
        worst = _worst_difference(got_array, expected_array)
        raise Failure(message or tr("{what}: wrong values (largest difference {worst:.3g})",
                                    what=what, worst=worst),
                      expected=expected, got=got)


def _worst_difference(got, expected):
    with np.errstate(invalid="ignore"):
        difference = np.abs(got - expected)
    if not np.all(np.isfinite(difference)):
        return float("inf")
    return float(np.max(difference, initial=0.0))


def that(condition, message, *, expected=None, got=None):
    """Check a plain condition."""
    if not condition:
        raise Failure(message, expected=expected, got=got)


def versus(left, right):
    """``"left compared with right"``, for messages about two results."""
    return tr("{left} compared with {right}", left=left, right=right)

