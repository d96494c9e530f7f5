"""ep02, numerical stability: softmax and log_softmax never overflow.

The properties compare the submission with itself (a shifted input against
the unshifted one) and, on the same inputs, with the closed forms of
``oracle`` (log-sum-exp without any shift): a constant is shift invariant,
but no softmax.  Each check grades one function (``grades``), so a stable
softmax beside a broken log_softmax keeps the softmax checks.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from .. import expect, oracle
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import logits, reals

Q = "ep02"
declare_hidden(Q, weight=1.5)
HUGE = [
    np.array([[1e4, 0.0, -1e4]]),
    np.array([[1000.0, 1000.0], [-1000.0, -999.0]]),
    np.array([[800.0, 0.0, 0.0, 0.0]]),
    np.array([[-1e4, -1e4 + 1.0, -1e4 + 2.0]]),
]
NUMERIC_TROUBLE = ("overflow", "invalid value", "divide by zero")


def _trouble(warnings):
    return [w for w in warnings if any(t in w for t in NUMERIC_TROUBLE)]


def _probabilities(sub, z, what="softmax(z)"):
    result = sub.call("softmax", z)
    p = expect.array(result.value, what, shape=z.shape)
    expect.finite(p, what)
    return p, result.warnings


def _right_probabilities(p, z, what="softmax(z)"):
    dtype = expect.precision(p, z)
    expect.close(p, oracle.softmax(z), what, dtype=dtype,
                 atol=1e-12 if dtype == np.float64 else None)


def _log_probabilities(sub, z, what="log_softmax(z)", **options):
    result = sub.call("log_softmax", z, options=options)
    logp = expect.array(result.value, what, shape=np.shape(z))
    expect.finite(logp, what)
    return logp, result.warnings


# 20 examples: overflow shows for any |c| beyond ~700, most draws of reals(1000)
@check(Q, "shift invariance: softmax(z + c) = softmax(z)", weight=2, public=True,
       grades=("softmax",), max_examples=20)
@given(z=logits(bound=10.0), c=reals(1000.0))
def softmax_is_shift_invariant(sub, z, c):
    """Adding the same constant c to every logit leaves softmax unchanged (and finite and right).

    Hint: adding the same c to a row must not change its softmax; if a large c breaks it, exp
    overflowed (exp(1000.0) is inf): subtract each row's max before exp, so every argument of exp is
    <= 0
    """
    expected, _ = _probabilities(sub, z)
    shifted, _ = _probabilities(sub, z + c, "softmax(z + c)")
    expect.close(shifted, expected, expect.versus("softmax(z + c)", "softmax(z)"), atol=1e-8)
    _right_probabilities(expected, z)


@check(Q, "rows of very different scale", weight=1.5, public=True, grades=("softmax",))
@given(z=logits(bound=10.0, rows=(2, 5)), data=st.data())
def softmax_rows_of_different_scale(sub, z, data):
    """Each row may be shifted by its own constant (up to 1e4 apart) without changing its
    softmax.

    Hint: shift one row by 1e4 and another not at all: each row's softmax must stay the same; if the
    small rows turn into nan or 0, the max you subtract is the whole batch's, not each row's own
    (axis=-1, keepdims=True)
    """
    offsets = data.draw(hnp.arrays(np.float64, (len(z), 1), elements=reals(1e4)),
                        label="offsets")
    expected, _ = _probabilities(sub, z)
    shifted, _ = _probabilities(sub, z + offsets, "softmax(z + offsets)")
    expect.close(shifted, expected, expect.versus("softmax(z + offsets)", "softmax(z)"),
                 atol=1e-8)
    _right_probabilities(expected, z)


@check(Q, "softmax of huge logits", weight=2, public=True, grades=("softmax",))
def softmax_of_huge_logits(sub):
    """softmax is finite and correct for logits like [1e4, 0, -1e4].

    Hint: work out softmax([1e4, 0, -1e4]) by hand: [1, 0, 0]; exp(1e4) is inf in float64, so
    compute with z minus the row max, where exp only underflows harmlessly to 0
    """
    for z in HUGE:
        result = sub.call("softmax", z)
        p = expect.array(result.value, "softmax(z)", shape=z.shape)
        expected = oracle.softmax(z)
        if not np.all(np.isfinite(p)) or not np.allclose(p, expected, rtol=1e-7, atol=1e-12):
            raise expect.Failure(tr("softmax is wrong for huge logits"), expected=expected,
                                 got=p, inputs={"z": z})


# 15 examples: four calls per example (batch, row, float32); moderate logits
@check(Q, "log_softmax values", weight=1.5, public=True, grades=("log_softmax",), max_examples=15)
@given(z=logits())
def log_softmax_equals_the_oracle(sub, z):
    """log_softmax(z) equals z - log(sum(exp(z))) per row, for a batch, a single row and float32
    input, and leaves z unchanged.

    Hint: log_softmax(z) = z - log(sum(exp(z))) per row; compare your result with that on a small
    row by hand, for a batch (n, K), a single row (K,) and float32 input, and compute into a new
    array (never z -= ...)
    """
    for x in (z, z.astype(np.float32)):
        for part, what in ((x, "log_softmax(z)"), (x[0], "log_softmax(z[0])")):
            logp, _ = _log_probabilities(sub, part, what, check_mutation=True)
            expect.close(logp, oracle.log_softmax(part), what,
                         dtype=expect.precision(logp, part))


@check(Q, "log_softmax finite for extreme logits", weight=1.5, public=True, grades=("log_softmax",))
@given(z=st.one_of(st.sampled_from(HUGE), logits(bound=1e5)))
def log_softmax_of_extreme_logits(sub, z):
    """log_softmax(z) is finite, correct, raises no warning and leaves z unchanged for logits up to
    1e5.

    Hint: log_softmax([1e4, 0, -1e4]) is [0, -1e4, -2e4], all finite; if you get -inf, you took the
    log of a probability that underflowed to 0: never np.log(softmax(z)), use the log-sum-exp form z
    - m - log(sum(exp(z - m)))
    """
    logp, warnings = _log_probabilities(sub, z, check_mutation=True)
    expect.close(logp, oracle.log_softmax(z), "log_softmax(z)", rtol=1e-9, atol=1e-12)
    trouble = _trouble(warnings)
    expect.that(not trouble, tr("log_softmax raised: {warnings}",
                                warnings="; ".join(trouble[:3])))
