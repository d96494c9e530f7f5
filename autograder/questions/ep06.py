"""ep06, NLL = cross-entropy under one-hot: both label forms give one loss."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import labels, logits, probability_rows
from . import _closed_form

Q = "ep06"
declare_hidden(Q, weight=2)
#: float32 logits (and soft labels) must be accepted like float64 ones
DTYPES = st.sampled_from([np.float64, np.float32])
UNTOUCHED = {"check_mutation": True}


# 15 examples: a wrong entry shows on almost any labels; 15 cover n = 1 and labels below K - 1
@check(Q, "one_hot rows", weight=1.5, grades=("one_hot",), public=True, max_examples=15)
@given(n=st.integers(1, 8), k=st.integers(2, 10), data=st.data())
def one_hot_is_exact(sub, n, k, data):
    """one_hot(y, K) is a float (n, K) array with a single 1 per row, in column y[i]; y stays
    unchanged.

    Hint: each row of one_hot(y, K) is a probability distribution with all its mass on the true
    class: print one_hot(np.array([2, 0]), 3) and compare it with [[0, 0, 1], [1, 0, 0]]; the result
    is a new float (n, K) array, y stays unchanged
    """
    y = data.draw(labels(n, k), label="y")
    Y = expect.array(sub.call("one_hot", y, k, options=UNTOUCHED).value, "one_hot(y, K)",
                     shape=(n, k))
    expected = np.eye(k)[y]
    expect.that(np.array_equal(Y, expected), tr("one_hot(y, K) has wrong entries"),
                expected=expected, got=Y)






def _soft_batch(data, dtype):
    z = data.draw(logits(dtype=dtype), label="z")
    P = data.draw(probability_rows(*z.shape), label="y").astype(dtype)
    return z, P


# 20 examples: both dtypes, each over several shapes
@check(Q, "soft labels: loss", weight=0.75, grades=("cross_entropy",), public=True, max_examples=20)
@given(dtype=DTYPES, data=st.data())
def soft_label_loss(sub, dtype, data):
    """For soft labels y (rows of probabilities, float32 or float64), cross_entropy(z, y) is -mean_i
    sum_k y[i, k] * log_softmax(z)[i, k], and y stays unchanged.

    Hint: soft labels are rows of probabilities, not one-hot rows: weight every log-probability by
    y[i, k], not only the largest; try y = [[0.5, 0.5]] by hand. Normalise nothing in place: y must
    stay unchanged
    """
    z, P = _soft_batch(data, dtype)
    loss = expect.scalar(sub.call("cross_entropy", z, P, options=UNTOUCHED).value,
                         "cross_entropy(z, y)")
    expect.close(loss, _closed_form.cross_entropy(z, P), "cross_entropy(z, y)", dtype=dtype)


# 20 examples: both dtypes, each over several shapes
@check(Q, "soft labels: gradient", weight=0.75, grades=("cross_entropy_grad",), public=True,
       max_examples=20)
@given(dtype=DTYPES, data=st.data())
def soft_label_gradient(sub, dtype, data):
    """For soft labels y (float32 or float64), cross_entropy_grad(z, y) is (softmax(z) - y) / n, and
    y stays unchanged.

    Hint: with soft labels the target matrix is y itself: the gradient row i is softmax(z[i]) minus
    y[i], over n; check that every row of your gradient sums to 0. Normalise nothing in place: y
    must stay unchanged
    """
    z, P = _soft_batch(data, dtype)
    grad = expect.array(sub.call("cross_entropy_grad", z, P, options=UNTOUCHED).value,
                        "cross_entropy_grad(z, y)", shape=z.shape)
    expect.close(grad, _closed_form.cross_entropy_gradient(z, P), "cross_entropy_grad(z, y)",
                 dtype=dtype)
