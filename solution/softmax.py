"""Softmax linear classifier from scratch (numpy only).

A linear classifier scores every class with logits ``Z = X @ W + b`` and turns
each row of scores into a probability distribution with softmax.  Training
minimises the mean cross-entropy between those distributions and the true
labels, plus an L2 penalty on ``W``, with mini-batch stochastic gradient
descent.

Shapes used throughout (the course notes write ``O = XW + b``):

========  ============  ===================================================
name      shape         meaning
========  ============  ===================================================
``X``     ``(n, d)``    a batch of ``n`` examples with ``d`` features each
``W``     ``(d, K)``    one column of weights per class
``b``     ``(K,)``      one bias per class
``Z``     ``(n, K)``    logits, ``X @ W + b``
``y``     ``(n,)``      integer labels in ``[0, K)``
========  ============  ===================================================

Every function accepts float32 and float64 input and never modifies its
arguments.  Only ``numpy`` and the standard library may be imported here.
"""

import numpy as np


def softmax(z):
    """Row-wise softmax: turn scores into probabilities.  (ep01, ep02)

    ``softmax(z)[i, k] = exp(z[i, k]) / sum_j exp(z[i, j])``

    Parameters
    ----------
    z : (K,) or (n, K) float
        Scores (logits) of one example or of a batch, one row per example.

    Returns
    -------
    p : float array, same shape as ``z``
        Every entry is in [0, 1] and every row sums to 1.

    Notes
    -----
    ep01, softmax vs sigmoid: with two classes, ``softmax([a, b])[0]`` equals
    ``sigmoid(a - b)``; softmax is the many-class version of the sigmoid,
    and unlike K separate sigmoids its outputs always sum to 1.

    ep02, numerical stability: ``exp(1000.0)`` overflows to ``inf``.  Adding
    the same constant to every score of a row does not change its softmax, so
    subtract each row's own maximum before ``exp``: the largest exponent is
    then ``exp(0) = 1`` and nothing can overflow.

    Hints
    -----
    Use ``axis=-1`` and ``keepdims=True`` so the same code handles one row
    and a batch of rows.
    """
    ### BEGIN SOLUTION ep01
    z = _as_float_array(z)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)
    ### END SOLUTION


def log_softmax(z):
    """Row-wise logarithm of softmax, through the log-sum-exp trick.  (ep02)

    ``log_softmax(z)[i, k] = z[i, k] - log(sum_j exp(z[i, j]))``

    Parameters
    ----------
    z : (K,) or (n, K) float
        Scores (logits), one row per example.

    Returns
    -------
    logp : float array, same shape as ``z``
        Log-probabilities: every entry is <= 0, and finite for every finite
        ``z``, even ``[1e4, 0, -1e4]`` whose softmax underflows to 0.

    Notes
    -----
    ep02, numerical stability: ``np.log(softmax(z))`` gives ``-inf`` where
    softmax underflowed to 0.  With ``m`` the row maximum,
    ``log(sum_j exp(z_j)) = m + log(sum_j exp(z_j - m))``: every exponent is
    <= 0, and the sum is at least 1, so the logarithm is always finite.

    Hints
    -----
    Never take the log of a probability; work with the shifted scores.
    """
    ### BEGIN SOLUTION ep02
    z = _as_float_array(z)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
    ### END SOLUTION


def predict(W, b, X):
    """Predicted class of every example: the argmax of its logits.  (ep03)

    Parameters
    ----------
    W : (d, K) float
        Weights.
    b : (K,) float
        Biases.
    X : (n, d) float
        Examples, one per row.

    Returns
    -------
    labels : (n,) int
        ``labels[i]`` is the class with the largest logit ``(X @ W + b)[i]``.

    Notes
    -----
    ep03, softmax vs argmax: softmax is increasing in every logit, so the
    class with the largest probability is the class with the largest logit;
    prediction needs no softmax at all.  Training, on the other hand, needs
    softmax: argmax is a step function whose gradient is 0 almost everywhere,
    so it cannot tell the weights which way to move.

    Hints
    -----
    One matrix product, one ``np.argmax`` along the class axis.
    """
    ### BEGIN SOLUTION ep03
    return np.argmax(X @ W + b, axis=1)
    ### END SOLUTION


def cross_entropy(logits, y):
    """Mean cross-entropy loss of a batch, computed from logits.  (ep04, ep06)

    ``loss = -(1/n) * sum_i log softmax(logits)[i, y_i]``

    Parameters
    ----------
    logits : (n, K) float
        Scores ``Z = X @ W + b``.
    y : (n,) int, or (n, K) float
        Either integer labels in ``[0, K)``, or one row of class probabilities
        per example (one-hot rows or soft labels, each row summing to 1).  For
        probability rows the loss is
        ``-(1/n) * sum_i sum_k y[i, k] * log softmax(logits)[i, k]``.

    Returns
    -------
    loss : float
        A Python float (a numpy scalar or 0-d array is accepted too).

    Notes
    -----
    ep04, cross-entropy: the loss is the average surprise ``-log p`` of the
    true class; it is 0 only for a confident correct prediction and grows
    without bound for a confident wrong one.  With all logits 0 it is
    ``log K``, the first sanity check of any classifier.

    ep06, NLL = cross-entropy: with one-hot rows only the true class's term of
    ``sum_k y[i, k] * log p[i, k]`` survives, so the cross-entropy against
    ``one_hot(y)`` is the negative log-likelihood of the labels ``y``.

    Hints
    -----
    Use ``log_softmax``, never ``np.log(softmax(...))``, so that extreme
    logits give a large finite loss rather than ``inf``.  Take the mean over
    rows, not the sum.  ``y.ndim`` tells the two label forms apart.
    """
    ### BEGIN SOLUTION ep04
    logp = log_softmax(logits)
    y = np.asarray(y)
    n = logp.shape[0]
    if y.ndim == 1:
        picked = logp[np.arange(n), y]
        return float(-np.mean(picked))
    return float(-np.sum(y * logp) / n)
    ### END SOLUTION


def cross_entropy_grad(logits, y):
    """Gradient of the mean cross-entropy with respect to the logits.  (ep05, ep06)

    ``d loss / d logits = (softmax(logits) - Y) / n``, with ``Y`` the one-hot
    rows of ``y`` (or ``y`` itself when it already holds probability rows).

    Parameters
    ----------
    logits : (n, K) float
        Scores ``Z = X @ W + b``.
    y : (n,) int, or (n, K) float
        Integer labels or probability rows, as for ``cross_entropy``.

    Returns
    -------
    dZ : (n, K) float
        Finite for every finite input; every row sums to 0.

    Notes
    -----
    ep05, the gradient p - y: differentiating ``-log softmax(z)[c]`` with
    respect to ``z_k`` gives ``p_k - 1`` for the true class and ``p_k`` for
    the others.  The ``1/n`` comes from the mean in the loss.

    Hints
    -----
    Reuse your stable ``softmax``.  Check your answer against a numerical
    gradient: nudge one logit by ``h`` both ways and compare
    ``(loss(z + h) - loss(z - h)) / (2h)`` with your entry.
    """
    ### BEGIN SOLUTION ep05
    p = softmax(logits)
    y = np.asarray(y)
    n = p.shape[0]
    if y.ndim == 2:
        return (p - y) / n
    # p - one_hot(y, K) without building Y: subtract 1 at each true class,
    # in p's own dtype (a float64 Y would turn float32 work into float64)
    p[np.arange(n), y] -= 1
    p /= n
    return p
    ### END SOLUTION


def one_hot(y, n_classes):
    """One-hot rows of integer labels.  (ep06)

    Parameters
    ----------
    y : (n,) int
        Labels in ``[0, n_classes)``.
    n_classes : int
        Number of classes ``K``.

    Returns
    -------
    Y : (n, n_classes) float
        ``Y[i, y[i]] = 1`` and every other entry 0.

    Notes
    -----
    ep06, NLL = cross-entropy: a one-hot row is the probability distribution
    that puts all its mass on the true class.  ``cross_entropy`` and
    ``cross_entropy_grad`` must give the same result for ``y`` and for
    ``one_hot(y, K)``.

    Hints
    -----
    Start from ``np.zeros`` and set one entry per row with integer-array
    indexing: ``Y[np.arange(n), y] = 1``.
    """
    ### BEGIN SOLUTION ep06
    y = np.asarray(y)
    Y = np.zeros((y.shape[0], int(n_classes)))
    Y[np.arange(y.shape[0]), y] = 1.0
    return Y
    ### END SOLUTION


def init_params(n_features, n_classes, rng, scale=0.01):
    """Initial weights and biases.  (ep07)

    Parameters
    ----------
    n_features : int
        Number of input features ``d``.
    n_classes : int
        Number of classes ``K``.
    rng : numpy.random.Generator
        The only source of randomness; draw from it, never from
        ``np.random.<function>`` (the global state).
    scale : float, optional
        Standard deviation of the weights (default 0.01).

    Returns
    -------
    W : (n_features, n_classes) float
        Exactly ``rng.normal(0.0, scale, size=(n_features, n_classes))``.
    b : (n_classes,) float
        Zeros.

    Notes
    -----
    ep07, initialisation: for a linear softmax classifier even all-zero
    weights would train (there is no hidden layer whose units could stay
    identical), but small random weights are the habit that deeper networks
    need, and they keep the first logits near 0, so the initial loss is close
    to ``log K``.

    Hints
    -----
    One call to ``rng.normal`` with the exact arguments above, so that the
    same seed gives everyone the same weights.
    """
    ### BEGIN SOLUTION ep07
    W = rng.normal(0.0, scale, size=(n_features, n_classes))
    b = np.zeros(n_classes)
    return W, b
    ### END SOLUTION


def l2_penalty(W, reg):
    """L2 penalty on the weights and its gradient.  (ep08)

    Parameters
    ----------
    W : (d, K) float
        Weights.  The bias is never regularised, so it is not an argument.
    reg : float
        Regularisation strength (>= 0).

    Returns
    -------
    penalty : float
        ``0.5 * reg * sum(W ** 2)``.
    dW : (d, K) float
        Its gradient, ``reg * W``.

    Notes
    -----
    ep08, L2 regularisation: the penalty pulls every weight towards 0 by a
    fraction ``lr * reg`` per step ("weight decay"), preferring many small
    weights over a few large ones.  The ``0.5`` makes the gradient exactly
    ``reg * W``.

    Hints
    -----
    Return a new array for ``dW``; do not scale ``W`` in place.
    """
    ### BEGIN SOLUTION ep08
    penalty = 0.5 * reg * float(np.vdot(W, W))
    return penalty, reg * W
    ### END SOLUTION


def loss_and_grad(W, b, X, y, reg):
    """Full training objective of a batch and its gradients.  (ep08)

    ``loss = cross_entropy(X @ W + b, y) + l2_penalty(W, reg)[0]``

    Parameters
    ----------
    W : (d, K) float
        Weights.
    b : (K,) float
        Biases.
    X : (n, d) float
        A batch of examples.
    y : (n,) int
        Their labels.
    reg : float
        L2 regularisation strength.

    Returns
    -------
    loss : float
        Mean cross-entropy plus the L2 penalty.
    dW : (d, K) float
        ``d loss / d W = X.T @ dZ + reg * W``, with ``dZ`` the gradient of the
        cross-entropy with respect to the logits.
    db : (K,) float
        ``d loss / d b``, the column sums of ``dZ`` (no penalty on ``b``).

    Hints
    -----
    Chain rule: ``Z = X @ W + b``, so ``dW = X.T @ dZ`` and ``db`` sums
    ``dZ`` over the batch.  Build this from ``cross_entropy``,
    ``cross_entropy_grad`` and ``l2_penalty``.
    """
    ### BEGIN SOLUTION ep08
    Z = X @ W
    Z += b
    y = np.asarray(y)
    if y.ndim == 1:
        # cross_entropy(Z, y) and cross_entropy_grad(Z, y) in one pass
        loss, dZ = _cross_entropy_and_grad(Z, y)
    else:  # probability rows, which cross_entropy and its gradient accept too
        loss, dZ = cross_entropy(Z, y), cross_entropy_grad(Z, y)
    penalty, dW_reg = l2_penalty(W, reg)
    dW = X.T @ dZ
    dW += dW_reg
    return loss + penalty, dW, np.sum(dZ, axis=0)
    ### END SOLUTION


def minibatches(n, batch_size, rng):
    """One epoch of shuffled mini-batch indices.  (ep09)

    Parameters
    ----------
    n : int
        Number of training examples.
    batch_size : int
        Size of every batch but possibly the last.
    rng : numpy.random.Generator
        Source of the shuffle.

    Returns
    -------
    batches : list of (m,) int arrays, or a generator of them
        With ``perm = rng.permutation(n)``: the batches
        ``perm[i:i + batch_size]`` for ``i`` in ``range(0, n, batch_size)``.
        Together they hold every index exactly once; the last batch is
        smaller when ``batch_size`` does not divide ``n``.

    Notes
    -----
    ep09, mini-batches: a batch gradient is a cheap, noisy estimate of the
    full gradient.  Shuffling anew every epoch keeps the batches from always
    grouping the same examples.

    Hints
    -----
    Draw the permutation once per call; do not drop the last partial batch.
    """
    ### BEGIN SOLUTION ep09
    perm = rng.permutation(n)
    return [perm[i:i + batch_size] for i in range(0, n, batch_size)]
    ### END SOLUTION


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    """Train the classifier with mini-batch SGD.  (ep09, ep10)

    Parameters
    ----------
    X : (n, d) float
        Training examples.
    y : (n,) int
        Training labels in ``[0, K)``.
    X_val : (m, d) float, optional
        Validation examples.
    y_val : (m,) int, optional
        Validation labels.
    n_classes : int, optional
        ``K``; default ``int(y.max()) + 1``.
    epochs : int
        Passes over the training set.
    batch_size : int
        Examples per SGD step.
    lr : float
        Learning rate.
    reg : float
        L2 regularisation strength.
    seed : int
        Seed of the one random generator, ``np.random.default_rng(seed)``.

    Returns
    -------
    W : (d, K) float
        Trained weights.
    b : (K,) float
        Trained biases.
    history : dict
        ``history["train_loss"]``: one float per epoch, the plain mean of that
        epoch's batch losses (penalty included).  ``history["val_acc"]``: one
        float per epoch, the accuracy of ``predict`` on the validation set
        after that epoch, or ``[]`` unless both ``X_val`` and ``y_val`` are
        given.

    Notes
    -----
    The protocol, so that two correct implementations agree exactly: make
    ``rng = np.random.default_rng(seed)``; its first use is
    ``W, b = init_params(d, K, rng)``; every epoch iterates
    ``minibatches(n, batch_size, rng)`` and takes one step
    ``W -= lr * dW; b -= lr * db`` per batch, with ``loss_and_grad`` on that
    batch.  Call the module's own ``init_params``, ``minibatches``,
    ``loss_and_grad`` and ``predict``.

    ep10, monitoring: a falling training loss says the optimiser works; the
    validation accuracy says whether what it learns generalises.

    Hints
    -----
    Start ``history`` fresh inside the function (no mutable default
    arguments), and do not modify ``X`` or ``y``.
    """
    ### BEGIN SOLUTION ep09
    X = np.asarray(X)
    y = np.asarray(y)
    n, d = X.shape
    k = int(n_classes) if n_classes is not None else int(y.max()) + 1
    rng = np.random.default_rng(seed)
    W, b = init_params(d, k, rng)
    # float32 input trains in float32: a float64 W would upcast every batch
    # to float64 before X @ W.  Float64 input keeps init_params' dtype.
    single = X.dtype == np.float32
    # own writable copies, so the steps below can update them in place
    W = np.array(W, dtype=np.float32 if single else None)
    b = np.array(b, dtype=np.float32 if single else None)
    history = {"train_loss": [], "val_acc": []}
    monitor = X_val is not None and y_val is not None
    for _ in range(epochs):
        batch_losses = []
        for idx in minibatches(n, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)
            W -= lr * dW
            b -= lr * db
            batch_losses.append(float(loss))
        history["train_loss"].append(float(np.mean(batch_losses)))
        if monitor:
            accuracy = np.mean(predict(W, b, X_val) == np.asarray(y_val))
            history["val_acc"].append(float(accuracy))
    return W, b, history
    ### END SOLUTION


### BEGIN SOLUTION
def _cross_entropy_and_grad(logits, y):
    """``cross_entropy(logits, y)`` and ``cross_entropy_grad(logits, y)`` at once.

    The training loop's hot spot: one ``exp`` serves both the loss and the
    gradient, and ``logits`` (a fresh ``(n, K)`` array owned by the caller)
    is overwritten with the gradient instead of allocating new arrays.

    Parameters
    ----------
    logits : (n, K) float
        Scores; overwritten.
    y : (n,) int
        Labels.

    Returns
    -------
    loss : float
    dZ : (n, K) float
        The same array as ``logits``, now ``(softmax(logits) - one_hot(y)) / n``.
    """
    n = logits.shape[0]
    rows = np.arange(n)
    logits -= np.max(logits, axis=1, keepdims=True)
    true_logit = logits[rows, y]
    e = np.exp(logits, out=logits)
    total = np.sum(e, axis=1, keepdims=True)
    # log_softmax[i, y_i] = shifted[i, y_i] - log(total_i), averaged over rows
    loss = (np.sum(np.log(total)) - np.sum(true_logit)) / n
    e /= total * n
    e[rows, y] -= 1 / n
    return float(loss), e


def _as_float_array(z):
    """``z`` as a floating array: float32 and float64 kept, others to float64."""
    z = np.asarray(z)
    if not np.issubdtype(z.dtype, np.floating):
        z = z.astype(np.float64)
    return z
### END SOLUTION
