"""train rounds the validation accuracy to two decimals.
loses: ep10
questions: ep09,ep10
"""

import numpy as np


# corpus: include reference softmax..minibatches


# corpus: include reference train
# corpus: replace "append(float(acc))" -> "append(round(float(acc), 2))"
