"""Hidden checks of ep07, initialisation: small random weights from the given generator, zero bias."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect
from ...checks import check
from ...i18n import tr
from ..ep07 import SIZES, Q, _params


@check(Q, "bias starts at zero", weight=0.5,
       hint="b = np.zeros(n_classes); the bias needs no randomness")
@given(**SIZES)
def bias_is_zero(sub, d, k):
    """b is all zeros."""
    _, b, _ = _params(sub, d, k, np.random.default_rng(1))
    expect.that(np.all(b == 0), tr("b is not all zeros"), expected=np.zeros(k), got=b)


@check(Q, "default scale 0.01", weight=0.5,
       hint="give scale the default value 0.01 in the signature")
@given(**SIZES)
def default_scale_is_small(sub, d, k):
    """Without a scale argument, W is the draw with scale 0.01."""
    W, _, _ = _params(sub, d, k, np.random.default_rng(7))
    expected_W = np.random.default_rng(7).normal(0.0, 0.01, size=(d, k))
    expect.close(W, expected_W, "W (scale=0.01)", rtol=1e-12, atol=0)


@check(Q, "W ~ N(0, scale^2)", weight=1,
       hint="use a normal distribution with standard deviation scale (not variance, not "
            "uniform), centred at 0")
def weights_have_the_right_spread(sub):
    """For d=784, K=10, scale=0.5: W is not constant, its mean is about 0 and its std about 0.5."""
    W, _, _ = _params(sub, 784, 10, np.random.default_rng(2024), 0.5)
    mean, std = float(W.mean()), float(W.std())
    # 7840 draws: the std of the sample mean is 0.5/88.5, of the sample std ~0.5/125
    ok = abs(mean) < 0.03 and abs(std - 0.5) < 0.025 and np.unique(W).size > 100
    expect.that(ok, tr("W does not look like draws from N(0, 0.5^2)"),
                expected="mean ~ 0, std ~ 0.5", got=f"mean {mean:.4f}, std {std:.4f}")


@check(Q, "independent of numpy's global random state", weight=0.5,
       hint="draw only from the rng argument; np.random.seed / np.random.randn use the "
            "global state shared by all code")
@given(seed=st.integers(0, 2**16), **SIZES)
def ignores_the_global_state(sub, seed, d, k):
    """init_params(d, K, rng) gives the same W and b whatever numpy's global random state is."""
    sub.reseed_global_random_state(seed)
    W1, b1, _ = _params(sub, d, k, np.random.default_rng(3))
    sub.reseed_global_random_state(seed + 1)
    W2, b2, _ = _params(sub, d, k, np.random.default_rng(3))
    expect.that(np.array_equal(W1, W2) and np.array_equal(b1, b2),
                tr("init_params used numpy's global random state (np.random.*)"),
                expected=W1, got=W2)

