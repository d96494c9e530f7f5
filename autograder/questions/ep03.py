"""ep03, softmax vs argmax: ``predict`` picks the class with the largest logit."""

import numpy as np
from hypothesis import given

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import linear_problems

Q = "ep03"
declare_hidden(Q, weight=2.0)


def _labels(sub, W, b, X, *, check_mutation=False):
    result = sub.call("predict", W, b, X, options={"check_mutation": check_mutation})
    labels = expect.array(result.value, "predict(W, b, X)", shape=(len(X),), kind="iu")
    k = W.shape[1]
    expect.that(np.all((labels >= 0) & (labels < k)),
                tr("predict returned labels outside [0, {k})", k=k), got=labels)
    return labels, result


def _is_a_maximal_class(Z, labels):
    """Whether every label picks a largest logit (ties: any maximal class)."""
    picked = Z[np.arange(len(Z)), labels]
    slack = 1e-9 * np.maximum(1.0, np.abs(Z).max(axis=1))
    return np.all(picked >= Z.max(axis=1) - slack)


@check(Q, "argmax of the logits", weight=2, public=True,
       hint="labels = np.argmax(X @ W + b, axis=1): one label per row, over the class axis")
@given(problem=linear_problems())
def predicts_the_argmax(sub, problem):
    """predict(W, b, X)[i] is a class with the largest logit (X @ W + b)[i]."""
    W, b, X, _ = problem
    labels, _ = _labels(sub, W, b, X)
    Z = X @ W + b
    expect.that(_is_a_maximal_class(Z, labels), tr("predict did not pick the largest logit"),
                expected=np.argmax(Z, axis=1), got=labels)


@check(Q, "integer labels of shape (n,)", weight=1, public=True,
       hint="np.argmax returns integers already; do not turn them into floats or "
            "keep a (n, 1) column")
@given(problem=linear_problems())
def returns_integer_labels(sub, problem):
    """predict returns a 1-D array of integer labels, one per row of X."""
    W, b, X, _ = problem
    _labels(sub, W, b, X)
    # the arguments were read-only: a write into one raised in the worker
