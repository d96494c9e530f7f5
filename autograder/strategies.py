"""Hypothesis strategies for the inputs of the contract.

Sizes stay small (a handful of rows and classes): a property that fails,
fails on small inputs too, and small inputs shrink into readable examples.
"""

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

ROWS = (1, 6)
CLASSES = (2, 7)
FEATURES = (1, 5)


def reals(bound, dtype=np.float64):
    """Finite floats in ``[-bound, bound]`` representable in ``dtype``."""
    width = 32 if np.dtype(dtype) == np.float32 else 64
    return st.floats(-bound, bound, allow_nan=False, allow_infinity=False, width=width)


def matrices(rows, cols, bound, dtype=np.float64):
    """``(rows, cols)`` arrays of finite floats in ``[-bound, bound]``."""
    return hnp.arrays(np.dtype(dtype), (rows, cols), elements=reals(bound, dtype))


@st.composite
def logits(draw, *, bound=20.0, rows=ROWS, classes=CLASSES, dtype=np.float64):
    """An ``(n, K)`` batch of logits."""
    n = draw(st.integers(*rows))
    k = draw(st.integers(*classes))
    return draw(matrices(n, k, bound, dtype))


@st.composite
def labels(draw, n, k):
    """``(n,)`` integer labels in ``[0, k)``."""
    dtype = draw(st.sampled_from([np.int64, np.int32]))
    return draw(hnp.arrays(dtype, (n,), elements=st.integers(0, k - 1)))


@st.composite
def logits_and_labels(draw, *, bound=20.0, rows=ROWS, classes=CLASSES):
    """A batch of logits ``(n, K)`` with labels ``(n,)``."""
    z = draw(logits(bound=bound, rows=rows, classes=classes))
    return z, draw(labels(*z.shape))


@st.composite
def probability_rows(draw, n, k):
    """``(n, k)`` soft labels: non-negative rows that sum to 1."""
    weights = draw(hnp.arrays(np.float64, (n, k), elements=st.floats(0.0, 1.0)))
    weights = weights + 1e-3
    return weights / weights.sum(axis=1, keepdims=True)


@st.composite
def linear_problems(draw, *, bound=3.0, rows=ROWS, classes=CLASSES, features=FEATURES):
    """A small classifier and batch: ``(W (d, K), b (K,), X (n, d), y (n,))``."""
    n = draw(st.integers(*rows))
    k = draw(st.integers(*classes))
    d = draw(st.integers(*features))
    W = draw(matrices(d, k, bound))
    b = draw(hnp.arrays(np.float64, (k,), elements=reals(bound)))
    X = draw(matrices(n, d, bound))
    return W, b, X, draw(labels(n, k))


def separable_problem(n=120, d=4, k=3, seed=0):
    """An easy classification problem: well-separated Gaussian blobs.

    Returns
    -------
    X : (n, d) float64
    y : (n,) int64
    """
    rng = np.random.default_rng(seed)
    centres = rng.normal(0.0, 3.0, size=(k, d))
    y = np.arange(n) % k
    X = centres[y] + rng.normal(0.0, 0.5, size=(n, d))
    return X, y.astype(np.int64)
