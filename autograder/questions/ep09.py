"""ep09, mini-batches: ``minibatches`` shuffles an epoch; ``train`` follows the protocol.

``train`` is compared with the protocol replayed by the grader with the
functions ``train`` itself ran with (``_training``): the reference's, served
by the grader, or in ``--public-only`` grading the student's own.  So only the
training loop itself is judged here, in both modes.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check
from ..i18n import tr
from ..strategies import separable_problem
from . import _gate, _training

Q = "ep09"
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


def _is_a_permutation(batches, n):
    joined = np.concatenate(batches) if batches else np.array([], dtype=int)
    return joined, np.array_equal(np.sort(joined), np.arange(n))


def _permutation(sub, n, batch_size, rng):
    """The batches of one call, failing unless together they hold range(n) once."""
    batches, result = _batches(sub, n, batch_size, rng)
    joined, ok = _is_a_permutation(batches, n)
    expect.that(ok, tr("the batches do not hold every index of range(n) exactly once"),
                expected=np.arange(n), got=joined)
    return batches, joined, result


@check(Q, "an epoch covers every index once", weight=1.5, public=True,
       hint="join the batches of one epoch and sort them: you must get 0, 1, ..., n-1, each "
            "once, in shuffled order before sorting; shuffle the indices once, then cut that "
            "one permutation into slices, keeping the last partial one")
@given(seed=st.integers(0, 2**16), **SIZES)
def epoch_is_a_permutation(sub, seed, n, batch_size):
    """The batches of one call, concatenated, are a shuffled permutation of range(n)."""
    _, joined, _ = _permutation(sub, n, batch_size, np.random.default_rng(seed))
    expect.that(n < SHUFFLED_FROM or not np.array_equal(joined, np.arange(n)),
                tr("the indices are not shuffled"), got=joined)


@check(Q, "batch sizes, last one partial", weight=1.5, public=True,
       hint="count the indices of each batch for n = 10, batch_size = 4: you must get "
            "4, 4, 2. A missing 2 means the last partial batch was dropped, so some "
            "examples are never trained on")
@given(seed=st.integers(0, 2**16), **SIZES)
def batches_have_the_right_sizes(sub, seed, n, batch_size):
    """All batches have batch_size indices except the last, which has the remainder; together they hold range(n)."""
    batches, _ = _batches(sub, n, batch_size, np.random.default_rng(seed))
    sizes = [len(b) for b in batches]
    expected = [min(batch_size, n - i) for i in range(0, n, batch_size)]
    expect.that(sizes == expected, tr("the batch sizes are wrong"), expected=expected, got=sizes)
    joined, ok = _is_a_permutation(batches, n)
    expect.that(ok, tr("the batches do not hold every index of range(n) exactly once"),
                expected=np.arange(n), got=joined)


@check(Q, "the exact shuffle from the given generator", weight=1,
       hint="the same seed must give everyone the same batches: one call "
            "rng.permutation(n) on the rng argument, sliced in order, nothing else drawn")
@given(seed=st.integers(0, 2**16), **SIZES)
def shuffle_is_the_contract_draw(sub, seed, n, batch_size):
    """The batches are rng.permutation(n) cut into slices, drawn from the rng argument."""
    batches, result = _batches(sub, n, batch_size, np.random.default_rng(seed))
    rng = np.random.default_rng(seed)
    perm = rng.permutation(n)  # the contract's draw
    expected = [perm[i:i + batch_size] for i in range(0, n, batch_size)]
    same = len(batches) == len(expected) and all(
        np.array_equal(a, e) for a, e in zip(batches, expected))
    expect.that(same, tr("the batches are not perm = rng.permutation(n) sliced in order"),
                expected=np.concatenate(expected), got=np.concatenate(batches)
                if batches else [])
    expect.that(result.generator_after(2).bit_generator.state == rng.bit_generator.state,
                tr("minibatches drew more (or less) from rng than one permutation"))


@check(Q, "a fresh shuffle every epoch", weight=1,
       hint="call minibatches twice with one generator: the two epochs must come out in "
            "different orders; draw a new permutation on every call, never cache or reseed")
@given(seed=st.integers(0, 2**16), n=st.integers(20, 60), batch_size=st.integers(1, 25))
def every_epoch_is_shuffled_anew(sub, seed, n, batch_size):
    """Two calls with the same generator give two different permutations of range(n), neither of them sorted."""
    rng = np.random.default_rng(seed)
    _, a, result = _permutation(sub, n, batch_size, rng)
    _, b, _ = _permutation(sub, n, batch_size, result.generator_after(2))
    expect.that(not np.array_equal(a, np.arange(n)), tr("the indices are not shuffled"),
                got=a)
    expect.that(not np.array_equal(a, b), tr("two epochs came out in the same order"),
                expected=a, got=b)


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
    W, b, _, result = _train(sub, X, y, check_mutation=check_mutation, **kwargs)
    W_expected, b_expected, _ = _training.replay(_training.functions_used(sub, result), X, y,
                                                 **kwargs)
    expect.close(W, W_expected, "W", dtype=dtype)
    expect.close(b, b_expected, "b", dtype=dtype)
    return W


def _trains_by_the_protocol(sub):
    """Gate of the properties a constant also has: two epochs of train follow the protocol."""
    X, y = separable_problem(n=40)
    _follows_the_protocol(sub, X, y, epochs=2, batch_size=8, lr=0.1, reg=0.0, seed=0)


# 10 examples: every (lr, reg) pair with a few seeds; each example trains a model
@check(Q, "one epoch of one batch = one SGD step", weight=2, public=True, max_examples=10,
       hint="with one batch per epoch, train must return exactly init_params' W minus lr "
            "times loss_and_grad's dW (same for b). rng = np.random.default_rng(seed) is "
            "used first by init_params(d, K, rng), then by minibatches(n, batch_size, rng); "
            "step downhill, W -= lr * dW")
@given(seed=st.integers(0, 1000), lr=st.sampled_from([0.05, 0.5]),
       reg=st.sampled_from([0.0, 0.01]))
def one_batch_is_one_step(sub, seed, lr, reg):
    """With epochs=1 and batch_size >= n, train takes exactly one gradient step from init_params."""
    X, y = separable_problem(n=30, seed=seed % 7)
    _follows_the_protocol(sub, X, y, epochs=1, batch_size=64, lr=lr, reg=reg, seed=seed)


# 12 examples: each trains a model; epochs, batch sizes and n_classes vary together
@check(Q, "several epochs follow the protocol", weight=1, max_examples=12,
       hint="draw nothing else from rng, call minibatches once per epoch, and update W "
            "and b after every batch with the same lr")
@given(seed=st.integers(0, 1000), epochs=st.integers(1, 4),
       batch_size=st.sampled_from([7, 16, 50]), n_classes=st.sampled_from([None, 4]))
def matches_the_reference_trainer(sub, seed, epochs, batch_size, n_classes):
    """train's W and b equal the protocol's for the same seed and hyper-parameters."""
    X, y = separable_problem(n=50, seed=seed % 5)
    _follows_the_protocol(sub, X, y, epochs=epochs, batch_size=batch_size, lr=0.2, reg=0.01,
                          seed=seed, n_classes=n_classes)


# 4 examples: accepting float32 does not depend on the seed
@check(Q, "float32 data", weight=0.5, max_examples=4,
       hint="the contract accepts float32 X: no dtype checks, no float64-only code; X and y "
            "are indexed with each batch, never converted in place")
@given(seed=st.integers(0, 1000), batch_size=st.sampled_from([7, 16]))
def trains_on_float32_data(sub, seed, batch_size):
    """train accepts float32 X and follows the protocol to float32 precision."""
    X, y = separable_problem(n=40, seed=seed % 5)
    _follows_the_protocol(sub, X.astype(np.float32), y, dtype=np.float32, epochs=2,
                          batch_size=batch_size, lr=0.2, reg=0.01, seed=seed)


# 5 examples: three trainings each; a seed ignored shows on the first
@check(Q, "deterministic for a seed", weight=0.5, max_examples=5,
       hint="make every random choice from np.random.default_rng(seed)")
@given(seed=st.integers(0, 1000))
def same_seed_same_result(sub, seed):
    """Two calls with the same seed give the same W; another seed gives another W (and train follows the protocol)."""
    _gate.once(sub, _trains_by_the_protocol)
    X, y = separable_problem(n=40)
    kwargs = {"epochs": 2, "batch_size": 8, "lr": 0.1, "reg": 0.0}
    W1, _, _, _ = _train(sub, X, y, seed=seed, **kwargs)
    W2, _, _, _ = _train(sub, X, y, seed=seed, **kwargs)
    W3, _, _, _ = _train(sub, X, y, seed=seed + 1, **kwargs)
    expect.that(np.array_equal(W1, W2), tr("two runs with the same seed gave different W"))
    expect.that(not np.array_equal(W1, W3),
                tr("two different seeds gave the same W: is the seed used?"))


@check(Q, "inputs untouched", weight=0.5,
       hint="never scale or shuffle X or y in place; index them with the batch instead")
def does_not_modify_inputs(sub):
    """train modifies neither X, y nor the validation arrays (and follows the protocol)."""
    X, y = separable_problem(n=60)
    X_val, y_val = separable_problem(n=30, seed=1)
    # read-only arguments: a write into one raises in the worker
    _follows_the_protocol(sub, X, y, check_mutation=True, X_val=X_val, y_val=y_val, epochs=2,
                          batch_size=16)


@check(Q, "calls the module's own functions", weight=1,
       hint="inside train call init_params, minibatches, loss_and_grad and predict by their "
            "module names, once per use, not private copies of them")
def calls_the_module_functions(sub):
    """train calls init_params once, minibatches once per epoch, loss_and_grad once per batch, and predict for the validation data."""
    X, y = separable_problem(n=50)
    X_val, y_val = separable_problem(n=20, seed=2)
    epochs, batch_size = 2, 16
    result = sub.call("train", X, y, X_val=X_val, y_val=y_val, epochs=epochs,
                      batch_size=batch_size, lr=0.1, reg=1e-4, seed=0)
    expected = {"init_params": 1, "minibatches": epochs,
                "loss_and_grad": epochs * -(-len(X) // batch_size), "predict": epochs}
    got = {name: result.served.get(name, 0) for name in expected}
    # how often predict runs belongs to monitoring (ep10): here only that it is used
    ok = all(got[name] == count for name, count in expected.items() if name != "predict") \
        and got["predict"] >= 1
    expect.that(ok, tr("train did not call the module's init_params, minibatches, "
                       "loss_and_grad and predict as the protocol says"),
                expected=expected, got=got)
