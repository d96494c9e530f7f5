"""Hidden checks of ep06, NLL = cross-entropy under one-hot: both label forms give one loss."""

import numpy as np
from hypothesis import given

from ... import expect
from ...checks import check
from ...reference import reference
from ...strategies import logits_and_labels
from ..ep06 import UNTOUCHED, Q


def _with_one_hot_rows(sub, z, y, name):
    """``(value, what, expected)``: what ``name(z, one_hot(y, K))`` returned, how messages call
    it, and the reference's ``name(z, y)`` for the integer labels."""
    value = sub.call(name, z, np.eye(z.shape[1])[y], options=UNTOUCHED).value
    return value, f"{name}(z, one_hot(y, K))", getattr(reference(), name)(z, y)


# 15 examples: the 2-D branch is wrong on almost any input
@check(Q, "loss: one-hot rows = integer labels", weight=1, grades=("cross_entropy",),
       max_examples=15)
@given(batch=logits_and_labels())
def loss_of_one_hot_rows(sub, batch):
    """cross_entropy(z, one_hot(y, K)) equals the cross-entropy of the integer labels y.

    Hint: a one-hot row is a probability row: if the two label forms disagree, the 2-D branch is
    missing or wrong; tell the forms apart with y.ndim and weight every log-probability by y[i, k]
    """
    value, what, expected = _with_one_hot_rows(sub, *batch, "cross_entropy")
    expect.close(expect.scalar(value, what), expected, expect.versus(what, "cross_entropy(z, y)"))


# 15 examples: the 2-D branch is wrong on almost any input
@check(Q, "gradient: one-hot rows = integer labels", weight=1, grades=("cross_entropy_grad",),
       max_examples=15)
@given(batch=logits_and_labels())
def gradient_of_one_hot_rows(sub, batch):
    """cross_entropy_grad(z, one_hot(y, K)) equals the gradient for the integer labels y.

    Hint: the gradient for a target matrix is the same p - target as for integer labels, divided by
    n; with 2-D y, y itself is the target matrix
    """
    value, what, expected = _with_one_hot_rows(sub, *batch, "cross_entropy_grad")
    expect.close(expect.array(value, what, shape=expected.shape), expected,
                 expect.versus(what, "cross_entropy_grad(z, y)"))
