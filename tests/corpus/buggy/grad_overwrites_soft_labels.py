"""cross_entropy_grad subtracts into the caller's probability rows (y -= p).
loses: ep06
may_lose: ep05
questions: ep05,ep06
"""

import numpy as np


# corpus: include reference softmax..cross_entropy


# corpus: include reference cross_entropy_grad
# corpus: replace "y = one_hot(y, p.shape[1])" -> "return (p - one_hot(y, p.shape[1])) / n"
# corpus: replace "return (p - y) / n" -> "y -= p\n    return -y / n"


# corpus: include reference one_hot..train
