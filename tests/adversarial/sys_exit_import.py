"""sys.exit(0) at import: a clean-looking exit must not count as a successful import."""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal

import sys

import numpy as np


# adversarial: include reference


sys.exit(0)
