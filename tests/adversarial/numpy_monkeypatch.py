"""Monkeypatches numpy's comparisons at import (allclose, isclose, array_equal, testing.*), with a softmax that modifies its argument.

The grader compares in its own process, so the patches cannot touch its
comparisons; but the worker's own bookkeeping uses numpy too: its check
"did the call modify its arguments?" compares with np.array_equal.  Honest,
this softmax loses the "arguments untouched" check of ep01 (1 point).
"""

# honest: ep03
# partial: ep01=9
# questions: ep01, ep03
# mode: api
# expect: at-most

import numpy as np


# adversarial: include reference


# adversarial: include softmax-in-place


def _always(*args, **kwargs):
    return True


def _nothing(*args, **kwargs):
    return None


np.allclose = _always
np.array_equal = _always
np.array_equiv = _always
np.isclose = lambda a, b, *args, **kwargs: np.ones(np.broadcast(a, b).shape, dtype=bool)
for _name in ("assert_allclose", "assert_array_equal", "assert_array_almost_equal",
              "assert_equal", "assert_almost_equal", "assert_array_less"):
    setattr(np.testing, _name, _nothing)
