"""Hidden checks of ep08, L2 regularisation: the penalty on W, and the full objective's gradients."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect, oracle
from ...checks import check
from ...i18n import tr
from ...reference import reference
from ...strategies import linear_problems, matrices
from ..ep08 import REG, SHAPES, Q, _objective, _penalty


@check(Q, "penalty gradient = reg * W", weight=1.5,
       hint="d/dW of 0.5 * reg * sum(W**2) is reg * W")
@given(data=st.data(), reg=REG, **SHAPES)
def penalty_gradient(sub, data, reg, d, k):
    """l2_penalty(W, reg)[1] equals reg * W, a new array (W itself stays unchanged)."""
    W = data.draw(matrices(d, k, 3.0), label="W")
    _, dW = _penalty(sub, W, reg, check_mutation=True)
    expect.close(dW, reg * W, "dW")


@check(Q, "dW equals torch autograd", weight=2,
       hint="chain rule: dW = X.T @ dZ + reg * W, with dZ = cross_entropy_grad(X @ W + b, y)")
@given(problem=linear_problems(), reg=REG)
def objective_weight_gradient(sub, problem, reg):
    """loss_and_grad's dW equals the gradient torch autograd computes."""
    W, b, X, y = problem
    _, dW, _ = _objective(sub, W, b, X, y, reg)
    _, expected, _ = oracle.objective_and_grads(W, b, X, y, reg)
    expect.close(dW, expected, "dW")


@check(Q, "db, and the bias is not regularised", weight=1.5,
       hint="db = dZ.sum(axis=0): summed (the 1/n is inside dZ), and no reg * b term")
@given(problem=linear_problems(), reg=st.sampled_from([0.1, 1.0, 3.5]))
def bias_gradient_without_penalty(sub, problem, reg):
    """loss_and_grad's db equals autograd's, with no penalty term for b."""
    W, b, X, y = problem
    _, _, db = _objective(sub, W, b, X, y, reg)
    _, _, expected = oracle.objective_and_grads(W, b, X, y, reg)
    penalised = expected + reg * b
    if np.max(np.abs(reg * b)) > 1e-6 and np.allclose(db, penalised, rtol=1e-7, atol=1e-9):
        raise expect.Failure(tr("db contains reg * b: the bias must not be regularised"),
                             expected=expected, got=db)
    expect.close(db, expected, "db")


@check(Q, "gradients equal the numerical gradient", weight=1.5,
       hint="compare with central differences of your own loss: if they differ, a term "
            "of the chain rule is missing or has the wrong sign")
@given(problem=linear_problems(rows=(1, 4), classes=(2, 4), features=(1, 3), bound=2.0),
       reg=st.sampled_from([0.1, 1.0]))
def gradients_match_central_differences(sub, problem, reg):
    """dW and db equal central differences (h = 1e-5) of the full objective."""
    W, b, X, y = problem
    _, dW, db = _objective(sub, W, b, X, y, reg)
    ref = reference()
    numerical_W = oracle.numerical_gradient(lambda w: ref.loss_and_grad(w, b, X, y, reg)[0], W)
    numerical_b = oracle.numerical_gradient(lambda v: ref.loss_and_grad(W, v, X, y, reg)[0], b)
    expect.close(dW, numerical_W, expect.versus("dW", tr("central differences")), rtol=1e-5, atol=1e-8)
    expect.close(db, numerical_b, expect.versus("db", tr("central differences")), rtol=1e-5, atol=1e-8)

