"""train records cross_entropy of each batch before the step, without the L2 penalty.
loses: ep10
may_lose: ep09
questions: ep09,ep10
"""

import numpy as np


# corpus: include reference softmax..minibatches


# corpus: include reference train
# corpus: replace "            losses.append(float(loss))\n" -> ""
# corpus: replace "y[idx], reg)\n" -> "y[idx], reg)\n            losses.append(cross_entropy(X[idx] @ W + b, y[idx]))\n"
