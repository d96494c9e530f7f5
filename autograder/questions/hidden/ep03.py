"""Hidden checks of ep03, softmax vs argmax: ``predict`` picks the class with the largest logit."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ... import expect
from ...checks import check
from ...i18n import tr
from ...strategies import linear_problems, reals
from ..ep03 import Q, _is_a_maximal_class, _labels


# 20 examples: one draw of b per example; ignoring b fails whenever argmax(b) != 0
@check(Q, "uses the bias", weight=1, max_examples=20)
@given(data=st.data())
def uses_the_bias(sub, data):
    """With all-zero X the prediction of every row is argmax(b).

    Hint: the logits are X @ W + b; with X = 0 only the bias decides
    """
    k = data.draw(st.integers(2, 6), label="K")
    # well-separated biases: a tie after rounding would make any answer right
    steps = data.draw(st.lists(st.integers(-8, 8), min_size=k, max_size=k, unique=True),
                      label="b / 0.5")
    b = 0.5 * np.array(steps, dtype=np.float64)
    W = np.ones((3, k))
    X = np.zeros((4, 3))
    labels, _ = _labels(sub, W, b, X, right=False)
    expect.that(np.all(labels == np.argmax(b)), tr("predict ignores the bias b"),
                expected=np.full(4, np.argmax(b)), got=labels)


# 15 examples: the shifted problem is a value check of its own
@check(Q, "a shift of a row's logits keeps its label", weight=0.5, max_examples=15)
@given(problem=linear_problems(), data=st.data())
def row_shift_keeps_the_label(sub, problem, data):
    """Adding c_i to every logit of row i (through an extra feature) keeps predict's answer.

    Hint: adding the same number to every logit of a row cannot change which is largest
    """
    W, b, X, _ = problem
    c = data.draw(hnp.arrays(np.float64, (len(X), 1), elements=reals(100.0)), label="c")
    X_shift = np.hstack([X, c])
    W_shift = np.vstack([W, np.ones((1, W.shape[1]))])
    Z = X_shift @ W_shift + b
    labels, _ = _labels(sub, W_shift, b, X_shift, right=False)
    expect.that(_is_a_maximal_class(Z, labels),
                tr("predict changed its answer when a row's logits were all shifted"),
                expected=np.argmax(Z, axis=1), got=labels)


# 10 examples: two calls per example; writes and dtypes do not depend on values
@check(Q, "float32 input, arguments untouched", weight=0.5, max_examples=10)
@given(problem=linear_problems())
def does_not_modify_arguments(sub, problem):
    """predict gives the right labels for float64 and float32 input and modifies neither W, b nor
    X.

    Hint: compute new arrays, never write into W, b or X, and let float32 input through (no dtype
    checks, no float64-only code)
    """
    W, b, X, _ = problem
    for dtype in (np.float64, np.float32):
        # the arguments are read-only: a write into one raises in the worker
        _labels(sub, W.astype(dtype), b.astype(dtype), X.astype(dtype), check_mutation=True)
