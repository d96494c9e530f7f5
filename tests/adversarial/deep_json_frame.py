"""At import, writes a frame whose JSON header nests 200000 lists deep.

The worker's socket is the file descriptor after --fd; at import the grader is
waiting for the answer to its "load" request, and reads this frame instead.
json.loads raises RecursionError, which the grader's _exchange does
not catch (the wire's own MAX_DEPTH is only checked after parsing).  The grader must treat any malformed frame as a broken worker
(WorkerGone / LoadError), finish, and report.
"""

# honest: none
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


_sock = _worker_socket()
if _sock is not None:
    _send_raw(_sock, b"[" * 200_000 + b"]" * 200_000)
