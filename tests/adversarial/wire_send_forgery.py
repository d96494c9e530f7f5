"""Replaces the worker's wire.send (found in sys.modules) so every reply claims no warnings and no modified arguments.

Honest, softmax modifies its argument (ep01 loses 1 point) and raises an
overflow RuntimeWarning on every call (ep02 loses "no overflow warnings",
0.5 point).
"""

# honest: ep03
# partial: ep01=9, ep02=10
# honest-note: ep02's no-warnings check is reported by the worker itself; the honest
#     twin wrapped in np.errstate(all='ignore') (legitimate numpy) scores 10 too, so
#     hiding warnings gains nothing a student could not have legitimately
# questions: ep01, ep02, ep03
# mode: api
# expect: at-most

import sys

import numpy as np


# adversarial: include reference


def softmax(z):
    z = _as_float_array(z)
    z -= np.max(z, axis=-1, keepdims=True)  # in place: modifies the caller's array
    np.exp(np.float64(1000.0))  # a stray overflow: RuntimeWarning on every call
    e = np.exp(z)
    return e / np.sum(e, axis=-1, keepdims=True)


_wire = sys.modules.get("wire")
if _wire is not None and hasattr(_wire, "send"):
    _real_send = _wire.send

    def _forged_send(sock, message):
        if isinstance(message, dict) and message.get("op") == "result":
            message = dict(message, warnings=[], mutated=[], global_rng_changed=False)
        return _real_send(sock, message)

    _wire.send = _forged_send
