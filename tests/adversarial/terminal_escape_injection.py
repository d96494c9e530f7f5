"""softmax prints terminal escape sequences (clear the screen, set the window title, a fake all-green score table), then exits.

The grader quotes a dead worker's last output in its feedback, and
`make grade` prints that feedback on the instructor's terminal: control
characters from the student must not reach it raw.
"""

# honest: ep03
# questions: ep01, ep03
# mode: cli
# expect: equal
# checks: no-escape

import os
import sys

import numpy as np


# adversarial: include reference


def softmax(z):
    sys.stdout.write("\x1b[2J\x1b[H"  # clear the screen
                     "\x1b]0;all tests passed\x07"  # window title
                     "\x1b[32mtotal  100.00  100\x1b[0m\n")
    sys.stdout.flush()
    os._exit(1)
