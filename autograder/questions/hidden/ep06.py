"""Hidden checks of ep06, NLL = cross-entropy under one-hot: both label forms give one loss."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect, oracle
from ...checks import check
from ...reference import reference
from ...strategies import logits, logits_and_labels, probability_rows
from ..ep06 import Q


@check(Q, "loss: one-hot rows = integer labels", weight=1,
       hint="for 2-D y the loss is -mean over rows of sum_k y[i, k] * log_softmax(z)[i, k]; "
            "check y.ndim to tell the label forms apart")
@given(batch=logits_and_labels())
def loss_of_one_hot_rows(sub, batch):
    """cross_entropy(z, one_hot(y, K)) equals the cross-entropy of the integer labels y."""
    z, y = batch
    Y = np.eye(z.shape[1])[y]
    loss = expect.scalar(sub.cross_entropy(z, Y), "cross_entropy(z, one_hot(y, K))")
    expect.close(loss, reference().cross_entropy(z, y),
                 expect.versus("cross_entropy(z, one_hot(y, K))", "cross_entropy(z, y)"))


@check(Q, "gradient: one-hot rows = integer labels", weight=1,
       hint="with probability rows the gradient is (softmax(z) - y) / n; y is already "
            "the target matrix")
@given(batch=logits_and_labels())
def gradient_of_one_hot_rows(sub, batch):
    """cross_entropy_grad(z, one_hot(y, K)) equals the gradient for the integer labels y."""
    z, y = batch
    Y = np.eye(z.shape[1])[y]
    grad = expect.array(sub.cross_entropy_grad(z, Y), "cross_entropy_grad(z, one_hot(y, K))",
                        shape=z.shape)
    expect.close(grad, reference().cross_entropy_grad(z, y),
                 expect.versus("cross_entropy_grad(z, one_hot(y, K))",
                               "cross_entropy_grad(z, y)"))


@check(Q, "soft labels", weight=1.5,
       hint="soft labels are rows of probabilities: weight every log-probability by "
            "y[i, k], not only the largest")
@given(z=logits(), data=st.data())
def soft_labels_match_the_oracle(sub, z, data):
    """For soft labels (rows of probabilities) loss and gradient equal torch's."""
    P = data.draw(probability_rows(*z.shape), label="y")
    loss = expect.scalar(sub.cross_entropy(z, P), "cross_entropy(z, y)")
    grad = expect.array(sub.cross_entropy_grad(z, P), "cross_entropy_grad(z, y)", shape=z.shape)
    expected_loss, expected_grad = oracle.cross_entropy_and_grad(z, P)
    expect.close(loss, expected_loss, "cross_entropy(z, y)")
    expect.close(grad, expected_grad, "cross_entropy_grad(z, y)")

