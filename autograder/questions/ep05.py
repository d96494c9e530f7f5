"""ep05, the gradient p - y: ``cross_entropy_grad`` is d loss / d logits.

Every check also compares the gradient with the closed form of ``oracle``
on its own inputs: zeros have rows that sum to 0 and scale with 1/n, but
are no gradient.
"""

from hypothesis import given

from .. import expect, oracle
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import logits_and_labels

Q = "ep05"
declare_hidden(Q, weight=7)


def _grad(sub, z, y, **options):
    result = sub.call("cross_entropy_grad", z, y, options=options)
    return expect.array(result.value, "cross_entropy_grad(logits, y)", shape=z.shape), result


def _right_grad(grad, z, y, what="cross_entropy_grad(z, y)"):
    _, expected = oracle.cross_entropy_and_grad(z, y)
    expect.close(grad, expected, what, dtype=expect.precision(grad, z))


# 10 examples: the shape does not depend on values; values are paired anyway
@check(Q, "shape (n, K)", weight=1, public=True, max_examples=10)
@given(batch=logits_and_labels())
def has_the_shape_of_the_logits(sub, batch):
    """cross_entropy_grad(z, y) has the shape of z, a floating dtype, and the right values.

    Hint: the gradient has one entry per logit, so it has the shape of logits; then compare its
    values with central differences of the loss
    """
    grad, _ = _grad(sub, *batch)
    _right_grad(grad, *batch)


@check(Q, "equals the gradient of the mean loss", weight=4, public=True)
@given(batch=logits_and_labels())
def matches_autograd(sub, batch):
    """cross_entropy_grad(z, y) equals the derivative of the mean cross-entropy with respect to
    every logit.

    Hint: differentiate -log p[y] by each logit of its row: one entry of the true class and one of
    another class tell apart a sign error (all entries negated), a missing 1/n (n times too large)
    and a wrong class; check a 1-row batch against assignment/gradcheck.py
    """
    z, y = batch
    grad, _ = _grad(sub, z, y)
    _right_grad(grad, z, y)


# 15 examples: 2 n K loss evaluations per example; a wrong entry shows on most
@check(Q, "equals the numerical gradient", weight=3, public=True, max_examples=15)
@given(batch=logits_and_labels(bound=5.0, rows=(1, 4), classes=(2, 5)))
def matches_the_numerical_gradient(sub, batch):
    """cross_entropy_grad(z, y) equals central differences of the cross-entropy (h = 1e-5).

    Hint: nudge one logit by h both ways: (loss(z + h) - loss(z - h)) / (2h) must match your entry;
    if it does not, re-derive d(-log p_y)/dz_k
    """
    z, y = batch
    grad, _ = _grad(sub, z, y)
    numerical = oracle.numerical_gradient(lambda v: oracle.cross_entropy_and_grad(v, y)[0], z)
    expect.close(grad, numerical,
                 expect.versus("cross_entropy_grad(z, y)", tr("central differences")),
                 rtol=1e-5, atol=1e-8)
