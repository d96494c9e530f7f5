"""Hidden checks of ep04, cross-entropy: the mean of -log p of the true class, from logits."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect, oracle
from ...checks import check
from ...i18n import tr
from ...strategies import labels, logits, logits_and_labels
from ..ep04 import Q, _loss


@check(Q, "never negative", weight=1,
       hint="each term is -log p with p <= 1, so it is >= 0; check the sign")
@given(batch=logits_and_labels())
def is_not_negative(sub, batch):
    """cross_entropy(z, y) >= 0."""
    z, y = batch
    loss, _ = _loss(sub, z, y)
    expect.that(loss >= -1e-12, tr("cross_entropy returned a negative loss"),
                expected=">= 0", got=loss)


@check(Q, "mean over rows, not sum", weight=1.5,
       hint="divide by the number of rows n (np.mean), so the loss does not grow "
            "with the batch size")
@given(batch=logits_and_labels())
def averages_over_rows(sub, batch):
    """The loss of a batch stacked twice equals the loss of the batch."""
    z, y = batch
    once, _ = _loss(sub, z, y)
    twice, _ = _loss(sub, np.vstack([z, z]), np.concatenate([y, y]))
    expect.close(twice, once, "cross_entropy(np.vstack([z, z]), np.concatenate([y, y]))",
                 message=tr("stacking the batch twice changed the loss: take the mean over "
                            "rows, not the sum"))


@check(Q, "finite for extreme logits", weight=2,
       hint="compute the loss from log_softmax (log-sum-exp), never np.log(softmax(z)): "
            "softmax underflows to 0 and log(0) = -inf")
@given(z=logits(bound=1e4), data=st.data())
def finite_for_extreme_logits(sub, z, data):
    """cross_entropy is finite and correct for logits up to 1e4 (e.g. [1e4, 0, -1e4] with label 2 costs 2e4)."""
    y = data.draw(labels(*z.shape), label="y")
    loss, _ = _loss(sub, z, y)
    expected, _ = oracle.cross_entropy_and_grad(z, y)
    expect.that(np.isfinite(loss), tr("cross_entropy is not finite"), expected=expected,
                got=loss)
    expect.close(loss, expected, "cross_entropy(z, y)", rtol=1e-9)


@check(Q, "a float, arguments untouched", weight=1,
       hint="return a single number (float(...)), and do not modify logits or y")
@given(batch=logits_and_labels())
def scalar_and_no_mutation(sub, batch):
    """cross_entropy returns one number, and modifies neither logits nor y."""
    z, y = batch
    _, result = _loss(sub, z, y, check_mutation=True)

