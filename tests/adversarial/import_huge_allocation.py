"""The list growing towards 8 GiB at import (only where RLIMIT_AS caps it)."""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal

import resource

import numpy as np


# adversarial: include grab-memory


# adversarial: include reference


_HOARD = _grab_memory()
