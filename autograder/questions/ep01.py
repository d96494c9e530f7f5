"""ep01, softmax vs sigmoid: ``softmax`` turns every row of scores into probabilities.

Every check, whatever property it names, also compares the values it got
with the closed form (``oracle.softmax``) on the same inputs: a constant or
an echo of the input satisfies some properties but is no softmax.
"""

import numpy as np
from hypothesis import given

from .. import expect, oracle
from ..checks import check, declare_hidden
from ..strategies import logits

Q = "ep01"
declare_hidden(Q, weight=5)


def probabilities(sub, z, what="softmax(z)", **options):
    """``softmax(z)`` from the submission, checked to be an array of ``z``'s shape."""
    result = sub.call("softmax", z, options=options)
    return expect.array(result.value, what, shape=np.shape(z))


def right_values(p, z, what="softmax(z)"):
    """``p`` must equal the closed-form softmax of ``z`` (to float32's tolerance if either is)."""
    expect.close(p, oracle.softmax(z), what, dtype=expect.precision(p, z))


# 10 examples: the two shapes are met by every example; values are the other checks' work
@check(Q, "shape of a batch and of a single row", weight=1, public=True, max_examples=10)
@given(z=logits())
def keeps_the_shape(sub, z):
    """softmax returns the right probabilities in an array of the input's shape, for a batch (n, K)
    and a single row (K,).

    Hint: a single row (K,) is one distribution, a batch (n, K) is n of them: find the line that
    treats them differently; axis=-1 with keepdims=True serves both
    """
    right_values(probabilities(sub, z), z)
    right_values(probabilities(sub, z[0], "softmax(z[0])"), z[0], "softmax(z[0])")


@check(Q, "rows sum to 1", weight=2, public=True)
@given(z=logits())
def rows_sum_to_one(sub, z):
    """Every row of softmax(z) sums to 1, and holds the right probabilities.

    Hint: each row is one distribution over the K classes, so it must sum to 1: sum your result over
    the class axis and see which rows do not; normalise each row by its own total
    """
    p = probabilities(sub, z)
    expect.close(p.sum(axis=-1), np.ones(len(z)), "softmax(z).sum(axis=-1)")
    right_values(p, z)


# 15 examples: one closed form on (n, 2) inputs: a wrong formula fails on most draws
@check(Q, "two classes: softmax = sigmoid of the difference", weight=2, public=True,
       max_examples=15)
@given(z=logits(classes=(2, 2)))
def two_classes_give_the_sigmoid(sub, z):
    """With two classes, softmax(z)[:, 0] equals sigmoid(z[:, 0] - z[:, 1]) and softmax(z)[:, 1] its
    complement.

    Hint: with two classes only the difference of the scores matters: softmax(z)[:, 0] must be
    sigmoid(z[:, 0] - z[:, 1]); try z = [[0, 0]] (expect 0.5, 0.5) and [[log 3, 0]] (expect 0.75,
    0.25) by hand
    """
    p = probabilities(sub, z)
    difference = z[:, 0] - z[:, 1]
    first = np.exp(-np.logaddexp(0.0, -difference))
    second = np.exp(-np.logaddexp(0.0, difference))
    expect.close(p, np.stack([first, second], axis=1), "softmax(z)")
