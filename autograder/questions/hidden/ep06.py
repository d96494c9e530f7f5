"""Hidden checks of ep06, NLL = cross-entropy under one-hot: both label forms give one loss."""

import numpy as np
from hypothesis import given

from ... import expect
from ...checks import check
from ...reference import reference
from ...strategies import logits_and_labels
from ..ep06 import UNTOUCHED, Q


# 15 examples: the 2-D branch is wrong on almost any input
@check(Q, "loss: one-hot rows = integer labels", weight=1, grades=("cross_entropy",),
       max_examples=15,
       hint="a one-hot row is a probability row: if the two label forms disagree, the 2-D "
            "branch is missing or wrong; tell the forms apart with y.ndim and weight every "
            "log-probability by y[i, k]")
@given(batch=logits_and_labels())
def loss_of_one_hot_rows(sub, batch):
    """cross_entropy(z, one_hot(y, K)) equals the cross-entropy of the integer labels y."""
    z, y = batch
    Y = np.eye(z.shape[1])[y]
    loss = expect.scalar(sub.call("cross_entropy", z, Y, options=UNTOUCHED).value,
                         "cross_entropy(z, one_hot(y, K))")
    expect.close(loss, reference().cross_entropy(z, y),
                 expect.versus("cross_entropy(z, one_hot(y, K))", "cross_entropy(z, y)"))


# 15 examples: the 2-D branch is wrong on almost any input
@check(Q, "gradient: one-hot rows = integer labels", weight=1, grades=("cross_entropy_grad",),
       max_examples=15,
       hint="the gradient for a target matrix is the same p - target as for integer labels, "
            "divided by n; with 2-D y, y itself is the target matrix")
@given(batch=logits_and_labels())
def gradient_of_one_hot_rows(sub, batch):
    """cross_entropy_grad(z, one_hot(y, K)) equals the gradient for the integer labels y."""
    z, y = batch
    Y = np.eye(z.shape[1])[y]
    grad = expect.array(sub.call("cross_entropy_grad", z, Y, options=UNTOUCHED).value,
                        "cross_entropy_grad(z, one_hot(y, K))", shape=z.shape)
    expect.close(grad, reference().cross_entropy_grad(z, y),
                 expect.versus("cross_entropy_grad(z, one_hot(y, K))",
                               "cross_entropy_grad(z, y)"))
