"""ep02, numerical stability: softmax and log_softmax never overflow.

The properties compare the submission with itself where they can (a shifted
input against the unshifted one), so that a softmax that is stable but wrong
loses its points in ep01, not here.
"""

import numpy as np
from hypothesis import given

from .. import expect, oracle
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import logits, reals

Q = "ep02"
declare_hidden(Q, weight=4.5)
HUGE = [
    np.array([[1e4, 0.0, -1e4]]),
    np.array([[1000.0, 1000.0], [-1000.0, -999.0]]),
    np.array([[800.0, 0.0, 0.0, 0.0]]),
    np.array([[-1e4, -1e4 + 1.0, -1e4 + 2.0]]),
]
NUMERIC_TROUBLE = ("overflow", "invalid value", "divide by zero")


def _trouble(warnings):
    return [w for w in warnings if any(t in w for t in NUMERIC_TROUBLE)]


def _probabilities(sub, z):
    result = sub.call("softmax", z)
    p = expect.array(result.value, "softmax(z)", shape=z.shape)
    expect.finite(p, "softmax(z)")
    return p, result.warnings


@check(Q, "shift invariance: softmax(z + c) = softmax(z)", weight=2, public=True,
       hint="subtract each row's max before exp: exp(1000.0) overflows to inf, "
            "exp(z - max) never does")
@given(z=logits(bound=10.0), c=reals(1000.0))
def softmax_is_shift_invariant(sub, z, c):
    """Adding the same constant c to every logit leaves softmax unchanged (and finite)."""
    expected, _ = _probabilities(sub, z)
    shifted, _ = _probabilities(sub, z + c)
    expect.close(shifted, expected, expect.versus("softmax(z + c)", "softmax(z)"), atol=1e-8)


@check(Q, "softmax of huge logits", weight=2, public=True,
       hint="softmax([1e4, 0, -1e4]) is [1, 0, 0]: subtract the row max, then exp "
            "underflows harmlessly to 0 instead of overflowing to inf")
def softmax_of_huge_logits(sub):
    """softmax is finite and correct for logits like [1e4, 0, -1e4]."""
    for z in HUGE:
        result = sub.call("softmax", z)
        p = expect.array(result.value, "softmax(z)", shape=z.shape)
        expected = oracle.softmax(z)
        if not np.all(np.isfinite(p)) or not np.allclose(p, expected, rtol=1e-7, atol=1e-12):
            raise expect.Failure(tr("softmax is wrong for huge logits"), expected=expected,
                                 got=p, inputs={"z": z})


@check(Q, "log_softmax values", weight=1.5, public=True,
       hint="log_softmax(z) = z - m - log(sum(exp(z - m))), with m the row max")
@given(z=logits())
def log_softmax_equals_the_oracle(sub, z):
    """log_softmax(z) equals torch's log_softmax for moderate logits, for a batch and a single row."""
    logp = expect.array(sub.log_softmax(z), "log_softmax(z)", shape=z.shape)
    expect.close(logp, oracle.log_softmax(z), "log_softmax(z)")
    row = expect.array(sub.log_softmax(z[0]), "log_softmax(z[0])", shape=z[0].shape)
    expect.close(row, oracle.log_softmax(z[0]), "log_softmax(z[0])")
