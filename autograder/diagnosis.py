"""Name the probable mistake behind a wrong value, from expected, actual and the inputs.

Each misconception is recognised by reproducing it: a sum instead of a mean
gives exactly ``n`` times the mean, a flipped sign exactly the negative, an
extra ``reg * W`` exactly that much more, and so on.  :func:`diagnose` is
shared by the grader's feedback and ``assignment/gradcheck.py``.
"""

import numpy as np

from .i18n import N_, tr

#: how close "exactly" is (relative, and absolute for entries near 0)
RTOL, ATOL = 1e-5, 1e-8


def _array(value):
    try:
        out = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        return None
    return out if out.size and np.all(np.isfinite(out)) else None


def _same(a, b):
    """``a`` equals ``b`` to rounding (``b`` finite)."""
    if a is None or b is None or a.shape != b.shape or not np.all(np.isfinite(b)):
        return False
    atol = ATOL * max(1.0, float(np.max(np.abs(b), initial=0.0)))
    return bool(np.allclose(a, b, rtol=RTOL, atol=atol))


def _arrays(inputs):
    """``{name: array}`` of the numeric inputs, tuples of arrays flattened."""
    found = {}
    for name, value in (inputs or {}).items():
        items = value if isinstance(value, (tuple, list)) and len(value) <= 8 else [value]
        for index, item in enumerate(items):
            if isinstance(item, (np.ndarray, float, int, np.number)) and not isinstance(item, bool):
                found[name if len(items) == 1 else f"{name}[{index}]"] = np.asarray(item)
    return found


def _row_counts(inputs):
    """Candidate batch sizes ``n``: the first dimension of the inputs, largest first."""
    sizes = {a.shape[0] for a in _arrays(inputs).values() if a.ndim >= 1 and a.shape[0] > 1}
    return sorted(sizes, reverse=True)


def _simple(ratio):
    """``ratio`` is p / q with small whole p and q (up to 4)."""
    return any(abs(ratio * q - round(ratio * q)) < 1e-6 * q and round(ratio * q) != 0
               for q in (1, 2, 3, 4)) and abs(ratio) <= 4


def _softmax(z, axis):
    e = np.exp(z - z.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _global_max_softmax(z):
    with np.errstate(all="ignore"):
        e = np.exp(z - z.max())
        return e / e.sum(axis=-1, keepdims=True)


def diagnose(expected, got, inputs=None):
    """The probable mistake that turns ``expected`` into ``got``, in words, or ``None``.

    Parameters
    ----------
    expected, got : float or array
        The right value and the submission's.
    inputs : dict, optional
        The inputs of the call by name (``z``, ``W``, ``reg``, ``X``, a tuple
        ``problem = (W, b, X, y)``...): they reveal ``n`` (sum vs mean), the
        penalty term ``reg * W`` and per-row vs global maxima.

    Returns
    -------
    str or None
        A sentence in the student's language.
    """
    try:
        with np.errstate(all="ignore"):
            found = _diagnose(expected, got, inputs or {})
    except (TypeError, ValueError, FloatingPointError, IndexError):
        return None
    if found is None:
        return None
    template, values = found
    return tr(template, **values)


def _diagnose(expected, got, inputs):
    arrays = _arrays(inputs)
    raw_got = np.asarray(got) if isinstance(got, (np.ndarray, float, int, np.number)) else None
    e, g = _array(expected), _array(got)
    z = arrays.get("z")
    if raw_got is not None and z is not None and z.ndim == 2 and e is not None \
            and raw_got.shape == e.shape:
        with np.errstate(all="ignore"):
            wrong = _global_max_softmax(z)
            logs = np.log(wrong)
        for candidate in (wrong, logs):
            if np.array_equal(np.isnan(candidate), np.isnan(raw_got)) and \
                    np.any(~np.isfinite(candidate)) and np.allclose(
                        np.nan_to_num(candidate), np.nan_to_num(raw_got.astype(float))):
                return N_("a single maximum of the whole array was subtracted instead of "
                          "each row's own maximum: rows far below it underflow to 0"), {}
    if e is None or g is None:
        return None
    if e.ndim == 2 and g.shape == e.shape[::-1] and e.shape[0] != e.shape[1] and _same(g.T, e):
        return N_("your result is the transpose of the expected one (rows and columns "
                  "swapped)"), {}
    if z is not None and z.ndim == 2 and z.shape == e.shape and z.shape[0] > 1:
        for log in (False, True):
            if _same(g, np.log(_softmax(z, 0)) if log else _softmax(z, 0)) and not _same(g, e):
                return N_("normalised over the wrong axis: each column sums to 1 instead of "
                          "each row (use axis=-1)"), {}
    reg = arrays.get("reg")
    weights = [a for name, a in arrays.items() if name in ("W", "problem[0]")]
    if reg is not None and weights and reg.ndim == 0 and float(reg) != 0.0:
        W, r = weights[0], float(reg)
        if W.shape == e.shape:
            for factor, template in ((1.0, N_("an extra reg * W in the gradient (the "
                                              "penalty's gradient counted twice, or 2 * reg * W)")),
                                     (-1.0, N_("the penalty's gradient reg * W is missing")),
                                     (-0.5, N_("half of the penalty's gradient: reg * W, "
                                               "not 0.5 * reg * W"))):
                if _same(g - e, factor * r * W):
                    return template, {}
        if e.ndim == 0:
            penalty = 0.5 * r * float(np.sum(W ** 2))
            for factor, template in ((1.0, N_("an extra 0.5 * reg * sum(W**2) in the loss: "
                                              "the penalty is added twice or without the 1/2")),
                                     (-1.0, N_("the penalty 0.5 * reg * sum(W**2) is missing "
                                               "from the loss"))):
                if penalty > 1e-9 and _same(g - e, np.asarray(factor * penalty)):
                    return template, {}
    if e.dtype.kind == "f" and g.shape == e.shape and np.all(e == np.round(e)) \
            and np.all(g == np.round(g)):
        for shift in (1, -1):
            if e.ndim >= 1 and e.ndim <= 2 and np.array_equal(g, np.roll(e, shift, axis=-1)) \
                    and e.ndim == 2:
                return N_("every row's 1 is one column off: class k is column k, counting "
                          "from 0"), {}
            if e.ndim == 1 and np.array_equal(g, e + shift):
                return N_("off by one class: class indices count from 0"), {}
    scale = float(np.max(np.abs(e)))
    if scale < 1e-12 or g.shape != e.shape:
        return None
    if _same(g, -e):
        return N_("your result is exactly the negative of the expected one: a sign is "
                  "flipped"), {}
    for n in _row_counts(inputs):
        if _same(g, n * e):
            return N_("your result is exactly n = {n} times too large: a sum, not a mean "
                      "(divide by the number of rows)"), {"n": n}
        if _same(g, e / n):
            return N_("your result is exactly n = {n} times too small: divided by n once "
                      "too often"), {"n": n}
    ratio = float(np.sum(g * e) / np.sum(e * e))
    # any two numbers differ by "a factor": a factor means something only
    # across several entries, or when it is a simple fraction (2, 1/2, 3/4)
    several = np.count_nonzero(np.abs(e) > ATOL) >= 2
    if abs(ratio - 1.0) > 1e-3 and abs(ratio) > 1e-6 and _same(g, ratio * e) \
            and (several or _simple(ratio)):
        return N_("your result is the expected one times a constant factor {factor:.4g}: "
                  "look for a missing or extra constant"), {"factor": ratio}
    return None
