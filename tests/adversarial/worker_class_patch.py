"""Wraps the Worker class's call method (sys.modules["__main__"].Worker) so that every reply says "arguments untouched, global random state untouched".

Same honest loss as gc_patch_worker: ep01 1 point.
"""

# honest: ep03, ep07
# partial: ep01=9
# questions: ep01, ep07, ep03
# mode: api
# expect: at-most

import sys

import numpy as np


# adversarial: include reference


# adversarial: include softmax-in-place


# adversarial: include init-params-global-rng


_main = sys.modules.get("__main__")
_Worker = getattr(_main, "Worker", None)
if _Worker is not None and hasattr(_Worker, "call"):
    _real_call = _Worker.call

    def _call(self, message):
        reply = _real_call(self, message)
        if isinstance(reply, dict) and reply.get("op") == "result":
            reply.update(mutated=[], global_rng_changed=False, warnings=[])
        return reply

    _Worker.call = _call
