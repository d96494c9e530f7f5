"""ep07, initialisation: small random weights from the given generator, zero bias."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr
from . import _gate

Q = "ep07"
declare_hidden(Q, weight=2.5)
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


# 10 examples: a shape mistake shows at any size; the value gate runs once
@check(Q, "W of shape (d, K), b of shape (K,)", weight=1, public=True, max_examples=10)
@given(**SIZES)
def returns_weights_and_bias(sub, d, k):
    """init_params(d, K, rng) returns (W, b): float arrays of shapes (d, K) and (K,), W drawn from
    N(0, scale^2).

    Hint: init_params returns a pair (W, b): W has one column per class and one row per feature, b
    one entry per class; W must be random draws of spread scale, not a constant or zeros
    """
    _params(sub, d, k, np.random.default_rng(0))
    _gate.once(sub, _drawn_from_normal)


# 15 examples: the three scales, each with several sizes and seeds
@check(Q, "the exact draw from the given generator", weight=1.5, public=True, max_examples=15)
@given(seed=st.integers(0, 2**32 - 1), scale=st.sampled_from([0.01, 0.1, 1.0]), **SIZES)
def draws_from_the_given_generator(sub, seed, scale, d, k):
    """W equals rng.normal(0.0, scale, size=(d, K)) drawn from the rng argument, which is used for
    nothing else.

    Hint: the same seed must give everyone the same W: draw from the rng argument only (not
    np.random.*, not a new default_rng), once, with rng.normal(0.0, scale, size=(n_features,
    n_classes)), and draw nothing else from it
    """
    W, _, result = _params(sub, d, k, np.random.default_rng(seed), scale)
    rng = np.random.default_rng(seed)
    expected_W = rng.normal(0.0, scale, size=(d, k))  # the contract's draw
    expect.close(W, expected_W, "W", rtol=1e-12, atol=0,
                 message=tr("W is not the draw rng.normal(0.0, scale, size=(d, K)) from "
                            "the given generator"))
    expect.that(result.generator_after(2).bit_generator.state == rng.bit_generator.state,
                tr("init_params drew more (or less) from rng than W's one draw"))
