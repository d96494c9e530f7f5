"""ep01, softmax vs sigmoid: ``softmax`` turns every row of scores into probabilities."""

import numpy as np
from hypothesis import given

from .. import expect
from ..checks import check, declare_hidden
from ..strategies import logits

Q = "ep01"
declare_hidden(Q, weight=5)


@check(Q, "shape of a batch and of a single row", weight=1, public=True,
       hint="use axis=-1 and keepdims=True, so one code path serves (K,) and (n, K)")
@given(z=logits())
def keeps_the_shape(sub, z):
    """softmax returns an array of the input's shape, for a batch (n, K) and a single row (K,)."""
    expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    expect.array(sub.softmax(z[0]), "softmax(z[0])", shape=z[0].shape)


@check(Q, "rows sum to 1", weight=2, public=True,
       hint="divide each row by its own sum: e / e.sum(axis=-1, keepdims=True)")
@given(z=logits())
def rows_sum_to_one(sub, z):
    """Every row of softmax(z) sums to 1."""
    p = expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    expect.close(p.sum(axis=-1), np.ones(len(z)), "softmax(z).sum(axis=-1)")


@check(Q, "two classes: softmax = sigmoid of the difference", weight=2, public=True,
       hint="for two scores a, b: exp(a) / (exp(a) + exp(b)) = 1 / (1 + exp(-(a - b)))")
@given(z=logits(classes=(2, 2)))
def two_classes_give_the_sigmoid(sub, z):
    """With two classes, softmax(z)[:, 0] equals sigmoid(z[:, 0] - z[:, 1])."""
    p = expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    sigmoid = np.exp(-np.logaddexp(0.0, -(z[:, 0] - z[:, 1])))
    expect.close(p[:, 0], sigmoid, "softmax(z)[:, 0]")
