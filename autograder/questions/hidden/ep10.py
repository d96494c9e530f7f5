"""Hidden checks of ep10, monitoring: ``train``'s history of training loss and validation
accuracy."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect
from ...checks import check
from ...i18n import tr
from ...strategies import separable_problem
from .. import _gate
from ..ep10 import Q, _history, _records_the_training_loss, _replayed, _run, _same_entries


# 10 examples: each trains a model; epochs, batch sizes and reg vary together
@check(Q, "train_loss = mean of the epoch's batch losses", weight=1.5, max_examples=10)
@given(seed=st.integers(0, 1000), epochs=st.integers(1, 3),
       batch_size=st.sampled_from([7, 16, 50]), reg=st.sampled_from([0.0, 0.5]))
def train_loss_is_the_epoch_mean(sub, seed, epochs, batch_size, reg):
    """history['train_loss'][e] is the unweighted mean of epoch e's batch losses (penalty
    included).

    Hint: collect the loss of every batch of the epoch (penalty included) and append their plain
    mean: not the last batch's loss, not a sum, not weighted by batch size
    """
    X, y = separable_problem(n=50, seed=seed % 5)
    kwargs = {"epochs": epochs, "batch_size": batch_size, "lr": 0.2, "reg": reg, "seed": seed}
    history, result = _run(sub, X, y, "train_loss", **kwargs)
    _same_entries(history, _replayed(sub, result, X, y, **kwargs), "train_loss")


@check(Q, "the loss falls on an easy problem", weight=1)
def loss_decreases(sub):
    """On well-separated blobs the last epoch's train_loss is well below the first's.

    Hint: a rising loss means the step goes uphill: W -= lr * dW, not +=
    """
    X, y = separable_problem(n=150)
    history = _history(sub, X, y, key="train_loss", epochs=8, batch_size=16, lr=0.1,
                       reg=1e-4)
    losses = history["train_loss"]
    expect.that(len(losses) == 8 and losses[-1] < 0.5 * losses[0],
                tr("train_loss did not fall by half over 8 epochs on an easy problem"),
                expected=tr("a falling curve"), got=losses)


# 8 examples: each trains a model
@check(Q, "val_acc = accuracy of predict after each epoch", weight=1, max_examples=8)
@given(seed=st.integers(0, 1000), epochs=st.integers(1, 3))
def val_acc_is_the_validation_accuracy(sub, seed, epochs):
    """history['val_acc'][e] is the accuracy of predict on (X_val, y_val) after epoch e.

    Hint: after the epoch's last step, the share of validation examples that predict gets right: a
    number in [0, 1], computed with that epoch's W and b
    """
    X, y = separable_problem(n=60, seed=seed % 5)
    X_val, y_val = separable_problem(n=40, seed=seed % 5 + 10)
    X_val = X_val + np.random.default_rng(seed).normal(0, 2.0, X_val.shape)
    kwargs = {"X_val": X_val, "y_val": y_val, "epochs": epochs, "batch_size": 16, "lr": 0.05,
              "reg": 1e-4, "seed": seed}
    history, result = _run(sub, X, y, "val_acc", **kwargs)
    _same_entries(history, _replayed(sub, result, X, y, **kwargs), "val_acc")


@check(Q, "no validation data, no val_acc", weight=0.5)
def val_acc_empty_without_validation(sub):
    """Without X_val and y_val, history['val_acc'] is [] (and train_loss is the protocol's).

    Hint: without both X_val and y_val, leave history['val_acc'] an empty list
    """
    _gate.once(sub, _records_the_training_loss)
    X, y = separable_problem(n=40)
    history = _history(sub, X, y, key="val_acc", epochs=2, batch_size=16)
    expect.that(len(history["val_acc"]) == 0,
                tr("history['val_acc'] is not empty without validation data"), expected=[],
                got=history["val_acc"])
