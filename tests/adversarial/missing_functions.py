"""softmax, predict and train are missing: their questions score 0, the rest keeps its points."""

# honest: ep07
# questions: ep01, ep07
# mode: api
# expect: equal

import numpy as np


# adversarial: include reference except softmax, predict, train
