"""ep09, mini-batches: ``minibatches`` shuffles an epoch; ``train`` follows the protocol.

``train`` is compared with the protocol replayed by the grader with the
functions ``train`` is meant to call (``_training``): the reference's, served
by the grader, or in ``--public-only`` grading the student's own.  So only the
training loop itself is judged here, in both modes.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import separable_problem
from . import _training

Q = "ep09"
declare_hidden(Q, weight=5)
SIZES = {"n": st.integers(1, 60), "batch_size": st.integers(1, 25)}
#: a correct shuffle of this many indices is sorted with probability 1/8! only
SHUFFLED_FROM = 8


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


def _joined_permutation(batches, n):
    """The batches joined, failing unless together they hold range(n) once."""
    joined = np.concatenate(batches) if batches else np.array([], dtype=int)
    expect.that(np.array_equal(np.sort(joined), np.arange(n)),
                tr("the batches do not hold every index of range(n) exactly once"),
                expected=np.arange(n), got=joined)
    return joined


def _permutation(sub, n, batch_size, rng):
    """The batches of one call and their join, failing unless it is a permutation of range(n)."""
    batches, result = _batches(sub, n, batch_size, rng)
    return batches, _joined_permutation(batches, n), result


# 20 examples: sizes with and without a partial last batch
@check(Q, "an epoch covers every index once", weight=1.5, grades=("minibatches",), public=True,
       max_examples=20)
@given(seed=st.integers(0, 2**16), **SIZES)
def epoch_is_a_permutation(sub, seed, n, batch_size):
    """The batches of one call, concatenated, are a shuffled permutation of range(n).

    Hint: join the batches of one epoch and sort them: you must get 0, 1, ..., n-1, each once, in
    shuffled order before sorting; shuffle the indices once, then cut that one permutation into
    slices, keeping the last partial one
    """
    _, joined, _ = _permutation(sub, n, batch_size, np.random.default_rng(seed))
    expect.that(n < SHUFFLED_FROM or not np.array_equal(joined, np.arange(n)),
                tr("the indices are not shuffled"), got=joined)


# 20 examples: sizes with and without a partial last batch
@check(Q, "batch sizes, last one partial", weight=1.5, grades=("minibatches",), public=True,
       max_examples=20)
@given(seed=st.integers(0, 2**16), **SIZES)
def batches_have_the_right_sizes(sub, seed, n, batch_size):
    """All batches have batch_size indices except the last, which has the remainder; together they
    hold range(n).

    Hint: count the indices of each batch for n = 10, batch_size = 4: you must get 4, 4, 2. A
    missing 2 means the last partial batch was dropped, so some examples are never trained on
    """
    batches, _ = _batches(sub, n, batch_size, np.random.default_rng(seed))
    sizes = [len(b) for b in batches]
    expected = [min(batch_size, n - i) for i in range(0, n, batch_size)]
    expect.that(sizes == expected, tr("the batch sizes are wrong"), expected=expected, got=sizes)
    _joined_permutation(batches, n)


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


def _follows_the_protocol(sub, X, y, *, dtype=np.float64, check_mutation=False, **kwargs):
    """train's W and b equal the protocol replayed with the functions train ran with."""
    W, b, _, _ = _train(sub, X, y, check_mutation=check_mutation, **kwargs)
    expected = _training.replay(_training.functions_used(sub), X, y, **kwargs)
    message = _training.diagnosis(W, b, expected) or None
    expect.close(W, expected.W, "W", dtype=dtype, message=message)
    expect.close(b, expected.b, "b", dtype=dtype, message=message)
    return W


def _trains_by_the_protocol(sub):
    """Gate of the properties a constant also has: two epochs of train follow the protocol."""
    X, y = separable_problem(n=40)
    _follows_the_protocol(sub, X, y, epochs=2, batch_size=8, lr=0.1, reg=0.0, seed=0)


# 10 examples: every (lr, reg) pair with a few seeds; each example trains a model
@check(Q, "one epoch of one batch = one SGD step", weight=2, grades=("train",), public=True,
       max_examples=10)
@given(seed=st.integers(0, 1000), lr=st.sampled_from([0.05, 0.5]),
       reg=st.sampled_from([0.0, 0.01]))
def one_batch_is_one_step(sub, seed, lr, reg):
    """With epochs=1 and batch_size >= n, train takes exactly one gradient step from init_params.

    Hint: with one batch per epoch, train must return exactly init_params' W minus lr times
    loss_and_grad's dW (same for b). rng = np.random.default_rng(seed) is used first by
    init_params(d, K, rng), then by minibatches(n, batch_size, rng); step downhill, W -= lr * dW
    """
    X, y = separable_problem(n=30, seed=seed % 7)
    _follows_the_protocol(sub, X, y, epochs=1, batch_size=64, lr=lr, reg=reg, seed=seed)
