"""cross_entropy renormalises soft labels in place (y /= y.sum(...)).
loses: ep06
may_lose: ep04
questions: ep04,ep06
"""

import numpy as np


# corpus: include reference softmax..predict


# corpus: include reference cross_entropy
# corpus: replace "    return float(-np.sum" -> "    y /= y.sum(axis=1, keepdims=True)\n    return float(-np.sum"


# corpus: include reference cross_entropy_grad..train
