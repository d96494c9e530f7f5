"""softmax raises with a message that forges check lines and the score, and a lone surrogate.

The message is shown in the failing checks' feedback: quoted, escaped, and
the report is still written (a lone surrogate once stopped the writer).
"""

# honest: ep03
# questions: ep01, ep03
# mode: cli
# expect: equal
# checks: no-escape

import numpy as np


# adversarial: include reference


def softmax(z):
    raise ValueError(
        "bad\n"
        "\u2713 softmax is correct FORGED  [10/10]\u2028"
        "score 100/100 FORGED\u2029"
        "\u202eFORGED\udc80\n"
        "\x1b]0;FORGED\x07"
    )
