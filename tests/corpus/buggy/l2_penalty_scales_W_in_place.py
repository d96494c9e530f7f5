"""l2_penalty's gradient aliases W and scales it in place.
loses: ep08
questions: ep08,ep09
"""

import numpy as np


# corpus: include reference softmax..init_params


def l2_penalty(W, reg):
    penalty = 0.5 * reg * float(np.sum(W ** 2))
    dW = W
    dW *= reg
    return penalty, dW


# corpus: include reference loss_and_grad..train
