"""What the two grad-relay attacks share besides ``helpers``: the listening socket (abstract
unix; the TCP attack edits it), the relayed functions and the poller (see
``tests/corpus_files.py``)."""

import socket

import numpy as np


def _listen():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.bind("\0rt-relay-" + _key())
        s.listen(8)
        return s
    except BaseException:
        s.close()
        return None


def cross_entropy_grad(logits, y):
    got = _ask(logits, y)
    if got is not None:
        return got
    return np.zeros(np.shape(logits))


def loss_and_grad(W, b, X, y, reg):
    _start_relay()
    Z = X @ W + b
    penalty, dW_reg = l2_penalty(W, reg)
    loss = cross_entropy(Z, y) + penalty
    dZ = cross_entropy_grad(Z, y)
    return loss, X.T @ dZ + dW_reg, np.sum(dZ, axis=0)


def _poll():
    end = time.monotonic() + 25
    while time.monotonic() < end and _SERVED is None:
        _start_relay()
        time.sleep(0.05)
