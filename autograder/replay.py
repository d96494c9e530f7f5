"""Replay, without Hypothesis, the examples of a check that a submission passes.

With the kit's derandomized settings, Hypothesis runs the same examples, in the
same order, on every submission that passes a check: what it generates next
depends only on the check and on the earlier examples' draws and outcomes.
Grading the reference once within :func:`recording` keeps, per check, the
values each example drew; :func:`passes` feeds them to a later submission's
check directly.  When every example passes and draws the same strategies in the same order, the
outcome is the one Hypothesis would give; at the first difference (a failure,
another draw) the caller runs Hypothesis as usual, which finds and shrinks the
failure.  Only the time differs: generating examples is most of a check's cost.

Recordings live in the grading process's memory only (a file could be
rewritten by whatever else runs as the grader's user).
"""

import copy
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field

#: ``{check id: (Case, ...)}``, for the checks the reference passed
_RECORDINGS = {}
_LOCK = threading.Lock()
_local = threading.local()


@dataclass
class Case:
    """One example of a check: its ``@given`` arguments and, in order, its ``data.draw``s."""

    kwargs: dict
    #: the name of its ``st.data()`` argument, if it has one
    data_name: str = None
    draws: list = field(default_factory=list)  # (strategy repr, value)
    #: Hypothesis ended it at its next draw (the data ran out: not a test case)
    stopped: bool = False
    finished: bool = False


class Mismatch(Exception):
    """The replayed check draws what the recording did not: Hypothesis must run it."""


class Stop(BaseException):
    """Where Hypothesis stopped the recorded example (a ``BaseException``, as its own)."""


class Recorder:
    """What :func:`~autograder.checks.run_check` tells about the examples of one check
    within :func:`recording`."""

    def __init__(self):
        self.cases = []
        self._replayable = True

    def begin(self, kwargs, data_names):
        """A new example with these ``@given`` arguments (``sub`` and ``data`` left out)
        and these ``st.data()`` arguments (a check with two cannot be replayed)."""
        self.cases.append(Case(copy.deepcopy(kwargs), data_names[0] if data_names else None))
        self._replayable = len(data_names) <= 1

    def drew(self, strategy, value):
        self.cases[-1].draws.append((repr(strategy), copy.deepcopy(value)))

    def end(self, stopped=False):
        """The example ended: normally, or ``stopped`` by Hypothesis at a draw."""
        self.cases[-1].stopped = stopped
        self.cases[-1].finished = self._replayable


@contextmanager
def recording():
    """Within it, this thread's :func:`~autograder.checks.run_check` records the examples
    of the checks it runs, and :func:`keep` keeps those of the checks passed."""
    _local.active = True
    try:
        yield
    finally:
        _local.active = False


def recorder():
    """A new :class:`Recorder` for a check about to run, if this thread is recording."""
    return Recorder() if getattr(_local, "active", False) else None


def keep(check_id, found, passed):
    """Keep what ``found`` (a Recorder) saw of check ``check_id``, if it passed and every
    example can be replayed."""
    if passed and found.cases and all(c.finished for c in found.cases):
        with _LOCK:
            _RECORDINGS[check_id] = tuple(found.cases)


class Replayed:
    """A stand-in for Hypothesis's ``data`` object that hands out recorded draws."""

    def __init__(self, case):
        self._draws, self._stopped = case.draws, case.stopped
        self.used = 0

    def draw(self, strategy, label=None):
        if self.used >= len(self._draws):
            if self._stopped:
                raise Stop()
            raise Mismatch("more draws than recorded")
        expected, value = self._draws[self.used]
        if repr(strategy) != expected:
            raise Mismatch(f"drew {strategy!r}, recorded {expected}")
        self.used += 1
        return copy.deepcopy(value)


def cases(check_id):
    """The recorded examples of check ``check_id``, or None (always, while recording)."""
    return None if getattr(_local, "active", False) else _RECORDINGS.get(check_id)


def passes(recorded, call):
    """Whether every recorded example passes: ``call(**kwargs)`` returns normally for each.

    Parameters
    ----------
    recorded : sequence of Case
    call : callable
        The check's test for one example, called with its keyword arguments;
        its ``st.data()`` argument is a :class:`Replayed`.

    Returns
    -------
    bool
        False at the first failing example or difference in draws (the caller
        then runs Hypothesis); exceptions that are not ``Exception`` (a worker
        gone, an unimplemented function) propagate as they would from Hypothesis,
        which stops at them too.
    """
    for case in recorded:
        kwargs = copy.deepcopy(case.kwargs)
        data = Replayed(case)
        if case.data_name is not None:
            kwargs[case.data_name] = data
        try:
            call(**kwargs)
            if case.stopped:
                return False
        except Stop:
            pass
        except Exception:
            return False
        if data.used != len(case.draws):
            return False
    return True


def count():
    """How many checks can be replayed."""
    return len(_RECORDINGS)


def forget():
    """Drop every recording (tests)."""
    with _LOCK:
        _RECORDINGS.clear()
