"""Hidden checks of ep02, numerical stability: softmax and log_softmax never overflow."""

import numpy as np
from hypothesis import given

from ... import expect
from ...checks import check
from ...i18n import tr
from ...strategies import logits
from ..ep02 import Q, _log_probabilities, _probabilities, _right_probabilities, _trouble


# 20 examples: most draws of |z| <= 1e4 overflow a naive exp
@check(Q, "no overflow warnings", weight=0.5, grades=("softmax",), max_examples=20)
@given(z=logits(bound=1e4))
def softmax_raises_no_overflow_warning(sub, z):
    """softmax(z) is right and raises no RuntimeWarning (overflow, invalid value, divide by zero)
    for |z| <= 1e4.

    Hint: numpy warns 'overflow encountered in exp' when exp gets a large argument; after
    subtracting the row max, every argument of exp is <= 0
    """
    p, warnings = _probabilities(sub, z)
    trouble = _trouble(warnings)
    expect.that(not trouble, tr("softmax raised: {warnings}", warnings="; ".join(trouble[:3])),
                expected=tr("no warnings"), got=trouble[0] if trouble else None)
    _right_probabilities(p, z)


# 15 examples: two calls per example on moderate logits
@check(Q, "exp(log_softmax) = softmax", weight=1, max_examples=15)
@given(z=logits())
def exp_of_log_softmax_is_softmax(sub, z):
    """np.exp(log_softmax(z)) equals softmax(z), both from your file, and both are right.

    Hint: both functions describe the same distribution; compute them the same stable way
    """
    logp, _ = _log_probabilities(sub, z)
    p, _ = _probabilities(sub, z)
    expect.close(np.exp(logp), p, expect.versus("np.exp(log_softmax(z))", "softmax(z)"))
    _right_probabilities(p, z)
