"""Hidden checks of ep07, initialisation: small random weights from the given generator, zero
bias."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect
from ...checks import check
from ...i18n import tr
from .. import _gate
from ..ep07 import SIZES, Q, _drawn_from_normal, _params


# 10 examples: a nonzero bias shows at any size; the value gate runs once
@check(Q, "bias starts at zero", weight=0.5, max_examples=10)
@given(**SIZES)
def bias_is_zero(sub, d, k):
    """b is all zeros (and W random draws of spread scale).

    Hint: the bias needs no randomness: every entry of b starts at 0, while W holds the random draws
    """
    _, b, _ = _params(sub, d, k, np.random.default_rng(1))
    expect.that(np.all(b == 0), tr("b is not all zeros"), expected=np.zeros(k), got=b)
    _gate.once(sub, _drawn_from_normal)


# 10 examples: a wrong default shows at any size
@check(Q, "default scale 0.01", weight=0.5, max_examples=10)
@given(**SIZES)
def default_scale_is_small(sub, d, k):
    """Without a scale argument, W is the draw with scale 0.01 (and a given scale is used).

    Hint: scale is an optional parameter with the default value 0.01 in the signature, and W uses
    the scale it is given
    """
    W, _, _ = _params(sub, d, k, np.random.default_rng(7))
    expected_W = np.random.default_rng(7).normal(0.0, 0.01, size=(d, k))
    expect.close(W, expected_W, "W (scale=0.01)", rtol=1e-12, atol=0)
    _gate.once(sub, _drawn_from_normal)


@check(Q, "W ~ N(0, scale^2)", weight=1)
def weights_have_the_right_spread(sub):
    """For d=784, K=10, scale=0.5: W is not constant, its mean is about 0 and its std about 0.5.

    Hint: print W.mean() and W.std() for a large W: they must be about 0 and scale; scale is a
    standard deviation (not a variance) of a normal (not uniform) draw
    """
    return _drawn_from_normal(sub)  # the gate is the whole property here


# 10 examples: a global draw differs for any two seeds
@check(Q, "independent of numpy's global random state", weight=0.5, max_examples=10)
@given(seed=st.integers(0, 2**16), **SIZES)
def ignores_the_global_state(sub, seed, d, k):
    """init_params(d, K, rng) gives the same W and b whatever numpy's global random state is (W
    random draws).

    Hint: call init_params twice after different np.random.seed(...) calls: the results must be
    equal; np.random.<function> draws from a global state shared by all code, rng.<method> only from
    the generator you were given
    """
    sub.reseed_global_random_state(seed)
    W1, b1, _ = _params(sub, d, k, np.random.default_rng(3))
    sub.reseed_global_random_state(seed + 1)
    W2, b2, _ = _params(sub, d, k, np.random.default_rng(3))
    expect.that(np.array_equal(W1, W2) and np.array_equal(b1, b2),
                tr("init_params used numpy's global random state (np.random.*)"),
                expected=W1, got=W2)
    _gate.once(sub, _drawn_from_normal)
