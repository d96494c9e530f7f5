"""Walks gc.get_objects() to find the worker, then rewrites its bookkeeping (_mutated, _global_rng_state) through a method's __globals__.

Honest, softmax modifies its argument (ep01 loses "arguments untouched",
1 point) and init_params draws from numpy's global random state without its result
depending on it, which ep07's behavioural check ("independent of numpy's
global random state") accepts.
"""

# honest: ep03, ep07
# partial: ep01=9
# questions: ep01, ep07, ep03
# mode: api
# expect: at-most

import gc

import numpy as np


# adversarial: include reference


# adversarial: include softmax-in-place


# adversarial: include init-params-global-rng


def _patch_the_worker():
    for obj in gc.get_objects():
        cls = type(obj)
        if cls.__name__ == "Worker" and hasattr(obj, "sock") and hasattr(cls, "call"):
            worker_globals = cls.call.__globals__
            worker_globals["_mutated"] = lambda snapshot, args, kwargs: []
            worker_globals["_global_rng_state"] = lambda: ("always", "the", "same")
            return True
    return False


_patch_the_worker()
