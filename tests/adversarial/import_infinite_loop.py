"""An endless loop at import (bounded to 30 s so it can never run away).

The import check must give up after its own budget and report every
question as failed.
"""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal

import time

import numpy as np


# adversarial: include reference


_started = time.monotonic()
while time.monotonic() - _started < 30.0:
    pass
