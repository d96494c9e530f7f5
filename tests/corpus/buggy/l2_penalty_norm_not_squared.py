"""l2_penalty uses the Frobenius norm, not its square.
loses: ep08
questions: ep08,ep09
"""

import numpy as np


# corpus: include reference softmax..init_params


def l2_penalty(W, reg):
    return 0.5 * reg * float(np.linalg.norm(W)), reg * W


# corpus: include reference loss_and_grad..train
