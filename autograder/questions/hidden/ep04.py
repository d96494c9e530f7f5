"""Hidden checks of ep04, cross-entropy: the mean of -log p of the true class, from logits."""

import numpy as np
from hypothesis import given

from ... import expect
from ...checks import check
from ...i18n import tr
from ...isolation import StudentError
from ...strategies import logits_and_labels
from ..ep04 import Q, _loss, _right_loss


# 15 examples: paired with the values; a sign error fails on every draw
@check(Q, "never negative", weight=1, max_examples=15)
@given(batch=logits_and_labels())
def is_not_negative(sub, batch):
    """cross_entropy(z, y) >= 0, and is right.

    Hint: each term is -log p with p <= 1, so it is >= 0; check the sign
    """
    z, y = batch
    loss, _ = _loss(sub, z, y)
    expect.that(loss >= -1e-12, tr("cross_entropy returned a negative loss"),
                expected=">= 0", got=loss)
    _right_loss(loss, z, y)


def _writes_into_arguments(error):
    return error.type_name == "ValueError" and (
        "read-only" in error.message or "WRITEABLE" in error.message)


def _leaves_probability_rows_untouched(call, shape):
    """``call(rows)`` with read-only probability rows of ``shape`` fails only by writing into them
    (what else it does with probability rows is ep06's)."""
    rows = np.full(shape, 1.0 / shape[1])
    rows[:, 0] += 0.5
    rows /= rows.sum(axis=1, keepdims=True)
    try:
        call(rows)
    except StudentError as error:
        if _writes_into_arguments(error):
            raise


# 10 examples: three calls per example; writes and dtypes do not depend on values
@check(Q, "a float, float32 input, arguments untouched", weight=1, max_examples=10)
@given(batch=logits_and_labels())
def scalar_and_no_mutation(sub, batch):
    """cross_entropy returns the right number for float64 and float32 logits, and modifies neither
    logits nor y (integer labels or probability rows).

    Hint: return a single number (float(...)) for float32 logits too, and never write into logits or
    y (y /= ... normalises the caller's labels in place)
    """
    z, y = batch
    for dtype in (np.float64, np.float32):
        x = z.astype(dtype)
        # the arguments are read-only: a write into one raises in the worker
        loss, _ = _loss(sub, x, y, check_mutation=True)
        _right_loss(loss, x, y, dtype=dtype)
    _leaves_probability_rows_untouched(lambda rows: _loss(sub, z, rows, check_mutation=True),
                                       z.shape)
