"""ep03, softmax vs argmax: ``predict`` picks the class with the largest logit."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .. import expect
from ..checks import check
from ..i18n import tr
from ..strategies import linear_problems, reals

Q = "ep03"


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


@check(Q, "uses the bias", weight=1,
       hint="the logits are X @ W + b; with X = 0 only the bias decides")
@given(data=st.data())
def uses_the_bias(sub, data):
    """With all-zero X the prediction of every row is argmax(b)."""
    k = data.draw(st.integers(2, 6), label="K")
    # well-separated biases: a tie after rounding would make any answer right
    steps = data.draw(st.lists(st.integers(-8, 8), min_size=k, max_size=k, unique=True),
                      label="b / 0.5")
    b = 0.5 * np.array(steps, dtype=np.float64)
    W = np.ones((3, k))
    X = np.zeros((4, 3))
    labels, _ = _labels(sub, W, b, X)
    expect.that(np.all(labels == np.argmax(b)), tr("predict ignores the bias b"),
                expected=np.full(4, np.argmax(b)), got=labels)


@check(Q, "integer labels of shape (n,)", weight=1, public=True,
       hint="np.argmax returns integers already; do not turn them into floats or "
            "keep a (n, 1) column")
@given(problem=linear_problems())
def returns_integer_labels(sub, problem):
    """predict returns a 1-D array of integer labels, one per row of X."""
    W, b, X, _ = problem
    _labels(sub, W, b, X)


@check(Q, "a shift of a row's logits keeps its label", weight=0.5,
       hint="adding the same number to every logit of a row cannot change which is largest")
@given(problem=linear_problems(), data=st.data())
def row_shift_keeps_the_label(sub, problem, data):
    """Adding c_i to every logit of row i (through an extra feature) keeps predict's answer."""
    W, b, X, _ = problem
    c = data.draw(hnp.arrays(np.float64, (len(X), 1), elements=reals(100.0)), label="c")
    X_shift = np.hstack([X, c])
    W_shift = np.vstack([W, np.ones((1, W.shape[1]))])
    Z = X_shift @ W_shift + b
    labels, _ = _labels(sub, W_shift, b, X_shift)
    expect.that(_is_a_maximal_class(Z, labels),
                tr("predict changed its answer when a row's logits were all shifted"),
                expected=np.argmax(Z, axis=1), got=labels)


@check(Q, "arguments untouched", weight=0.5,
       hint="compute new arrays; never write into W, b or X")
@given(problem=linear_problems())
def does_not_modify_arguments(sub, problem):
    """predict does not modify W, b or X."""
    W, b, X, _ = problem
    _, result = _labels(sub, W, b, X, check_mutation=True)
    # the arguments were read-only: a write into one raised in the worker
