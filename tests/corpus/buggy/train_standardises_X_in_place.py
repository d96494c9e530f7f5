"""train centres X in place (X -= X.mean(axis=0)) before training.
loses: ep09
may_lose: ep10
questions: ep08,ep09,ep10
"""

import numpy as np


# corpus: include reference softmax..minibatches


# corpus: include reference train
# corpus: replace "    n, d = X.shape" -> "    X -= X.mean(axis=0)\n    n, d = X.shape"
