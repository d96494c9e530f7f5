"""An exception at import: every question scores 0 with a reason, nothing hangs."""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal

import numpy as np


# adversarial: include reference


raise RuntimeError("adversarial: boom at import")
