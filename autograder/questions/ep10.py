"""ep10, monitoring: ``train``'s history of training loss and validation accuracy.

The expected history is the protocol replayed with the functions ``train`` is
meant to call (``_training``): the served reference's, or in ``--public-only``
grading the student's own, so a bug in ``loss_and_grad`` or ``predict`` costs
nothing here in either mode.
"""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check, declare_hidden
from ..i18n import tr
from ..strategies import separable_problem
from . import _training

Q = "ep10"
declare_hidden(Q, weight=4)


def _history(sub, X, y, key=None, **kwargs):
    return _run(sub, X, y, key, **kwargs)[0]


def _run(sub, X, y, key=None, **kwargs):
    """``(history, call result)`` of one train call, history entries as float arrays."""
    result = sub.call("train", X, y, **kwargs)
    value = result.value
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
    return history, result


def _replayed(sub, result, X, y, **kwargs):
    """The protocol's history with the functions ``train`` is meant to call.

    In ``--public-only`` grading those are the student's own, whose trivial
    versions make the history predictable: there, train's W and b must be the
    protocol's too.
    """
    functions = _training.functions_used(sub)
    expected = _training.replay(functions, X, y, **kwargs)
    if isinstance(functions, _training.OwnFunctions):
        value = result.value
        expect.close(expect.array(value[0], "W", shape=expected.W.shape), expected.W,
                     tr("W returned by train"))
        expect.close(expect.array(value[1], "b", shape=expected.b.shape), expected.b,
                     tr("b returned by train"))
    return expected.history


def _same_entries(history, expected, key):
    got = history[key]
    expect.that(len(got) == len(expected[key]),
                tr("history[{key}] has {count} entries for {epochs} epochs", key=repr(key),
                   count=len(got), epochs=len(expected[key])),
                expected=len(expected[key]), got=len(got))
    expect.close(got, expected[key], f"history[{key!r}]")


def _records_the_training_loss(sub):
    """Gate of the properties a constant also has: train_loss is the protocol's."""
    X, y = separable_problem(n=40)
    kwargs = {"epochs": 2, "batch_size": 16, "lr": 0.1, "reg": 1e-4, "seed": 0}
    history, result = _run(sub, X, y, "train_loss", **kwargs)
    _same_entries(history, _replayed(sub, result, X, y, **kwargs), "train_loss")


# 5 examples: one per number of epochs
@check(Q, "history keys and lengths", weight=1, public=True, max_examples=5)
@given(epochs=st.integers(1, 5))
def history_has_one_entry_per_epoch(sub, epochs):
    """history['train_loss'] and history['val_acc'] hold the protocol's one float per epoch, also on
    a second call.

    Hint: history = {'train_loss': [], 'val_acc': []}, created inside train (a history shared
    between calls grows); after each epoch append that epoch's mean batch loss and the validation
    accuracy of predict
    """
    X, y = separable_problem(n=40)
    X_val, y_val = separable_problem(n=20, seed=3)
    # explicit hyper-parameters: a changed default is the end-to-end check's business
    kwargs = {"X_val": X_val, "y_val": y_val, "epochs": epochs, "batch_size": 16, "lr": 0.1,
              "reg": 1e-4, "seed": 0}
    for _ in range(2):  # a second call must not see the first one's history
        history, result = _run(sub, X, y, **kwargs)
        for name in ("train_loss", "val_acc"):
            expect.that(len(history[name]) == epochs,
                        tr("history[{key}] has {count} entries for {epochs} epochs",
                           key=repr(name), count=len(history[name]), epochs=epochs),
                        expected=epochs, got=len(history[name]))
    expected = _replayed(sub, result, X, y, **kwargs)
    for name in ("train_loss", "val_acc"):
        _same_entries(history, expected, name)
