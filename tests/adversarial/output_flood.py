"""Floods stdout and stderr: 1 MiB at import, then up to 64 MiB per softmax call (print and os.write).

The output limit must end the flood; it costs ep01 and nothing else.
"""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal

import os
import sys

import numpy as np


# adversarial: include reference


def softmax(z):
    line = "adversarial flood " * 4000 + "\n"
    for _ in range(1000):  # ~64 MiB, bounded
        print(line, end="")
        sys.stderr.write(line)
        os.write(1, line.encode())
    return np.zeros(1)


print("x" * (512 << 10))
sys.stderr.write("y" * (512 << 10) + "\n")
