"""ep04, cross-entropy: the mean of -log p of the true class, from logits."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect, oracle
from ..checks import check, declare_hidden
from ..strategies import labels, logits_and_labels

Q = "ep04"
declare_hidden(Q, weight=5.5)


def _loss(sub, z, y, **options):
    result = sub.call("cross_entropy", z, y, options=options)
    return expect.scalar(result.value, "cross_entropy(logits, y)"), result


@check(Q, "equals the torch oracle", weight=3, public=True,
       hint="loss = -mean over rows of log_softmax(logits)[i, y[i]]; pick each row's "
            "entry with logp[np.arange(n), y]")
@given(batch=logits_and_labels())
def matches_the_oracle(sub, batch):
    """cross_entropy(z, y) equals torch.nn.functional.cross_entropy(z, y)."""
    z, y = batch
    loss, _ = _loss(sub, z, y)
    expected, _ = oracle.cross_entropy_and_grad(z, y)
    expect.close(loss, expected, "cross_entropy(z, y)")


@check(Q, "log K for all-zero logits", weight=1.5, public=True,
       hint="zero logits mean a uniform guess, p = 1/K for every class, so the loss "
            "is -log(1/K) = log K")
@given(n=st.integers(1, 6), k=st.integers(2, 12), data=st.data())
def uniform_guess_costs_log_k(sub, n, k, data):
    """With all logits 0 the loss is log K, whatever the labels."""
    y = data.draw(labels(n, k), label="y")
    loss, _ = _loss(sub, np.zeros((n, k)), y)
    expect.close(loss, np.log(k), "cross_entropy(zeros((n, K)), y)")
    # the arguments were read-only: a write into one raised in the worker
