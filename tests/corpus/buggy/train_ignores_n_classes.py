"""train always uses int(y.max()) + 1 classes, even when n_classes is given.
loses: ep09
may_lose: ep10
questions: ep08,ep09,ep10
"""

import numpy as np


# corpus: include reference softmax..minibatches


# corpus: include reference train
# corpus: replace "int(n_classes) if n_classes is not None else " -> ""
