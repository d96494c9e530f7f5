"""Hidden checks of ep08, L2 regularisation: the penalty on W, and the full objective's
gradients."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect
from ...checks import check
from ...i18n import tr
from ...strategies import linear_problems
from .. import _closed_form
from ..ep08 import REG, Q, _diagnose_dW, _objective


# 20 examples: four reg values over shapes down to one row and one feature
@check(Q, "dW by the chain rule", weight=1.5, grades=("loss_and_grad",), max_examples=20)
@given(problem=linear_problems(), reg=REG)
def objective_weight_gradient(sub, problem, reg):
    """loss_and_grad's dW equals X.T @ dZ + reg * W, with dZ the cross-entropy's gradient.

    Hint: chain rule through Z = X @ W + b: dW collects X's columns weighted by dZ, then adds the
    penalty's gradient reg * W once; compare a single entry with a central difference of your loss
    to find the missing or doubled term
    """
    W, b, X, y = problem
    _, dW, _ = _objective(sub, W, b, X, y, reg)
    expected, _ = _closed_form.objective_gradients(W, b, X, y, reg)
    expect.close(dW, expected, "dW", message=_diagnose_dW(dW, expected, W, reg) or None)


# 15 examples: three reg values with a few shapes
@check(Q, "db, and the bias is not regularised", weight=1, grades=("loss_and_grad",),
       max_examples=15)
@given(problem=linear_problems(), reg=st.sampled_from([0.1, 1.0, 3.5]))
def bias_gradient_without_penalty(sub, problem, reg):
    """loss_and_grad's db equals the column sums of dZ, with no penalty term for b.

    Hint: every row's logits get the same b, so db sums dZ over the rows (the 1/n is already inside
    dZ); the penalty is on W only, so no reg * b term
    """
    W, b, X, y = problem
    _, _, db = _objective(sub, W, b, X, y, reg)
    _, expected = _closed_form.objective_gradients(W, b, X, y, reg)
    penalised = expected + reg * b
    if np.max(np.abs(reg * b)) > 1e-6 and np.allclose(db, penalised, rtol=1e-7, atol=1e-9):
        raise expect.Failure(tr("db contains reg * b: the bias must not be regularised"),
                             expected=expected, got=db)
    expect.close(db, expected, "db")
