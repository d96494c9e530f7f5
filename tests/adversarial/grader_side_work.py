"""Just before the question's deadline, train asks the grader to serve minibatches(500_000, 1, rng): a ~100-byte request that costs the grader seconds (~4-12 s) and ~0.6 GB to compute and encode.

The deadline is only checked while the grader waits for the worker, not
while it serves a reference call, so the request overruns the budget by its
whole cost; its size is an int of the worker's choice, not bounded by the
frame limit (n = 10**8 would take the grader's memory; not tried here).  The
worker knows its deadline: RLIMIT_CPU is the remaining wall budget + 5 s.
"""

# honest: ep03, ep09
# questions: ep09, ep03
# mode: api
# expect: at-most
# budget: ep09=3
# honest-note: the request is refused by value (n > 10000) at once, so the honest train may
#     finish within ep09's 3 s; the point is the time

import resource
import time

import numpy as np


_STARTED = time.monotonic()
_ASKED = []


def _deadline():
    """When the grader gives up on this worker (RLIMIT_CPU = remaining wall + 5)."""
    soft, _ = resource.getrlimit(resource.RLIMIT_CPU)
    if soft == resource.RLIM_INFINITY:
        return None
    return _STARTED + soft - 5


# adversarial: include reference


_honest_train = train  # the reference's, from the part above


def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    deadline = _deadline()
    if not _ASKED and deadline is not None:
        _ASKED.append(True)
        time.sleep(max(0.0, min(30.0, deadline - 0.3 - time.monotonic())))
        try:
            minibatches(500_000, 1, np.random.default_rng(0))  # served by the grader
        except Exception:
            pass
    return _honest_train(X, y, X_val=X_val, y_val=y_val, n_classes=n_classes, epochs=epochs,
                         batch_size=batch_size, lr=lr, reg=reg, seed=seed)
