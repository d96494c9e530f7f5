"""ep08, L2 regularisation: the penalty on W, and the full objective's gradients."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect, oracle
from ..checks import check, declare_hidden
from ..strategies import linear_problems, matrices

Q = "ep08"
declare_hidden(Q, weight=6.5)
REG = st.sampled_from([0.0, 0.1, 1.0, 3.5])
SHAPES = dict(d=st.integers(1, 6), k=st.integers(2, 6))


def _penalty(sub, W, reg, check_mutation=False):
    value = sub.call("l2_penalty", W, reg, options={"check_mutation": check_mutation}).value
    expect.pair(value, "l2_penalty(W, reg)", ("penalty", "dW"))
    return expect.scalar(value[0], "penalty"), expect.array(value[1], "dW", shape=W.shape)


def _objective(sub, W, b, X, y, reg):
    value = sub.loss_and_grad(W, b, X, y, reg)
    expect.pair(value, "loss_and_grad(W, b, X, y, reg)", ("loss", "dW", "db"))
    return (expect.scalar(value[0], "loss"),
            expect.array(value[1], "dW", shape=W.shape),
            expect.array(value[2], "db", shape=b.shape))


@check(Q, "penalty = 0.5 * reg * sum(W**2)", weight=1.5, public=True,
       hint="penalty = 0.5 * reg * np.sum(W ** 2): the 0.5 makes the gradient reg * W")
@given(data=st.data(), reg=REG, **SHAPES)
def penalty_value(sub, data, reg, d, k):
    """l2_penalty(W, reg)[0] equals 0.5 * reg * sum(W**2)."""
    W = data.draw(matrices(d, k, 3.0), label="W")
    penalty, _ = _penalty(sub, W, reg)
    expect.close(penalty, 0.5 * reg * np.sum(W * W), "penalty")


@check(Q, "loss equals the torch oracle", weight=2, public=True,
       hint="loss = cross_entropy(X @ W + b, y) + l2_penalty(W, reg)[0]")
@given(problem=linear_problems(), reg=REG)
def objective_value(sub, problem, reg):
    """loss_and_grad's loss equals the mean cross-entropy plus 0.5 * reg * sum(W**2)."""
    W, b, X, y = problem
    loss, _, _ = _objective(sub, W, b, X, y, reg)
    expected, _, _ = oracle.objective_and_grads(W, b, X, y, reg)
    expect.close(loss, expected, "loss")
