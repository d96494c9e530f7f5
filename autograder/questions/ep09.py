"""ep09, mini-batches: ``minibatches`` shuffles an epoch; ``train`` follows the protocol.

While ``train`` is graded, the functions it calls (``init_params``,
``minibatches``, ``loss_and_grad``, ``predict``) are the reference's, served
by the grader, so only the training loop itself is judged here.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect, oracle
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import separable_problem

Q = "ep09"
declare_hidden(Q, weight=5.0)
SIZES = dict(n=st.integers(1, 60), batch_size=st.integers(1, 25))


def _batches(sub, n, batch_size, rng):
    result = sub.call("minibatches", n, batch_size, rng, options={"materialize": True})
    batches = result.value
    expect.that(isinstance(batches, (list, tuple)),
                tr("minibatches returned {description}; expected a list or a generator of "
                   "index arrays", description=expect.describe(batches)))
    checked = []
    for batch in batches:
        array = expect.array(batch, "minibatches(n, batch_size, rng)[i]", kind="iu", ndim=1)
        checked.append(array)
    return checked, result


@check(Q, "an epoch covers every index once", weight=1.5, public=True,
       hint="perm = rng.permutation(n), then slice it: every index in exactly one batch")
@given(seed=st.integers(0, 2**16), **SIZES)
def epoch_is_a_permutation(sub, seed, n, batch_size):
    """The batches of one call, concatenated, are a permutation of range(n)."""
    batches, _ = _batches(sub, n, batch_size, np.random.default_rng(seed))
    joined = np.concatenate(batches) if batches else np.array([], dtype=int)
    expect.that(np.array_equal(np.sort(joined), np.arange(n)),
                tr("the batches do not hold every index of range(n) exactly once"),
                expected=np.arange(n), got=joined)


@check(Q, "batch sizes, last one partial", weight=1.5, public=True,
       hint="for i in range(0, n, batch_size): perm[i:i + batch_size]; keep the smaller "
            "last batch")
@given(seed=st.integers(0, 2**16), **SIZES)
def batches_have_the_right_sizes(sub, seed, n, batch_size):
    """All batches have batch_size indices except the last, which has the remainder."""
    batches, _ = _batches(sub, n, batch_size, np.random.default_rng(seed))
    sizes = [len(b) for b in batches]
    expected = [min(batch_size, n - i) for i in range(0, n, batch_size)]
    expect.that(sizes == expected, tr("the batch sizes are wrong"), expected=expected, got=sizes)


def _train(sub, X, y, *, check_mutation=False, **kwargs):
    result = sub.call("train", X, y, **kwargs, options={"check_mutation": check_mutation})
    value = result.value
    expect.pair(value, "train(X, y, ...)", ("W", "b", "history"))
    W = expect.array(value[0], "W", shape=(X.shape[1], kwargs.get("n_classes")
                                           or int(y.max()) + 1))
    b = expect.array(value[1], "b", shape=(W.shape[1],))
    expect.that(isinstance(value[2], dict),
                tr("history is {description}; expected a dict",
                   description=expect.describe(value[2])))
    return W, b, value[2], result


@check(Q, "one epoch of one batch = one SGD step", weight=2, public=True,
       hint="rng = np.random.default_rng(seed); W, b = init_params(d, K, rng); then for "
            "each batch of minibatches(n, batch_size, rng): W -= lr * dW; b -= lr * db")
@given(seed=st.integers(0, 1000), lr=st.sampled_from([0.05, 0.5]),
       reg=st.sampled_from([0.0, 0.01]))
def one_batch_is_one_step(sub, seed, lr, reg):
    """With epochs=1 and batch_size >= n, train takes exactly one gradient step from init_params."""
    X, y = separable_problem(n=30, seed=seed % 7)
    W, b, _, _ = _train(sub, X, y, epochs=1, batch_size=64, lr=lr, reg=reg, seed=seed)
    # the contract's exact draws, and torch for the gradient
    rng = np.random.default_rng(seed)
    W0, b0 = rng.normal(0.0, 0.01, size=(X.shape[1], 3)), np.zeros(3)
    batch = rng.permutation(len(X))
    _, dW, db = oracle.objective_and_grads(W0, b0, X[batch], y[batch], reg)
    expect.close(W, W0 - lr * dW, "W")
    expect.close(b, b0 - lr * db, "b")
    # the arguments were read-only: a write into one raised in the worker
