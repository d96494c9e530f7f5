"""The training protocol replayed by the grader, for ep09 and ep10.

``train`` is judged against the protocol run with the functions it is meant
to call: the reference's where the grader serves them, the student's own
otherwise (``--public-only`` serves nothing).  So a bug in ``loss_and_grad``
costs ep08 only, in public mode too: the replay steps with the student's own
``dW``.
"""

from typing import NamedTuple

import numpy as np

from .. import expect
from ..i18n import tr


class OwnFunctions:
    """The student's ``init_params``, ``minibatches``, ``loss_and_grad`` and
    ``predict``, called through ``sub``; every generator is returned advanced."""

    def __init__(self, sub):
        self.sub = sub

    def init_params(self, d, k, rng):
        result = self.sub.call("init_params", d, k, rng)
        W, b = expect.pair(result.value, "init_params(d, K, rng)", ("W", "b"))
        return (expect.array(W, "W", shape=(d, k)), expect.array(b, "b", shape=(k,)),
                result.generator_after(2))

    def minibatches(self, n, batch_size, rng):
        result = self.sub.call("minibatches", n, batch_size, rng,
                               options={"materialize": True})
        expect.that(isinstance(result.value, (list, tuple)),
                    tr("minibatches returned {description}; expected a list or a generator "
                       "of index arrays", description=expect.describe(result.value)))
        batches = [expect.array(batch, "minibatches(n, batch_size, rng)[i]", kind="iu",
                                ndim=1) for batch in result.value]
        return batches, result.generator_after(2)

    def loss_and_grad(self, W, b, X, y, reg):
        value = expect.pair(self.sub.loss_and_grad(W, b, X, y, reg),
                            "loss_and_grad(W, b, X, y, reg)", ("loss", "dW", "db"))
        return (expect.scalar(value[0], "loss"), expect.array(value[1], "dW", shape=W.shape),
                expect.array(value[2], "db", shape=b.shape))

    def predict(self, W, b, X):
        return expect.array(self.sub.predict(W, b, X), "predict(W, b, X)", kind="fiu",
                            shape=(len(X),))


class ReferenceFunctions:
    """The reference's functions, as the grader serves them to ``train``."""

    def __init__(self):
        from ..reference import reference  # only where the grader has one

        self.module = reference()

    def init_params(self, d, k, rng):
        W, b = self.module.init_params(d, k, rng)
        return W, b, rng

    def minibatches(self, n, batch_size, rng):
        return list(self.module.minibatches(n, batch_size, rng)), rng

    def loss_and_grad(self, W, b, X, y, reg):
        return self.module.loss_and_grad(W, b, X, y, reg)

    def predict(self, W, b, X):
        return self.module.predict(W, b, X)


def diagnosis(W, b, expected):
    """A sentence naming what a ``train`` that returned ``W``, ``b`` got wrong, or ``""``.

    ``expected`` is the :class:`Replay` of the same call.
    """
    def near(x, y):
        return np.allclose(x, y, rtol=1e-6, atol=1e-9)

    if near(W, expected.W0) and near(b, expected.b0):
        return tr("train returned the initial W and b: no step was applied to them")
    if near(W, 2 * expected.W0 - expected.W) and near(b, 2 * expected.b0 - expected.b):
        return tr("train stepped uphill: its W moved by +lr * dW instead of -lr * dW")
    return ""


def functions_used(sub):
    """The functions ``train`` runs with: the reference's where the grader serves them
    (the full grade), the student's own otherwise (``--public-only``)."""
    # whether the grader serves is the mode, not what train called: a train that
    # calls nothing must still be compared with the reference in the full grade
    serving = getattr(getattr(sub, "_worker", None), "served", None)
    return ReferenceFunctions() if serving else OwnFunctions(sub)


class Replay(NamedTuple):
    """What the protocol gives: the final ``W`` and ``b``, the history, the start."""

    W: np.ndarray
    b: np.ndarray
    history: dict
    W0: np.ndarray
    b0: np.ndarray


def replay(functions, X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
           batch_size=128, lr=0.1, reg=1e-4, seed=0):
    """The contract's protocol of ``train`` run with ``functions``, in float64.

    Raises :class:`~autograder.checks.Failure` when no step moves the
    weights (all-zero gradients): a train that did nothing would match.

    Returns
    -------
    Replay
        ``W`` (d, K) and ``b`` (K,) float64 after training, ``history``
        (``train_loss`` and ``val_acc``, lists of floats), and the initial
        ``W0``, ``b0``.
    """
    n = len(X)
    classes = int(y.max()) + 1 if n_classes is None else int(n_classes)
    W, b, rng = functions.init_params(X.shape[1], classes, np.random.default_rng(seed))
    W, b = np.array(W, dtype=np.float64), np.array(b, dtype=np.float64)
    W0, b0, steps = W, b, 0
    history = {"train_loss": [], "val_acc": []}
    for _ in range(epochs):
        batches, rng = functions.minibatches(n, batch_size, rng)
        losses = []
        for batch in batches:
            loss, dW, db = functions.loss_and_grad(W, b, X[batch], y[batch], reg)
            W = W - lr * np.asarray(dW, dtype=np.float64)
            b = b - lr * np.asarray(db, dtype=np.float64)
            losses.append(float(loss))
            steps += 1
        history["train_loss"].append(float(np.mean(losses)) if losses else float("nan"))
        if X_val is not None and y_val is not None:
            correct = np.asarray(functions.predict(W, b, X_val)) == y_val
            history["val_acc"].append(float(np.mean(correct)))
    # a train that returns its first weights matches a replay that never moves
    if epochs >= 1 and n >= 1:
        expect.that(steps > 0, tr("train cannot be judged: minibatches gave no batch, so no "
                                  "step would be taken"))
        expect.that(not (np.array_equal(W, W0) and np.array_equal(b, b0)),
                    tr("train cannot be judged: loss_and_grad's dW and db are all zero on "
                       "this data, so no step would change W or b; make ep08 pass first"))
    return Replay(W, b, history, W0, b0)
