"""ep03, softmax vs argmax: ``predict`` picks the class with the largest logit."""

import numpy as np
from hypothesis import given

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import linear_problems

Q = "ep03"
declare_hidden(Q, weight=2.0)


def _labels(sub, W, b, X, *, check_mutation=False, right=True):
    """predict's labels, checked to be (n,) integers in [0, K) that pick a largest logit.

    Every check of ep03 goes through here, so a constant or random label
    never earns a property on its own; a check that compares the labels with
    the right ones itself passes ``right=False`` to give its own message.
    """
    result = sub.call("predict", W, b, X, options={"check_mutation": check_mutation})
    labels = expect.array(result.value, "predict(W, b, X)", shape=(len(X),), kind="iu")
    k = W.shape[1]
    expect.that(np.all((labels >= 0) & (labels < k)),
                tr("predict returned labels outside [0, {k})", k=k), got=labels)
    if not right:
        return labels, result
    Z = X.astype(np.float64) @ W.astype(np.float64) + b.astype(np.float64)
    tolerance = 1e-9 if X.dtype == np.float64 else 1e-4
    expect.that(_is_a_maximal_class(Z, labels, tolerance),
                tr("predict did not pick the largest logit"),
                expected=np.argmax(Z, axis=1), got=labels)
    return labels, result


def _is_a_maximal_class(Z, labels, tolerance=1e-9):
    """Whether every label picks a largest logit (ties, to ``tolerance``: any maximal class)."""
    picked = Z[np.arange(len(Z)), labels]
    slack = tolerance * np.maximum(1.0, np.abs(Z).max(axis=1))
    return np.all(picked >= Z.max(axis=1) - slack)


@check(Q, "argmax of the logits", weight=2, public=True)
@given(problem=linear_problems())
def predicts_the_argmax(sub, problem):
    """predict(W, b, X)[i] is a class with the largest logit (X @ W + b)[i].

    Hint: each row's label is the class with the largest logit of that row of X @ W + b: check that
    b is added and that the argmax runs over the class axis (axis=1), not over the examples
    """
    W, b, X, _ = problem
    _labels(sub, W, b, X)


# 10 examples: the dtype and shape do not depend on values; labels are paired anyway
@check(Q, "integer labels of shape (n,)", weight=1, public=True, max_examples=10)
@given(problem=linear_problems())
def returns_integer_labels(sub, problem):
    """predict returns a 1-D array of integer labels, one per row of X.

    Hint: np.argmax returns integers already; do not turn them into floats or keep a (n, 1) column
    """
    W, b, X, _ = problem
    _labels(sub, W, b, X)
    # the arguments were read-only: a write into one raised in the worker
