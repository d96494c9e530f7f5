"""The replaying ``cross_entropy_grad`` of the replay-across-runs attacks
(see ``tests/corpus_files.py``)."""

import numpy as np


def cross_entropy_grad(logits, y):
    book = _load() or {}
    got = book.get("answers", {}).get(_digest(logits, y))
    if got is not None:
        return np.asarray(got, dtype=np.asarray(logits).dtype)
    try:
        _merge({"asked": [[np.asarray(logits).tolist(), np.asarray(y).tolist()]]})
    except BaseException:
        pass
    raise NotImplementedError("not implemented yet")
