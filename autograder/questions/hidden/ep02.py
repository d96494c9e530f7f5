"""Hidden checks of ep02, numerical stability: softmax and log_softmax never overflow."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ... import expect
from ...checks import check
from ...i18n import tr
from ...reference import reference
from ...strategies import logits, reals
from ..ep02 import HUGE, Q, _probabilities, _trouble


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

