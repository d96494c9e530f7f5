"""ep10, monitoring: ``train``'s history of training loss and validation accuracy."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import separable_problem

Q = "ep10"
declare_hidden(Q, weight=4.0)


def _history(sub, X, y, key=None, **kwargs):
    value = sub.train(X, y, **kwargs)
    expect.that(isinstance(value, (tuple, list)) and len(value) == 3
                and isinstance(value[2], dict),
                tr("train returned {description}; expected (W, b, history) with history a "
                   "dict", description=expect.describe(value)))
    history = value[2]
    keys = [key] if key else ["train_loss", "val_acc"]
    for name in keys:
        expect.that(name in history, tr("history has no key {key}", key=repr(name)),
                    expected="train_loss, val_acc", got=sorted(history))
        entries = history[name]
        expect.that(isinstance(entries, (list, tuple, np.ndarray)),
                    tr("history[{key}] is {description}; expected a list", key=repr(name),
                       description=expect.describe(entries)))
        try:
            floats = np.asarray(entries, dtype=np.float64).reshape(-1)
        except (TypeError, ValueError):
            raise expect.Failure(tr("history[{key}] is not a list of numbers", key=repr(name)),
                                 got=entries) from None
        history[name] = floats
    return history


@check(Q, "history keys and lengths", weight=1, public=True,
       hint="history = {'train_loss': [], 'val_acc': []}, created inside train; append "
            "one float to each per epoch")
@given(epochs=st.integers(1, 5))
def history_has_one_entry_per_epoch(sub, epochs):
    """history['train_loss'] and history['val_acc'] hold one float per epoch, also on a second call."""
    X, y = separable_problem(n=40)
    X_val, y_val = separable_problem(n=20, seed=3)
    for _ in range(2):  # a second call must not see the first one's history
        history = _history(sub, X, y, X_val=X_val, y_val=y_val, epochs=epochs,
                           batch_size=16)
        for name in ("train_loss", "val_acc"):
            expect.that(len(history[name]) == epochs,
                        tr("history[{key}] has {count} entries for {epochs} epochs",
                           key=repr(name), count=len(history[name]), epochs=epochs),
                        expected=epochs, got=len(history[name]))
