"""train keeps extra history keys (epoch, lr, batches, val_loss) besides the two the contract names.
questions: all
score: 100
"""

import numpy as np


# corpus: include reference softmax..minibatches


# corpus: include reference train
# corpus: replace "    W = np.array(W)\n    b = np.array(b)\n" -> ""
# corpus: replace '"val_acc": []}' -> '"val_acc": [], "epoch": [], "lr": lr, "batches": [],\n               "val_loss": []}'
# corpus: replace "for _ in" -> "for epoch in"
# corpus: replace "float(np.mean(losses)))" -> "sum(losses) / len(losses))"
# corpus: replace '        if X_val' -> '        history["epoch"].append(epoch + 1)\n        history["batches"].append(len(losses))\n        if X_val'
# corpus: replace "acc = np.mean(" -> "correct = np.count_nonzero("
# corpus: replace 'float(acc))' -> 'correct / len(y_val))\n            history["val_loss"].append(cross_entropy(X_val @ W + b, y_val))'
