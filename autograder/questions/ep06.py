"""ep06, NLL = cross-entropy under one-hot: both label forms give one loss."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import labels

Q = "ep06"
declare_hidden(Q, weight=3.5)


@check(Q, "one_hot rows", weight=1.5, public=True,
       hint="Y = np.zeros((n, K)); Y[np.arange(n), y] = 1: shape (n, K), one 1 per row "
            "in column y[i]")
@given(n=st.integers(1, 8), k=st.integers(2, 10), data=st.data())
def one_hot_is_exact(sub, n, k, data):
    """one_hot(y, K) is a float (n, K) array with a single 1 per row, in column y[i]."""
    y = data.draw(labels(n, k), label="y")
    Y = expect.array(sub.one_hot(y, k), "one_hot(y, K)", shape=(n, k))
    expected = np.eye(k)[y]
    expect.that(np.array_equal(Y, expected), tr("one_hot(y, K) has wrong entries"),
                expected=expected, got=Y)
