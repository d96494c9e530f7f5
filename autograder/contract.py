"""The contract of SPEC.md in code: questions, their points and functions.

This module is the one place that names the questions.  The stub generator,
the grading engine and the report all read it, so a title or a point value is
never written twice.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Question:
    """One graded question of the contract.

    Attributes
    ----------
    id : str
        ``"ep01"`` ... ``"ep10"`` or ``"fashion_mnist"``.
    title : str
        The exploration point, as the report names it.
    points : float
        Maximum score of the question.
    tested : tuple of str
        Functions of the submission graded by this question.
    served : tuple of str
        Functions the tested ones may call that the reference provides while
        this question is graded, so that a bug in one of them costs points in
        its own question only.  Never a function that could stand in for a
        tested one (softmax via the reference log_softmax, say).
    """

    id: str
    title: str
    points: float
    tested: tuple
    served: tuple = ()


FUNCTIONS = (
    "softmax", "log_softmax", "predict", "cross_entropy", "cross_entropy_grad",
    "one_hot", "init_params", "l2_penalty", "loss_and_grad", "minibatches",
    "train",
)

_PROBABILITIES = ("softmax", "log_softmax")
_LOSS = _PROBABILITIES + ("one_hot", "cross_entropy", "cross_entropy_grad")
_ALL_BUT_TRAIN = _LOSS + ("l2_penalty", "loss_and_grad", "init_params",
                          "minibatches", "predict")

QUESTIONS = (
    Question("ep01", "softmax vs sigmoid", 10, ("softmax",)),
    Question("ep02", "numerical stability", 10, ("softmax", "log_softmax")),
    Question("ep03", "softmax vs argmax", 5, ("predict",), _PROBABILITIES),
    Question("ep04", "cross-entropy loss", 10, ("cross_entropy",),
             _PROBABILITIES + ("one_hot",)),
    Question("ep05", "gradient p - y", 15, ("cross_entropy_grad",),
             _PROBABILITIES + ("one_hot",)),
    Question("ep06", "NLL = cross-entropy under one-hot", 5,
             ("one_hot", "cross_entropy", "cross_entropy_grad"), _PROBABILITIES),
    Question("ep07", "weight initialisation", 5, ("init_params",)),
    Question("ep08", "L2 regularisation", 10, ("l2_penalty", "loss_and_grad"),
             _LOSS + ("l2_penalty",)),
    Question("ep09", "mini-batch training", 10, ("minibatches", "train"), _ALL_BUT_TRAIN),
    Question("ep10", "monitoring training", 5, ("train",), _ALL_BUT_TRAIN),
    Question("fashion_mnist", "end-to-end FashionMNIST accuracy", 15, FUNCTIONS),
)

BY_ID = {q.id: q for q in QUESTIONS}

assert sum(q.points for q in QUESTIONS) == 100
