"""Hidden checks of fashion_mnist, the student's own code, end to end, on the real data set."""

from functools import lru_cache

import numpy as np

from ... import expect
from ...checks import Credit, check
from ...i18n import tr
from ...reference import reference
from ..fashion_mnist import Q

FULL_MARKS_AT = 0.82
ZERO_AT = 0.70


def credit_for(accuracy):
    """Share of the points for a test accuracy: linear from 0.70 (none) to 0.82 (all)."""
    return float(np.clip((accuracy - ZERO_AT) / (FULL_MARKS_AT - ZERO_AT), 0.0, 1.0))


@lru_cache(maxsize=1)
def _load():
    """The four arrays, loaded once per grading process (batch grading reuses them)."""
    from data import fashion_mnist

    X_train, y_train = fashion_mnist.load("train")
    X_test, y_test = fashion_mnist.load("test")
    return X_train, y_train, X_test, y_test


@check(Q, "test accuracy with the default hyper-parameters", weight=1,
       hint="train with the defaults of the signature (epochs=10, batch_size=128, lr=0.1, "
            "reg=1e-4) on pixels in [0, 1]; a low accuracy with all other questions "
            "passing usually means a changed default")
def test_accuracy(sub):
    """train(X_train, y_train) reaches a test accuracy of at least 0.82 (evaluated with the reference predict)."""
    # a quick call on random pixels first: a stub or a crash fails in
    # milliseconds, before the data set is loaded and 376 MB cross the channel
    rng = np.random.default_rng(0)
    sub.train(rng.random((256, 784)), rng.integers(0, 10, 256), epochs=1, n_classes=10)
    X_train, y_train, X_test, y_test = _load()
    # a file that (wrongly) draws from numpy's global state still gets the
    # same accuracy on every run
    sub.reseed_global_random_state(0)
    value = sub.train(X_train, y_train)
    expect.pair(value, "train(X_train, y_train)", ("W", "b", "history"))
    W = expect.array(value[0], "W", shape=(784, 10))
    b = expect.array(value[1], "b", shape=(10,))
    expect.finite(W, "W")
    expect.finite(b, "b")
    accuracy = float(np.mean(reference().predict(W, b, X_test) == y_test))
    fraction = credit_for(accuracy)
    message = tr("test accuracy {accuracy:.4f}: full points from {full}, none below {zero}",
                 accuracy=accuracy, full=FULL_MARKS_AT, zero=ZERO_AT)
    return Credit(fraction, message)

