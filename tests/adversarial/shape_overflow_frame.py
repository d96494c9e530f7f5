"""At import, answers 'load' with an array node of shape [2**64].

The worker's socket is the file descriptor after --fd; at import the grader is
waiting for the answer to its "load" request, and reads this frame instead.
The shape passes the wire's checks (a non-negative int), then
np.prod(shape, dtype=int64) raises OverflowError, which the grader's
_exchange does not catch.  The grader must treat any malformed frame as a broken worker
(WorkerGone / LoadError), finish, and report.
"""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal

import json
import os
import socket
import struct
import sys

import numpy as np


# adversarial: include worker-socket


# adversarial: include reference


_sock = _worker_socket()
if _sock is not None:
    _node = {"t": "nd", "i": 0, "dtype": "<f8", "shape": [2 ** 64]}
    _head = {"h": {"t": "dict", "v": [["op", "loaded"], ["status", _node]]}, "n": [0]}
    _send_raw(_sock, json.dumps(_head).encode(), [b""])
