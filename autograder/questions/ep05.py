"""ep05, the gradient p - y: ``cross_entropy_grad`` is d loss / d logits."""

from hypothesis import given

from .. import expect, oracle
from ..checks import check, declare_hidden
from ..strategies import logits_and_labels

Q = "ep05"
declare_hidden(Q, weight=10)


def _grad(sub, z, y, **options):
    result = sub.call("cross_entropy_grad", z, y, options=options)
    return expect.array(result.value, "cross_entropy_grad(logits, y)", shape=z.shape), result


@check(Q, "shape (n, K)", weight=1, public=True,
       hint="the gradient has one entry per logit: the shape of logits")
@given(batch=logits_and_labels())
def has_the_shape_of_the_logits(sub, batch):
    """cross_entropy_grad(z, y) has the shape of z and a floating dtype."""
    _grad(sub, *batch)


@check(Q, "equals torch autograd", weight=4, public=True,
       hint="dZ = (softmax(z) - one_hot(y, K)) / n: p minus 1 at the true class, "
            "p elsewhere, divided by the number of rows")
@given(batch=logits_and_labels())
def matches_autograd(sub, batch):
    """cross_entropy_grad(z, y) equals the gradient torch autograd computes for the mean cross-entropy."""
    z, y = batch
    grad, _ = _grad(sub, z, y)
    _, expected = oracle.cross_entropy_and_grad(z, y)
    expect.close(grad, expected, "cross_entropy_grad(z, y)")
    # the arguments were read-only: a write into one raised in the worker
