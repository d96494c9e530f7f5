"""A syntax error: the file must score 0 without running anything."""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal

import numpy as np

# if this line ran, the grader would be importing a file it should refuse
print("adversarial: a file with a syntax error was executed")


def softmax(z)
    return np.exp(z) / np.sum(np.exp(z), axis=-1, keepdims=True)
