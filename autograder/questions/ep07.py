"""ep07, initialisation: small random weights from the given generator, zero bias."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr

Q = "ep07"
declare_hidden(Q, weight=2.5)
SIZES = dict(d=st.integers(1, 30), k=st.integers(2, 10))


def _params(sub, d, k, rng, *args, options=None, **kwargs):
    result = sub.call("init_params", d, k, rng, *args, options=options, **kwargs)
    value = result.value
    expect.pair(value, "init_params(d, K, rng)", ("W", "b"))
    W = expect.array(value[0], "W", shape=(d, k))
    b = expect.array(value[1], "b", shape=(k,))
    return W, b, result


@check(Q, "W of shape (d, K), b of shape (K,)", weight=1, public=True,
       hint="W = rng.normal(0.0, scale, size=(n_features, n_classes)); b = np.zeros(n_classes)")
@given(**SIZES)
def returns_weights_and_bias(sub, d, k):
    """init_params(d, K, rng) returns (W, b): float arrays of shapes (d, K) and (K,)."""
    _params(sub, d, k, np.random.default_rng(0))


@check(Q, "the exact draw from the given generator", weight=1.5, public=True,
       hint="draw once, W = rng.normal(0.0, scale, size=(n_features, n_classes)), from "
            "the rng argument: not np.random.randn, not a new default_rng")
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
