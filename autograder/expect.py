"""Assertions of the checks, each failing with a message a student can act on.

Every helper raises :class:`autograder.checks.Failure` with the expected and
the actual value, so the report can show them side by side.  Values returned
by the submission are validated here before any arithmetic touches them: an
exact ``numpy.ndarray`` of a numeric dtype and the expected shape.
"""

import numbers

import numpy as np

from .checks import Failure
from .sandbox.wire import Opaque

#: tolerances for comparing results computed from float64 and float32 input
TOLERANCE = {np.dtype(np.float64): (1e-7, 1e-9), np.dtype(np.float32): (2e-4, 1e-5)}


def describe(value):
    """A short description of a returned value, for messages."""
    if isinstance(value, np.ndarray):
        return f"an array of shape {value.shape} and dtype {value.dtype}"
    if isinstance(value, Opaque):
        return f"a {value.type_name} object"
    if isinstance(value, (list, tuple)):
        return f"a {type(value).__name__} of {len(value)} items"
    if isinstance(value, np.generic):
        return f"a numpy {value.dtype} scalar"
    return f"a {type(value).__name__} ({value!r})"[:120]


def array(value, function, *, shape=None, kind="f", ndim=None):
    """Check that ``value`` is a numpy array; return it.

    Parameters
    ----------
    value : object
        What the student's function returned.
    function : str
        The name of that function, for the message.
    shape : tuple, optional
        The exact shape expected.
    kind : str
        Allowed dtype kinds: ``"f"`` floating, ``"i"`` integer (``"iu"``
        signed or unsigned), ``"fiu"`` any number.
    ndim : int, optional
        The number of dimensions expected, when the shape is not fixed.
    """
    wanted = f"a numpy array of shape {shape}" if shape is not None else "a numpy array"
    if type(value) is not np.ndarray:
        raise Failure(f"{function}() returned {describe(value)}; expected {wanted}")
    if value.dtype.kind not in kind:
        kinds = {"f": "floating", "iu": "integer", "i": "integer"}.get(kind, "numeric")
        raise Failure(f"{function}() returned an array of dtype {value.dtype}; "
                      f"expected a {kinds} dtype")
    if shape is not None and value.shape != tuple(shape):
        raise Failure(f"{function}() returned an array of shape {value.shape}; "
                      f"expected shape {tuple(shape)}",
                      expected=f"shape {tuple(shape)}", got=f"shape {value.shape}")
    if ndim is not None and value.ndim != ndim:
        raise Failure(f"{function}() returned a {value.ndim}-d array; expected {ndim}-d")
    return value


def scalar(value, function):
    """Check that ``value`` is a real number (float, numpy scalar, 0-d array)."""
    if isinstance(value, bool) or isinstance(value, Opaque):
        raise Failure(f"{function}() returned {describe(value)}; expected a float")
    if isinstance(value, np.ndarray):
        if value.shape != () or value.dtype.kind not in "fiu":
            raise Failure(f"{function}() returned {describe(value)}; expected a float "
                          "(or a 0-d array)")
        return float(value)
    if isinstance(value, (numbers.Real, np.floating, np.integer)):
        return float(value)
    raise Failure(f"{function}() returned {describe(value)}; expected a float")


def finite(value, what):
    """Check that every entry of ``value`` is finite."""
    if not np.all(np.isfinite(value)):
        raise Failure(f"{what} has non-finite entries (inf or nan)", got=value)


def close(got, expected, what, *, dtype=np.float64, rtol=None, atol=None,
          message=None):
    """Check that ``got`` equals ``expected`` to floating-point tolerance."""
    default_rtol, default_atol = TOLERANCE.get(np.dtype(dtype), TOLERANCE[np.dtype(np.float64)])
    rtol = default_rtol if rtol is None else rtol
    atol = default_atol if atol is None else atol
    got_array = np.asarray(got, dtype=np.float64)
    expected_array = np.asarray(expected, dtype=np.float64)
    if got_array.shape != expected_array.shape:
        raise Failure(message or f"{what} has shape {got_array.shape}; "
                      f"expected {expected_array.shape}",
                      expected=expected, got=got)
    scale = max(1.0, float(np.max(np.abs(expected_array), initial=0.0)))
    ok = np.isclose(got_array, expected_array, rtol=rtol, atol=atol * scale,
                    equal_nan=False)
    if not np.all(ok):
        worst = _worst_difference(got_array, expected_array)
        raise Failure(message or f"{what}: wrong values (largest difference {worst:.3g})",
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
