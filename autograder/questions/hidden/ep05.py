"""Hidden checks of ep05, the gradient p - y: ``cross_entropy_grad`` is d loss / d logits."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect, oracle
from ...checks import check
from ...i18n import tr
from ...reference import reference
from ...strategies import labels, logits, logits_and_labels
from ..ep05 import Q, _grad


@check(Q, "equals the numerical gradient", weight=3,
       hint="nudge one logit by h both ways: (loss(z + h) - loss(z - h)) / (2h) must "
            "match your entry; if it does not, re-derive d(-log p_y)/dz_k")
@given(batch=logits_and_labels(bound=5.0, rows=(1, 4), classes=(2, 5)))
def matches_the_numerical_gradient(sub, batch):
    """cross_entropy_grad(z, y) equals central differences of the cross-entropy (h = 1e-5)."""
    z, y = batch
    grad, _ = _grad(sub, z, y)
    numerical = oracle.numerical_gradient(lambda v: reference().cross_entropy(v, y), z)
    expect.close(grad, numerical, expect.versus("cross_entropy_grad(z, y)", tr("central differences")),
                 rtol=1e-5, atol=1e-8)


@check(Q, "rows sum to 0", weight=2,
       hint="each row of p sums to 1 and each one-hot row sums to 1, so p - y sums to 0")
@given(batch=logits_and_labels())
def rows_sum_to_zero(sub, batch):
    """Every row of cross_entropy_grad(z, y) sums to 0."""
    z, y = batch
    grad, _ = _grad(sub, z, y)
    expect.close(grad.sum(axis=1), np.zeros(len(z)), "cross_entropy_grad(z, y).sum(axis=1)",
                 atol=1e-12)


@check(Q, "divided by n", weight=2,
       hint="the loss is a mean over n rows, so its gradient carries a factor 1/n")
@given(batch=logits_and_labels())
def scales_with_one_over_n(sub, batch):
    """Stacking the batch twice halves every entry of the gradient (the 1/n of the mean)."""
    z, y = batch
    once, _ = _grad(sub, z, y)
    twice, _ = _grad(sub, np.vstack([z, z]), np.concatenate([y, y]))
    expect.close(twice[: len(z)] * 2, once, "2 * cross_entropy_grad(np.vstack([z, z]), ...)",
                 message=tr("the gradient does not scale as 1/n: divide (p - y) by the "
                            "number of rows"))


@check(Q, "finite for extreme logits", weight=2,
       hint="use the stable softmax (subtract the row max) inside the gradient")
@given(z=logits(bound=1e4), data=st.data())
def finite_for_extreme_logits(sub, z, data):
    """cross_entropy_grad is finite and correct for logits up to 1e4."""
    y = data.draw(labels(*z.shape), label="y")
    grad, _ = _grad(sub, z, y)
    expect.finite(grad, "cross_entropy_grad(z, y)")
    _, expected = oracle.cross_entropy_and_grad(z, y)
    expect.close(grad, expected, "cross_entropy_grad(z, y)")


@check(Q, "arguments untouched", weight=1,
       hint="p = softmax(z) is a new array; subtract into it, not into logits")
@given(batch=logits_and_labels())
def does_not_modify_arguments(sub, batch):
    """cross_entropy_grad modifies neither logits nor y."""
    z, y = batch
    _, result = _grad(sub, z, y, check_mutation=True)

