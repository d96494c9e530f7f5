"""How close ``train``'s hot loop is to the cost of its matrix products.

Every SGD step of the reference gathers a batch ``X[idx]`` and does two
matrix products, ``X[idx] @ W`` (logits) and ``X[idx].T @ dZ`` (the weight
gradient); everything else works on ``(batch, K)`` or ``(d, K)`` arrays.  This
module replays the same batches with only the gather and the two products,
in the input's dtype, so that ``train``'s time can be split into
gather, products and the rest.
"""

import time

import numpy as np

from .contestants import BATCH_SIZE, EPOCHS, SEED


def products_only(reference, X, n_classes, *, epochs=EPOCHS, batch_size=BATCH_SIZE,
                  seed=SEED):
    """Time the gathers and the matrix products of ``train``'s loop alone.

    Parameters
    ----------
    reference : module
        Provides ``init_params`` and ``minibatches`` (the same batches as
        ``train``).
    X : (n, d) float32 or float64
        Training examples; the products run in this dtype.
    n_classes : int
        ``K``.
    epochs, batch_size, seed
        As for ``train``.

    Returns
    -------
    seconds : dict
        ``{"gather_s": ..., "matmul_s": ...}``: total time of ``X[idx]`` and
        of the two products over every step.
    """
    n, d = X.shape
    rng = np.random.default_rng(seed)
    W, _ = reference.init_params(d, n_classes, rng)
    W = W.astype(X.dtype)
    dZ = rng.normal(size=(batch_size, n_classes)).astype(X.dtype)
    gather = matmul = 0.0
    clock = time.perf_counter
    for _ in range(epochs):
        for idx in reference.minibatches(n, batch_size, rng):
            t0 = clock()
            Xb = X[idx]
            t1 = clock()
            Xb @ W
            Xb.T @ dZ[:len(idx)]
            t2 = clock()
            gather += t1 - t0
            matmul += t2 - t1
    return {"gather_s": gather, "matmul_s": matmul}


def shares(train_s, parts):
    """``train``'s time split into shares.

    Parameters
    ----------
    train_s : float
        Wall time of ``train``.
    parts : dict
        From :func:`products_only`.

    Returns
    -------
    shares : dict
        ``matmul_share`` (products / train), ``gather_matmul_share``
        ((gather + products) / train) and the seconds they come from.
    """
    return {
        "train_s": train_s,
        "gather_s": parts["gather_s"],
        "matmul_s": parts["matmul_s"],
        "matmul_share": parts["matmul_s"] / train_s,
        "gather_matmul_share": (parts["gather_s"] + parts["matmul_s"]) / train_s,
    }
