"""ep08, L2 regularisation: the penalty on W, and the full objective's gradients.

Every oracle here is numpy (``_closed_form``): the loss from its definition,
the gradients from the chain rule or from central differences of that loss.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import linear_problems, matrices
from . import _closed_form

Q = "ep08"
declare_hidden(Q, weight=2.5)
REG = st.sampled_from([0.0, 0.1, 1.0, 3.5])
SHAPES = {"d": st.integers(1, 6), "k": st.integers(2, 6)}
UNTOUCHED = {"check_mutation": True}


def _penalty(sub, W, reg, check_mutation=False):
    value = sub.call("l2_penalty", W, reg, options={"check_mutation": check_mutation}).value
    expect.pair(value, "l2_penalty(W, reg)", ("penalty", "dW"))
    return expect.scalar(value[0], "penalty"), expect.array(value[1], "dW", shape=W.shape)


def _objective(sub, W, b, X, y, reg, check_mutation=False):
    value = sub.call("loss_and_grad", W, b, X, y, reg,
                     options={"check_mutation": check_mutation}).value
    expect.pair(value, "loss_and_grad(W, b, X, y, reg)", ("loss", "dW", "db"))
    return (expect.scalar(value[0], "loss"),
            expect.array(value[1], "dW", shape=W.shape),
            expect.array(value[2], "db", shape=b.shape))


def _diagnose_dW(dW, expected, W, reg):
    """A sentence naming a common mistake in ``dW``, or ``""``."""
    if reg == 0 or not np.any(W):
        return ""
    for wrong, words in ((expected + reg * W, tr("dW holds reg * W twice (2 * reg * W?)")),
                         (expected - reg * W, tr("dW lacks the penalty's gradient reg * W"))):
        if np.allclose(dW, wrong, rtol=1e-6, atol=1e-9):
            return words
    return ""


# 15 examples: the four reg values, each with a few shapes
@check(Q, "penalty = 0.5 * reg * sum(W**2)", weight=1.5, grades=("l2_penalty",), public=True,
       max_examples=15)
@given(data=st.data(), reg=REG, **SHAPES)
def penalty_value(sub, data, reg, d, k):
    """l2_penalty(W, reg)[0] equals 0.5 * reg * sum(W**2).

    Hint: compute the penalty of a tiny W by hand, e.g. W = [[1, 2]] with reg = 1 gives 2.5; the 0.5
    is part of the definition (it makes the gradient exactly reg * W)
    """
    W = data.draw(matrices(d, k, 3.0), label="W")
    penalty, _ = _penalty(sub, W, reg)
    expect.close(penalty, 0.5 * reg * np.sum(W * W), "penalty")


# 15 examples: the four reg values, each with a few shapes
@check(Q, "penalty gradient = reg * W", weight=1.5, grades=("l2_penalty",), public=True,
       max_examples=15)
@given(data=st.data(), reg=REG, **SHAPES)
def penalty_gradient(sub, data, reg, d, k):
    """l2_penalty(W, reg)[1] equals reg * W, a new array (W itself stays unchanged).

    Hint: differentiate 0.5 * reg * W[i, j]**2 by W[i, j]: the 0.5 cancels the 2; return a new
    array, W itself stays unchanged
    """
    W = data.draw(matrices(d, k, 3.0), label="W")
    _, dW = _penalty(sub, W, reg, check_mutation=True)
    expect.close(dW, reg * W, "dW")


# 10 examples: a dtype or in-place mistake shows on any input
@check(Q, "float32 W, W untouched", weight=0.5, grades=("l2_penalty",), public=True,
       max_examples=10)
@given(data=st.data(), reg=REG, **SHAPES)
def penalty_of_float32_weights(sub, data, reg, d, k):
    """l2_penalty accepts float32 W, leaves it unchanged, and its values are right to float32
    precision.

    Hint: the contract accepts float32 arrays everywhere: no dtype checks, no float64-only code;
    compute from W without writing into it
    """
    W = data.draw(matrices(d, k, 3.0, np.float32), label="W")
    penalty, dW = _penalty(sub, W, reg, check_mutation=True)
    W64 = W.astype(np.float64)
    expect.close(penalty, 0.5 * reg * np.sum(W64 * W64), "penalty", dtype=np.float32)
    expect.close(dW, reg * W64, "dW", dtype=np.float32)


# 20 examples: four reg values over shapes down to one row and one feature
@check(Q, "loss = cross-entropy + penalty", weight=2, grades=("loss_and_grad",), public=True,
       max_examples=20)
@given(problem=linear_problems(), reg=REG)
def objective_value(sub, problem, reg):
    """loss_and_grad's loss equals the mean cross-entropy plus 0.5 * reg * sum(W**2).

    Hint: the loss is the MEAN cross-entropy of the logits X @ W + b plus the penalty 0.5 * reg *
    sum(W**2) (the bias is not penalised); if it is off only when reg > 0 the penalty is wrong, if n
    times too large you summed instead of averaging
    """
    W, b, X, y = problem
    loss, _, _ = _objective(sub, W, b, X, y, reg)
    expect.close(loss, _closed_form.objective(W, b, X, y, reg), "loss")


# 15 examples: both reg values over small shapes (each a few dozen loss evaluations)
@check(Q, "gradients equal the numerical gradient", weight=1.5, grades=("loss_and_grad",),
       public=True, max_examples=15)
@given(problem=linear_problems(rows=(1, 4), classes=(2, 4), features=(1, 3), bound=2.0),
       reg=st.sampled_from([0.1, 1.0]))
def gradients_match_central_differences(sub, problem, reg):
    """dW and db equal central differences (h = 1e-5) of the objective mean cross-entropy + 0.5 *
    reg * sum(W**2).

    Hint: nudge one entry of W (or b) by h = 1e-5 both ways and divide the change of the loss by 2h
    (gradcheck.py does it): where this differs from your dW or db, a term of the chain rule is
    missing, doubled, or has the wrong sign
    """
    W, b, X, y = problem
    _, dW, db = _objective(sub, W, b, X, y, reg)
    numerical_W = _closed_form.central_differences(
        lambda w: _closed_form.objective(w, b, X, y, reg), W)
    numerical_b = _closed_form.central_differences(
        lambda v: _closed_form.objective(W, v, X, y, reg), b)
    penalised_b = numerical_b + reg * b
    if np.max(np.abs(reg * b)) > 1e-6 and np.allclose(db, penalised_b, rtol=1e-5, atol=1e-8):
        raise expect.Failure(tr("db contains reg * b: the bias must not be regularised"),
                             expected=numerical_b, got=db)
    expect.close(dW, numerical_W, expect.versus("dW", tr("central differences")), rtol=1e-5,
                 atol=1e-8, message=_diagnose_dW(dW, numerical_W, W, reg) or None)
    expect.close(db, numerical_b, expect.versus("db", tr("central differences")), rtol=1e-5,
                 atol=1e-8)


# 15 examples: both dtypes with several reg values
@check(Q, "float32 input, arguments untouched", weight=0.5, grades=("loss_and_grad",), public=True,
       max_examples=15)
@given(problem=linear_problems(), reg=REG, single=st.booleans())
def objective_of_float32_untouched(sub, problem, reg, single):
    """loss_and_grad accepts float32 W, b, X, leaves every argument unchanged, and is right to
    float32 precision.

    Hint: the contract accepts float32 arrays everywhere; build new arrays (Z = X @ W + b, dW = ...)
    instead of writing into W, b, X or y
    """
    W, b, X, y = problem
    dtype = np.float32 if single else np.float64
    W, b, X = W.astype(dtype), b.astype(dtype), X.astype(dtype)
    loss, dW, db = _objective(sub, W, b, X, y, reg, check_mutation=True)
    expected_dW, expected_db = _closed_form.objective_gradients(W, b, X, y, reg)
    expect.close(loss, _closed_form.objective(W, b, X, y, reg), "loss", dtype=dtype)
    expect.close(dW, expected_dW, "dW", dtype=dtype)
    expect.close(db, expected_db, "db", dtype=dtype)
