"""ep07, initialisation: small random weights from the given generator, zero bias."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check
from ..i18n import tr
from . import _gate

Q = "ep07"
SIZES = {"d": st.integers(1, 30), "k": st.integers(2, 10)}


def _drawn_from_normal(sub):
    """Gate of the properties a constant also has: W must look like N(0, scale^2) draws."""
    W, _, _ = _params(sub, 784, 10, np.random.default_rng(2024), 0.5)
    mean, std = float(W.mean()), float(W.std())
    # 7840 draws: the std of the sample mean is 0.5/88.5, of the sample std ~0.5/125
    ok = abs(mean) < 0.03 and abs(std - 0.5) < 0.025 and np.unique(W).size > 100
    expect.that(ok, tr("W does not look like draws from N(0, 0.5^2)"),
                expected="mean ~ 0, std ~ 0.5", got=f"mean {mean:.4f}, std {std:.4f}")


def _params(sub, d, k, rng, *args, options=None, **kwargs):
    result = sub.call("init_params", d, k, rng, *args, options=options, **kwargs)
    value = result.value
    expect.pair(value, "init_params(d, K, rng)", ("W", "b"))
    W = expect.array(value[0], "W", shape=(d, k))
    b = expect.array(value[1], "b", shape=(k,))
    return W, b, result


@check(Q, "W of shape (d, K), b of shape (K,)", weight=1, public=True,
       hint="init_params returns a pair (W, b): W has one column per class and one row per "
            "feature, b one entry per class; W must be random draws of spread scale, not a "
            "constant or zeros")
@given(**SIZES)
def returns_weights_and_bias(sub, d, k):
    """init_params(d, K, rng) returns (W, b): float arrays of shapes (d, K) and (K,), W drawn from N(0, scale^2)."""
    _params(sub, d, k, np.random.default_rng(0))
    _gate.once(sub, _drawn_from_normal)


@check(Q, "bias starts at zero", weight=0.5,
       hint="the bias needs no randomness: every entry of b starts at 0, while W holds the "
            "random draws")
@given(**SIZES)
def bias_is_zero(sub, d, k):
    """b is all zeros (and W random draws of spread scale)."""
    _, b, _ = _params(sub, d, k, np.random.default_rng(1))
    expect.that(np.all(b == 0), tr("b is not all zeros"), expected=np.zeros(k), got=b)
    _gate.once(sub, _drawn_from_normal)


@check(Q, "the exact draw from the given generator", weight=1.5, public=True,
       hint="the same seed must give everyone the same W: draw from the rng argument only "
            "(not np.random.*, not a new default_rng), once, with rng.normal(0.0, scale, "
            "size=(n_features, n_classes)), and draw nothing else from it")
@given(seed=st.integers(0, 2**32 - 1), scale=st.sampled_from([0.01, 0.1, 1.0]), **SIZES)
def draws_from_the_given_generator(sub, seed, scale, d, k):
    """W equals rng.normal(0.0, scale, size=(d, K)) drawn from the rng argument, which is used for nothing else."""
    W, _, result = _params(sub, d, k, np.random.default_rng(seed), scale)
    rng = np.random.default_rng(seed)
    expected_W = rng.normal(0.0, scale, size=(d, k))  # the contract's draw
    expect.close(W, expected_W, "W", rtol=1e-12, atol=0,
                 message=tr("W is not the draw rng.normal(0.0, scale, size=(d, K)) from "
                            "the given generator"))
    expect.that(result.generator_after(2).bit_generator.state == rng.bit_generator.state,
                tr("init_params drew more (or less) from rng than W's one draw"))


@check(Q, "default scale 0.01", weight=0.5,
       hint="scale is an optional parameter with the default value 0.01 in the signature, "
            "and W uses the scale it is given")
@given(**SIZES)
def default_scale_is_small(sub, d, k):
    """Without a scale argument, W is the draw with scale 0.01 (and a given scale is used)."""
    W, _, _ = _params(sub, d, k, np.random.default_rng(7))
    expected_W = np.random.default_rng(7).normal(0.0, 0.01, size=(d, k))
    expect.close(W, expected_W, "W (scale=0.01)", rtol=1e-12, atol=0)
    _gate.once(sub, _drawn_from_normal)


@check(Q, "W ~ N(0, scale^2)", weight=1,
       hint="print W.mean() and W.std() for a large W: they must be about 0 and scale; "
            "scale is a standard deviation (not a variance) of a normal (not uniform) draw")
def weights_have_the_right_spread(sub):
    """For d=784, K=10, scale=0.5: W is not constant, its mean is about 0 and its std about 0.5."""
    _drawn_from_normal(sub)


@check(Q, "independent of numpy's global random state", weight=0.5,
       hint="call init_params twice after different np.random.seed(...) calls: the "
            "results must be equal; np.random.<function> draws from a global state shared "
            "by all code, rng.<method> only from the generator you were given")
@given(seed=st.integers(0, 2**16), **SIZES)
def ignores_the_global_state(sub, seed, d, k):
    """init_params(d, K, rng) gives the same W and b whatever numpy's global random state is (W random draws)."""
    sub.reseed_global_random_state(seed)
    W1, b1, _ = _params(sub, d, k, np.random.default_rng(3))
    sub.reseed_global_random_state(seed + 1)
    W2, b2, _ = _params(sub, d, k, np.random.default_rng(3))
    expect.that(np.array_equal(W1, W2) and np.array_equal(b1, b2),
                tr("init_params used numpy's global random state (np.random.*)"),
                expected=W1, got=W2)
    _gate.once(sub, _drawn_from_normal)
