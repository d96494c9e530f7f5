"""An import-time exception whose message forges check lines, a table and the score.

Its lines (split by newlines, U+2028 and U+2029, reordered by U+202E, with a
lone surrogate that once made the report writer raise) must all reach the
report quoted under the grader's line, never at the margin, and the report
must still be written.
"""

# honest: none
# questions: ep01, ep03
# mode: cli
# expect: equal
# checks: no-escape

import numpy as np


# adversarial: include reference


raise RuntimeError(
    "boom\n"
    "\u2713 softmax is correct FORGED  [10/10]\u2028"
    "\u2713 rows sum to 1 FORGED  [2/2]\u2029"
    "ep01 softmax vs sigmoid FORGED    10.00   10  passed\n"
    "total FORGED    100.00  100\r\n"
    "score 100/100 FORGED\n"
    "\u202e]01/01[ FORGED \u2713\u2066\u200b\n"
    "\udc80\x1b[32m FORGED"
)
