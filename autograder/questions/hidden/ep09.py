"""Hidden checks of ep09, mini-batches: ``minibatches`` shuffles an epoch; ``train`` follows the
protocol."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect
from ...checks import check
from ...i18n import tr
from ...strategies import separable_problem
from .. import _gate
from ..ep09 import (
    SIZES,
    Q,
    _batches,
    _follows_the_protocol,
    _permutation,
    _train,
    _trains_by_the_protocol,
)


# 20 examples: sizes with and without a partial last batch
@check(Q, "the exact shuffle from the given generator", weight=1, grades=("minibatches",),
       max_examples=20)
@given(seed=st.integers(0, 2**16), **SIZES)
def shuffle_is_the_contract_draw(sub, seed, n, batch_size):
    """The batches are rng.permutation(n) cut into slices, drawn from the rng argument.

    Hint: the same seed must give everyone the same batches: one call rng.permutation(n) on the rng
    argument, sliced in order, nothing else drawn
    """
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


# 10 examples: a cached or reseeded shuffle repeats for any seed
@check(Q, "a fresh shuffle every epoch", weight=1, grades=("minibatches",), max_examples=10)
@given(seed=st.integers(0, 2**16), n=st.integers(20, 60), batch_size=st.integers(1, 25))
def every_epoch_is_shuffled_anew(sub, seed, n, batch_size):
    """Two calls with the same generator give two different permutations of range(n), neither of
    them sorted.

    Hint: call minibatches twice with one generator: the two epochs must come out in different
    orders; draw a new permutation on every call, never cache or reseed
    """
    rng = np.random.default_rng(seed)
    _, a, result = _permutation(sub, n, batch_size, rng)
    _, b, _ = _permutation(sub, n, batch_size, result.generator_after(2))
    expect.that(not np.array_equal(a, np.arange(n)), tr("the indices are not shuffled"),
                got=a)
    expect.that(not np.array_equal(a, b), tr("two epochs came out in the same order"),
                expected=a, got=b)


# 12 examples: each trains a model; epochs, batch sizes and n_classes vary together
@check(Q, "several epochs follow the protocol", weight=1, grades=("train",), max_examples=12)
@given(seed=st.integers(0, 1000), epochs=st.integers(1, 4),
       batch_size=st.sampled_from([7, 16, 50]), n_classes=st.sampled_from([None, 4]))
def matches_the_reference_trainer(sub, seed, epochs, batch_size, n_classes):
    """train's W and b equal the protocol's for the same seed and hyper-parameters.

    Hint: draw nothing else from rng, call minibatches once per epoch, and update W and b after
    every batch with the same lr
    """
    X, y = separable_problem(n=50, seed=seed % 5)
    _follows_the_protocol(sub, X, y, epochs=epochs, batch_size=batch_size, lr=0.2, reg=0.01,
                          seed=seed, n_classes=n_classes)


# 4 examples: accepting float32 does not depend on the seed
@check(Q, "float32 data", weight=0.5, grades=("train",), max_examples=4)
@given(seed=st.integers(0, 1000), batch_size=st.sampled_from([7, 16]))
def trains_on_float32_data(sub, seed, batch_size):
    """train accepts float32 X and follows the protocol to float32 precision.

    Hint: the contract accepts float32 X: no dtype checks, no float64-only code; X and y are indexed
    with each batch, never converted in place
    """
    X, y = separable_problem(n=40, seed=seed % 5)
    _follows_the_protocol(sub, X.astype(np.float32), y, dtype=np.float32, epochs=2,
                          batch_size=batch_size, lr=0.2, reg=0.01, seed=seed)


# 5 examples: three trainings each; a seed ignored shows on the first
@check(Q, "deterministic for a seed", weight=0.5, grades=("train",), max_examples=5)
@given(seed=st.integers(0, 1000))
def same_seed_same_result(sub, seed):
    """Two calls with the same seed give the same W; another seed gives another W (and train follows
    the protocol).

    Hint: make every random choice from np.random.default_rng(seed)
    """
    _gate.once(sub, _trains_by_the_protocol)
    X, y = separable_problem(n=40)
    kwargs = {"epochs": 2, "batch_size": 8, "lr": 0.1, "reg": 0.0}
    W1, _, _, _ = _train(sub, X, y, seed=seed, **kwargs)
    W2, _, _, _ = _train(sub, X, y, seed=seed, **kwargs)
    W3, _, _, _ = _train(sub, X, y, seed=seed + 1, **kwargs)
    expect.that(np.array_equal(W1, W2), tr("two runs with the same seed gave different W"))
    expect.that(not np.array_equal(W1, W3),
                tr("two different seeds gave the same W: is the seed used?"))


@check(Q, "inputs untouched", weight=0.5, grades=("train",))
def does_not_modify_inputs(sub):
    """train modifies neither X, y nor the validation arrays (and follows the protocol).

    Hint: never scale or shuffle X or y in place; index them with the batch instead
    """
    X, y = separable_problem(n=60)
    X_val, y_val = separable_problem(n=30, seed=1)
    # read-only arguments: a write into one raises in the worker
    # explicit hyper-parameters: a changed default is the end-to-end check's business
    _follows_the_protocol(sub, X, y, check_mutation=True, X_val=X_val, y_val=y_val, epochs=2,
                          batch_size=16, lr=0.1, reg=1e-4, seed=0)


@check(Q, "calls the module's own functions", weight=0.5, grades=("train",))
def calls_the_module_functions(sub):
    """train calls init_params once, minibatches once per epoch, loss_and_grad once per batch, and
    predict for the validation data.

    Hint: inside train call init_params, minibatches, loss_and_grad and predict by their module
    names, once per use, not private copies of them
    """
    _gate.once(sub, _trains_by_the_protocol)
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
