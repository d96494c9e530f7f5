"""softmax ignores SIGALRM, SIGINT, SIGHUP, traps SIGTERM, then loops (bounded to 30 s).

Only SIGKILL of the whole process group should stop it.
"""

# honest: ep03
# questions: ep01, ep03
# mode: api
# expect: equal
# budget: ep01=2

import signal
import time

import numpy as np


# adversarial: include reference


def softmax(z):
    for name in ("SIGALRM", "SIGINT", "SIGHUP", "SIGUSR1", "SIGUSR2", "SIGXCPU"):
        signal.signal(getattr(signal, name), signal.SIG_IGN)
    signal.signal(signal.SIGTERM, lambda *_: None)
    signal.alarm(0)
    started = time.monotonic()
    while time.monotonic() - started < 30.0:
        pass
    return np.zeros(1)
