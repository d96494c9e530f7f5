"""train adds momentum 0.9 to the SGD step.
loses: ep09
may_lose: ep10
questions: ep08,ep09,ep10
"""

import numpy as np


# corpus: include reference softmax..minibatches


# corpus: include reference train
# corpus: replace "    for _ in" -> "    vW, vb = np.zeros_like(W), np.zeros_like(b)\n    for _ in"
# corpus: replace "W = W - lr * dW" -> "vW = 0.9 * vW - lr * dW"
# corpus: replace "b = b - lr * db" -> "vb = 0.9 * vb - lr * db\n            W = W + vW\n            b = b + vb"
