"""Value gates: a property a constant also has earns points only with right values.

A gate is a value check that guards a property check (shapes, "untouched",
determinism).  It depends on the submission only, not on the property's
example, so it runs once per check run and its outcome is replayed for every
later example.
"""

import weakref

from ..checks import Failure
from ..isolation import StudentError

_outcomes = weakref.WeakKeyDictionary()


def once(sub, gate):
    """Run ``gate(sub)`` the first time for this ``sub``; re-raise its failure after."""
    seen = _outcomes.setdefault(sub, {})
    if gate not in seen:
        try:
            gate(sub)
            seen[gate] = None
        except (Failure, StudentError) as failure:
            seen[gate] = failure
    if seen[gate] is not None:
        raise seen[gate]
