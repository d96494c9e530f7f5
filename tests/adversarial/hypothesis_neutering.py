"""Imports Hypothesis in the worker (by a computed name) and patches it: given, settings, strategies, assume, the test runner.

Hypothesis runs in the grader's process, not in the worker, so this must
change nothing: the reference functions keep all their points.
"""

# honest: ep01, ep03
# questions: ep01, ep03
# mode: api
# expect: equal

import importlib
import sys

import numpy as np


# adversarial: include reference


def _neuter():
    try:
        hypothesis = importlib.import_module("hypo" + "thesis")
    except Exception:
        return False

    def given(*args, **kwargs):
        return lambda test: (lambda *a, **k: None)

    try:
        hypothesis.given = given
        hypothesis.assume = lambda condition: True
        hypothesis.settings.default = None
        hypothesis.strategies.floats = lambda *a, **k: hypothesis.strategies.just(0.0)
        core = sys.modules.get("hypothesis.core")
        if core is not None:
            core.given = given
        for name in list(sys.modules):
            if name.startswith("hypothesis"):
                module = sys.modules[name]
                if hasattr(module, "StateForActualGivenExecution"):
                    module.StateForActualGivenExecution = None
    except Exception:
        return False
    return True


NEUTERED = _neuter()
