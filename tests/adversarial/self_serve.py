"""Every function calls the module global of its own name, which the worker replaces by a proxy to the reference wherever the function is "served".

In ep08 l2_penalty is both tested and served, in ep09 minibatches is both
tested and served: there the proxy answers the grader's own test calls with
the reference.  Everywhere else the function is still itself and raises
NotImplementedError: an honest file like this is a file of stubs.
"""

# honest: none
# questions: ep08, ep09, ep01
# mode: api
# expect: at-most

import numpy as np


_MINE = {}


def _delegate(name, *args, **kwargs):
    current = globals()[name]
    if current is _MINE.get(name):
        raise NotImplementedError(f"{name}() is not implemented yet")
    return current(*args, **kwargs)


# adversarial: include reference


def softmax(z):
    return _delegate('softmax', z)


def log_softmax(z):
    return _delegate('log_softmax', z)


def predict(W, b, X):
    return _delegate('predict', W, b, X)


def cross_entropy(logits, y):
    return _delegate('cross_entropy', logits, y)


def cross_entropy_grad(logits, y):
    return _delegate('cross_entropy_grad', logits, y)


def one_hot(y, n_classes):
    return _delegate('one_hot', y, n_classes)


def init_params(n_features, n_classes, rng, scale=0.01):
    return _delegate('init_params', n_features, n_classes, rng, scale)


def l2_penalty(W, reg):
    return _delegate('l2_penalty', W, reg)


def loss_and_grad(W, b, X, y, reg):
    return _delegate('loss_and_grad', W, b, X, y, reg)


def minibatches(n, batch_size, rng):
    return _delegate('minibatches', n, batch_size, rng)


def train(X, y, **kwargs):
    return _delegate('train', X, y, **kwargs)


_MINE.update({name: globals()[name] for name in (
    "softmax", "log_softmax", "predict", "cross_entropy", "cross_entropy_grad",
    "one_hot", "init_params", "l2_penalty", "loss_and_grad", "minibatches", "train")})
