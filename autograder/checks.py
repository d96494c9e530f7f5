"""Checks: the graded properties, their registry, and how one is run.

A check is a function ``check(sub)`` that calls the submission through
``sub`` (see :class:`autograder.submission.Submission`) and raises
:class:`Failure` when a property of the contract does not hold.  Most checks
are Hypothesis property tests; the decorator :func:`check` applies the kit's
fixed Hypothesis settings (derandomized, bounded, no database) and records the
smallest failing input Hypothesis found, so the report can show it.

A check's texts live in its docstring: the first paragraph states the
property it checks, a later paragraph beginning ``Hint: `` tells a student
what to look at; the report shows both when the check fails.
"""

import hashlib
import inspect
from dataclasses import dataclass, field

import numpy as np
from hypothesis import HealthCheck, Phase, Verbosity, seed, settings
from hypothesis.errors import StopTest
from hypothesis.strategies import DataObject

from . import example_pool, replay
from .contract import BY_ID
from .errors import StudentError, WorkerGone
from .i18n import tr

#: Hypothesis settings of every property check: the same inputs every run,
#: on every machine, and a bounded amount of work.
HYPOTHESIS_SETTINGS = dict(
    derandomize=True,
    database=None,
    deadline=None,
    print_blob=False,
    report_multiple_bugs=False,
    verbosity=Verbosity.quiet,
    phases=(Phase.explicit, Phase.generate, Phase.shrink),
    suppress_health_check=list(HealthCheck),
)
DEFAULT_EXAMPLES = 30
#: how the paragraph of a check's docstring that holds its hint begins
HINT = "Hint: "

#: examples must not depend on which of the kit's modules happen to be loaded
EXAMPLE_POOL_PINNED = example_pool.pin()


def seed_of(check_id):
    """The seed of a check's examples: its own, from its id alone.

    (Derandomized Hypothesis would seed from the source of the function it
    calls, which :func:`run_check` wraps: every check would share one seed,
    and an edit of the wrapper would change every example.)
    """
    return int.from_bytes(hashlib.sha256(check_id.encode()).digest()[:8], "big")


class Failure(AssertionError):
    """A property of the contract does not hold.

    Parameters
    ----------
    message : str
        What is wrong, in one or two sentences.
    expected, got : object, optional
        The values to show side by side.
    inputs : dict, optional
        The input of an example-based check (Hypothesis checks get theirs
        from the shrinker).
    """

    def __init__(self, message, *, expected=None, got=None, inputs=None):
        super().__init__(message)
        self.message, self.expected, self.got = message, expected, got
        self.has_values = expected is not None or got is not None
        self.inputs = inputs


class Credit:
    """Partial credit: a check may return one instead of passing outright.

    Parameters
    ----------
    fraction : float
        Share of the check's points earned, in [0, 1].
    message : str
        Why, shown whether or not the fraction is 1.
    """

    def __init__(self, fraction, message):
        self.fraction = min(1.0, max(0.0, float(fraction)))
        self.message = message


@dataclass
class Check:
    """One graded property of one question."""

    question: str
    name: str
    title: str
    weight: float
    hint: str
    function: object
    public: bool = False
    statement: str = ""
    #: the functions of the submission whose correctness this check grades
    grades: tuple = ()

    @property
    def id(self):
        return f"{self.question}.{self.name}"


@dataclass
class Outcome:
    """The result of running one check."""

    check: Check
    passed: bool
    points: float
    max_points: float
    message: str = ""
    inputs: dict = field(default_factory=dict)
    expected: object = None
    got: object = None
    has_values: bool = False
    error: StudentError = None
    gone: WorkerGone = None


class _Draws:
    """A Hypothesis ``data()`` object that remembers its draws, so the report can show them
    (and tells a :class:`~autograder.replay.Recorder`, if any)."""

    def __init__(self, data, recorder=None):
        self._data, self.drawn, self._recorder = data, {}, recorder

    def draw(self, strategy, label=None):
        value = self._data.draw(strategy, label=label)
        if self._recorder is not None:
            self._recorder.drew(strategy, value)
        name = label or f"draw {len(self.drawn) + 1}"
        self.drawn[name if name not in self.drawn else f"{name} ({len(self.drawn) + 1})"] = value
        return value


REGISTRY = {}
#: ``{question: total weight of its hidden checks}``, declared by the public module of the
#: question, so that a public check is worth the same with or without the hidden files
HIDDEN_WEIGHT = {}


def texts_of(function):
    """The statement and the hint of a check, from its docstring.

    The statement is the docstring's first paragraph, the hint the later
    paragraph that begins with :data:`HINT` (without it); each is one line,
    its lines joined with single spaces.

    Raises
    ------
    ValueError
        When the docstring has no hint paragraph, or more than one.
    """
    paragraphs = [p.replace("\n", " ")
                  for p in inspect.cleandoc(function.__doc__ or "").split("\n\n")]
    hints = [p.removeprefix(HINT) for p in paragraphs[1:] if p.startswith(HINT)]
    if len(hints) != 1:
        raise ValueError(
            f"the docstring of the check {function.__name__}() needs, after its first paragraph "
            f"(the property), exactly one paragraph beginning with {HINT!r} (what a student "
            f"should look at when it fails); it has {len(hints)}")
    return paragraphs[0], hints[0]


def check(question, title, *, weight, public=False, max_examples=DEFAULT_EXAMPLES, grades=None):
    """Register ``function`` as a check of ``question`` worth ``weight`` shares.

    ``title`` names the property in a few words; the function's docstring
    states it and gives the hint (see :func:`texts_of`).  A question's points
    are split over its checks in proportion to their weights.  ``grades``
    names the functions whose correctness the check grades (default: every
    function the question tests); a trivial stand-in for one of them scores 0
    on the check.
    """
    if question not in BY_ID:
        raise KeyError(question)
    grades = tuple(BY_ID[question].tested if grades is None else grades)
    if not set(grades) <= set(BY_ID[question].tested):
        raise ValueError(f"{question} does not test {sorted(set(grades))}")

    def decorate(function):
        runner = function
        if hasattr(function, "hypothesis"):
            runner = settings(max_examples=max_examples, **HYPOTHESIS_SETTINGS)(function)
            runner = seed(seed_of(f"{question}.{function.__name__}"))(runner)
        statement, hint = texts_of(function)
        REGISTRY.setdefault(question, []).append(Check(
            question=question, name=function.__name__, title=title,
            weight=float(weight), hint=hint, function=runner, public=public,
            statement=statement, grades=grades))
        return function

    return decorate


def declare_hidden(question, *, weight):
    """Declare that ``question`` has hidden checks of total ``weight`` (0: none).

    Called by the public module of the question; the hidden checks live in
    ``questions/hidden/`` (absent from the handout), and a test keeps
    ``weight`` equal to the sum of their weights.
    """
    if question not in BY_ID:
        raise KeyError(question)
    HIDDEN_WEIGHT[question] = float(weight)


def checks_of(question):
    """The registered checks of ``question``, in the order they were written."""
    return list(REGISTRY.get(question, ()))


def points_of(question):
    """``{check name: max points}`` for ``question``."""
    checks = checks_of(question)
    total = sum(c.weight for c in checks if c.public) + HIDDEN_WEIGHT.get(question, 0.0)
    return {c.name: BY_ID[question].points * c.weight / total for c in checks}


class _Unimplemented(BaseException):
    """A function that is not written yet (or not defined) fails alike on every input:
    a ``BaseException``, so that Hypothesis stops at once instead of shrinking."""

    def __init__(self, error):
        super().__init__(str(error))
        self.error = error


def run_check(check_, sub, max_points):
    """Run one check against the submission ``sub``; return an Outcome.

    A property check whose examples were recorded (see :mod:`autograder.replay`)
    first replays them; Hypothesis runs only if one of them fails.
    ``WorkerGone`` is not caught: the caller decides what a dead or timed-out
    worker means for the rest of the question.
    """
    recorder = replay.recorder() if hasattr(check_.function, "hypothesis") else None
    outcome = _run(check_, sub, max_points, recorder)
    if recorder is not None:
        replay.keep(check_.id, recorder, outcome.passed)
    return outcome


def _run(check_, sub, max_points, recorder):
    recorded = {}
    function = check_.function
    if hasattr(function, "hypothesis"):
        inner = function.hypothesis.inner_test

        def recording(*args, **kwargs):
            kwargs = {k: _Draws(v, recorder) if isinstance(v, DataObject | replay.Replayed)
                      else v for k, v in kwargs.items()}
            if recorder is not None:
                recorder.begin({k: v for k, v in kwargs.items()
                                if k != "sub" and not isinstance(v, _Draws)},
                               [k for k, v in kwargs.items() if isinstance(v, _Draws)])
            try:
                returned = inner(*args, **kwargs)
                if recorder is not None:
                    recorder.end()
                return returned
            except BaseException as error:
                if recorder is not None and isinstance(error, StopTest):
                    recorder.end(stopped=True)
                recorded.clear()
                for k, v in kwargs.items():
                    if isinstance(v, _Draws):
                        recorded.update(v.drawn)
                    elif k != "sub":
                        recorded[k] = v
                if isinstance(error, StudentError) and (error.not_implemented or error.missing):
                    raise _Unimplemented(error) from None
                raise

        function.hypothesis.inner_test = recording
    try:
        with np.errstate(all="ignore"):
            recorded_cases = replay.cases(check_.id) if hasattr(function, "hypothesis") else None
            _fresh_global_state(sub)
            if recorded_cases is not None and replay.passes(
                    recorded_cases, lambda **kwargs: function.hypothesis.inner_test(sub, **kwargs)):
                returned = None
            else:
                if recorded_cases is not None:
                    _fresh_global_state(sub)
                returned = function(sub)
    except Failure as failure:
        return Outcome(check_, False, 0.0, max_points, failure.message,
                       failure.inputs or dict(recorded), failure.expected,
                       failure.got, failure.has_values)
    except StudentError as error:
        return Outcome(check_, False, 0.0, max_points, str(error), dict(recorded),
                       error=error)
    except _Unimplemented as stop:
        return Outcome(check_, False, 0.0, max_points, str(stop.error), dict(recorded),
                       error=stop.error)
    except WorkerGone as gone:
        gone.inputs = dict(recorded)
        raise
    except Exception as error:  # a result so odd that the check itself tripped
        return Outcome(check_, False, 0.0, max_points,
                       tr("the result could not be checked ({error}); return exactly what "
                          "the docstring asks for", error=f"{type(error).__name__}: {error}"),
                       dict(recorded))
    finally:
        if hasattr(function, "hypothesis"):
            function.hypothesis.inner_test = inner
    if isinstance(returned, Credit):
        return Outcome(check_, returned.fraction == 1.0, max_points * returned.fraction,
                       max_points, returned.message)
    return Outcome(check_, True, max_points, max_points)


def _fresh_global_state(sub):
    """Seed numpy's global random state in the worker, so that a file drawing from it
    (against the contract) meets the same numbers at the start of every check, every run."""
    reseed = getattr(sub, "reseed_global_random_state", None)
    if reseed is not None:
        reseed(0)
