"""for probability rows cross_entropy averages over all n*K entries.
loses: ep06
may_lose: ep04
questions: ep04,ep06,ep08
"""

import numpy as np


# corpus: include reference softmax..predict


# corpus: include reference cross_entropy
# corpus: replace "    n = logp.shape[0]\n" -> ""
# corpus: replace "np.arange(n)" -> "np.arange(logp.shape[0])"
# corpus: replace "-np.sum(y * logp) / n" -> "-np.mean(y * logp)"


# corpus: include reference cross_entropy_grad..train
