"""softmax writes a frame header announcing a 1 TiB message on the worker's socket.

The grader must refuse it without allocating it (WireError), and go on with
a fresh worker.  ep01 is lost, ep03 keeps its points.
"""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal

import os
import socket
import struct
import sys

import numpy as np


# adversarial: include worker-socket


# adversarial: include reference


def softmax(z):
    sock = _worker_socket()
    if sock is not None:
        sock.sendall(struct.pack("!Q", 1 << 40) + b"{")
    z = _as_float_array(z)
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
