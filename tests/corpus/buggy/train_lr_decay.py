"""train decays the learning rate by 0.9 each epoch (not plain SGD).
loses: ep09
may_lose: ep10
questions: ep08,ep09,ep10
"""

import numpy as np


# corpus: include reference softmax..minibatches


# corpus: include reference train
# corpus: replace "        if X_val" -> "        lr *= 0.9\n        if X_val"
