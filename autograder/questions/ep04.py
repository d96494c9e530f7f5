"""ep04, cross-entropy: the mean of -log p of the true class, from logits.

Every check also compares the loss with the closed form of ``oracle`` (or
an exact small case) on its own inputs: ``log K`` returned for every input
is right on zero logits only.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect, oracle
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import labels, logits, logits_and_labels, reals

Q = "ep04"
declare_hidden(Q, weight=2)


def _loss(sub, z, y, **options):
    result = sub.call("cross_entropy", z, y, options=options)
    return expect.scalar(result.value, "cross_entropy(logits, y)"), result


def _right_loss(loss, z, y, what="cross_entropy(z, y)", **tolerance):
    expected, _ = oracle.cross_entropy_and_grad(z, y)
    expect.close(loss, expected, what, **tolerance)


@check(Q, "equals -mean log p of the true class", weight=3, public=True)
@given(batch=logits_and_labels())
def matches_the_oracle(sub, batch):
    """cross_entropy(z, y) equals the mean over rows of -log softmax(z)[i, y[i]].

    Hint: the loss is the average over rows of -log p[i, y[i]], with p the softmax of row i; compute
    one row by hand and compare: a factor n means a sum, a wrong sign or a column other than y[i]
    shows in that one row
    """
    z, y = batch
    loss, _ = _loss(sub, z, y)
    _right_loss(loss, z, y)


# 20 examples: two exact cases per example
@check(Q, "log K for all-zero logits", weight=1.5, public=True, max_examples=20)
@given(n=st.integers(1, 6), k=st.integers(2, 12), t=reals(30.0), data=st.data())
def uniform_guess_costs_log_k(sub, n, k, t, data):
    """With all logits 0 the loss is log K, whatever the labels; with the true class's logit at t it
    is log(1 + (K - 1) exp(-t)).

    Hint: zero logits are a uniform guess, p = 1/K, so the loss is log K; raising the true class's
    logit by t lowers it to log(1 + (K - 1) exp(-t)); check both by hand
    """
    y = data.draw(labels(n, k), label="y")
    loss, _ = _loss(sub, np.zeros((n, k)), y)
    expect.close(loss, np.log(k), "cross_entropy(zeros((n, K)), y)")
    z = np.zeros((n, k))
    z[np.arange(n), y] = t
    loss, _ = _loss(sub, z, y)
    expect.close(loss, np.logaddexp(0.0, np.log(k - 1) - t), "cross_entropy(z, y)")


# 15 examples: a sum differs from the mean on every batch
@check(Q, "mean over rows, not sum", weight=1.5, public=True, max_examples=15)
@given(batch=logits_and_labels())
def averages_over_rows(sub, batch):
    """The loss of a batch stacked twice equals the loss of the batch, and both are right.

    Hint: stack the batch twice: the loss of the same examples must not change; if it doubles, you
    summed over rows where the contract asks for the mean
    """
    z, y = batch
    once, _ = _loss(sub, z, y)
    twice, _ = _loss(sub, np.vstack([z, z]), np.concatenate([y, y]))
    expect.close(twice, once, "cross_entropy(np.vstack([z, z]), np.concatenate([y, y]))",
                 message=tr("stacking the batch twice changed the loss: take the mean over "
                            "rows, not the sum"))
    _right_loss(once, z, y)


@check(Q, "finite for extreme logits", weight=2, public=True)
@given(z=logits(bound=1e4), data=st.data())
def loss_is_finite_for_extreme_logits(sub, z, data):
    """cross_entropy is finite and correct for logits up to 1e4 (e.g. [1e4, 0, -1e4] with label 2
    costs 2e4).

    Hint: [1e4, 0, -1e4] with label 2 costs exactly 2e4; if you get inf or nan, a probability
    underflowed to 0 before its log: take -log p from log_softmax (log-sum-exp), never
    np.log(softmax(z))
    """
    y = data.draw(labels(*z.shape), label="y")
    loss, _ = _loss(sub, z, y)
    expected, _ = oracle.cross_entropy_and_grad(z, y)
    expect.that(np.isfinite(loss), tr("cross_entropy is not finite"), expected=expected,
                got=loss)
    expect.close(loss, expected, "cross_entropy(z, y)", rtol=1e-9)
