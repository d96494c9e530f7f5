"""ep02, numerical stability: softmax and log_softmax never overflow.

The properties compare the submission with itself where they can (a shifted
input against the unshifted one), so that a softmax that is stable but wrong
loses its points in ep01, not here.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .. import expect, oracle
from ..checks import check
from ..i18n import tr
from ..reference import reference
from ..strategies import logits, reals

Q = "ep02"
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


@check(Q, "rows of very different scale", weight=1.5,
       hint="take the max of each row (axis=-1, keepdims=True), not one max of the "
            "whole batch: a row far below the global max underflows to 0/0")
@given(z=logits(bound=10.0, rows=(2, 5)), data=st.data())
def softmax_rows_of_different_scale(sub, z, data):
    """Each row may be shifted by its own constant (up to 1e4 apart) without changing its softmax."""
    offsets = data.draw(hnp.arrays(np.float64, (len(z), 1), elements=reals(1e4)),
                        label="offsets")
    expected, _ = _probabilities(sub, z)
    shifted, _ = _probabilities(sub, z + offsets)
    expect.close(shifted, expected, expect.versus("softmax(z + offsets)", "softmax(z)"),
                 atol=1e-8)


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


@check(Q, "no overflow warnings", weight=0.5,
       hint="numpy warns 'overflow encountered in exp' when exp gets a large argument; "
            "after subtracting the row max, every argument of exp is <= 0")
@given(z=logits(bound=1e4))
def softmax_raises_no_overflow_warning(sub, z):
    """softmax(z) raises no RuntimeWarning (overflow, invalid value, divide by zero) for |z| <= 1e4."""
    _, warnings = _probabilities(sub, z)
    trouble = _trouble(warnings)
    expect.that(not trouble, tr("softmax raised: {warnings}", warnings="; ".join(trouble[:3])),
                expected=tr("no warnings"), got=trouble[0] if trouble else None)


@check(Q, "log_softmax values", weight=1.5, public=True,
       hint="log_softmax(z) = z - m - log(sum(exp(z - m))), with m the row max")
@given(z=logits())
def log_softmax_equals_the_oracle(sub, z):
    """log_softmax(z) equals torch's log_softmax for moderate logits, for a batch and a single row."""
    logp = expect.array(sub.log_softmax(z), "log_softmax(z)", shape=z.shape)
    expect.close(logp, oracle.log_softmax(z), "log_softmax(z)")
    row = expect.array(sub.log_softmax(z[0]), "log_softmax(z[0])", shape=z[0].shape)
    expect.close(row, oracle.log_softmax(z[0]), "log_softmax(z[0])")


@check(Q, "log_softmax finite for extreme logits", weight=1.5,
       hint="never take np.log of a probability: log(softmax([1e4, 0, -1e4])) is "
            "[0, -inf, -inf]; the log-sum-exp form gives [0, -1e4, -2e4]")
@given(z=st.one_of(st.sampled_from(HUGE), logits(bound=1e5)))
def log_softmax_of_extreme_logits(sub, z):
    """log_softmax(z) is finite, correct, raises no warning and leaves z unchanged for logits up to 1e5."""
    result = sub.call("log_softmax", z, options={"check_mutation": True})
    logp = expect.array(result.value, "log_softmax(z)", shape=z.shape)
    expect.finite(logp, "log_softmax(z)")
    expect.close(logp, reference().log_softmax(z), "log_softmax(z)", rtol=1e-9, atol=1e-12)
    trouble = _trouble(result.warnings)
    expect.that(not trouble, tr("log_softmax raised: {warnings}",
                                warnings="; ".join(trouble[:3])))


@check(Q, "exp(log_softmax) = softmax", weight=1,
       hint="both functions describe the same distribution; compute them the same "
            "stable way")
@given(z=logits())
def exp_of_log_softmax_is_softmax(sub, z):
    """np.exp(log_softmax(z)) equals softmax(z), both from your file."""
    logp = expect.array(sub.log_softmax(z), "log_softmax(z)", shape=z.shape)
    p = expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    expect.close(np.exp(logp), p, expect.versus("np.exp(log_softmax(z))", "softmax(z)"))
