"""At import, forks a child (same process group, no new session) that lives 4 s, then raises.

When the import fails, WorkerProcess.__init__ raises LoadError from its
"load" request and nobody calls close(): the worker's process group and
(with the user switch) its user are never killed, and its temporary folder
is never removed.  Even a plain child survives grading.  The child is named
"adv<token>" (prctl) so the test can find it.
"""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal
# checks: no-litter

import ctypes
import os
import time

import numpy as np


# adversarial: include kit


# adversarial: include sandbox-guard


# adversarial: include reference


def _leave_a_child():
    if not _under_test() or os.fork():
        return
    try:
        ctypes.CDLL(None).prctl(15, ("adv" + ADV_TOKEN).encode()[:15], 0, 0, 0)
        os.closerange(3, 1024)
        time.sleep(4.0)
    finally:
        os._exit(0)


_leave_a_child()
raise RuntimeError("adversarial: the import fails after leaving a child behind")
