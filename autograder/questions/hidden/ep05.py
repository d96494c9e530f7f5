"""Hidden checks of ep05, the gradient p - y: ``cross_entropy_grad`` is d loss / d logits."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect
from ...checks import check
from ...i18n import tr
from ...strategies import labels, logits, logits_and_labels
from ..ep05 import Q, _grad, _right_grad
from .ep04 import _leaves_probability_rows_untouched


# 15 examples: paired with the values; the row sums fail on most draws
@check(Q, "rows sum to 0", weight=2, max_examples=15)
@given(batch=logits_and_labels())
def rows_sum_to_zero(sub, batch):
    """Every row of cross_entropy_grad(z, y) sums to 0, and the gradient is right.

    Hint: each row of p sums to 1 and each one-hot row sums to 1, so p - y sums to 0
    """
    z, y = batch
    grad, _ = _grad(sub, z, y)
    expect.close(grad.sum(axis=1), np.zeros(len(z)), "cross_entropy_grad(z, y).sum(axis=1)",
                 atol=1e-12)
    _right_grad(grad, z, y)


# 15 examples: a missing 1/n shows on every batch
@check(Q, "divided by n", weight=2, max_examples=15)
@given(batch=logits_and_labels())
def scales_with_one_over_n(sub, batch):
    """Stacking the batch twice halves every entry of the gradient (the 1/n of the mean), and the
    gradient is right.

    Hint: stack the batch twice: every entry must halve, because the loss is a mean over n rows; if
    it does not, the 1/n of the mean is missing
    """
    z, y = batch
    once, _ = _grad(sub, z, y)
    twice, _ = _grad(sub, np.vstack([z, z]), np.concatenate([y, y]))
    expect.close(twice[: len(z)] * 2, once, "2 * cross_entropy_grad(np.vstack([z, z]), ...)",
                 message=tr("the gradient does not scale as 1/n: divide (p - y) by the "
                            "number of rows"))
    _right_grad(once, z, y)


@check(Q, "finite for extreme logits", weight=2)
@given(z=logits(bound=1e4), data=st.data())
def finite_for_extreme_logits(sub, z, data):
    """cross_entropy_grad is finite and correct for logits up to 1e4.

    Hint: use the stable softmax (subtract the row max) inside the gradient
    """
    y = data.draw(labels(*z.shape), label="y")
    grad, _ = _grad(sub, z, y)
    expect.finite(grad, "cross_entropy_grad(z, y)")
    _right_grad(grad, z, y)


# 10 examples: three calls per example; writes and dtypes do not depend on values
@check(Q, "float32 input, arguments untouched", weight=1, max_examples=10)
@given(batch=logits_and_labels())
def does_not_modify_arguments(sub, batch):
    """cross_entropy_grad is right for float64 and float32 logits and modifies neither logits nor y
    (integer labels or probability rows).

    Hint: p = softmax(z) is a new array: subtract into it, never into logits or y, and let float32
    logits through
    """
    z, y = batch
    for dtype in (np.float64, np.float32):
        x = z.astype(dtype)
        # the arguments are read-only: a write into one raises in the worker
        grad, _ = _grad(sub, x, y, check_mutation=True)
        _right_grad(grad, x, y)
    _leaves_probability_rows_untouched(lambda rows: _grad(sub, z, rows, check_mutation=True),
                                       z.shape)
