"""Grade one submission: every question in its own fresh worker process.

Before anything runs, the file is parsed: a syntax error scores 0 without
executing a line of it.  Then one worker imports it to see whether it loads
at all (an exception, an exit or an endless loop at import is reported once
for every question).  Each question then gets a fresh worker whose module
globals for the ``served`` functions of that question come from the
reference solution, so a bug costs points only where it is.
"""

import ast
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    launch,
    questions,  # noqa: F401  (registers the checks)
)
from .checks import Outcome, checks_of, points_of, run_check
from .contract import FUNCTIONS, QUESTIONS
from .i18n import tr
from .isolation import Limits, LoadError, WorkerGone, WorkerProcess
from .reference import reference
from .screening import screen
from .submission import Submission

#: wall-clock budget of one question's worker, in seconds
BUDGET_S = {"fashion_mnist": 300.0}
DEFAULT_BUDGET_S = 20.0
IMPORT_BUDGET_S = 10.0


@dataclass
class QuestionResult:
    """The outcome of one question."""

    question: object
    outcomes: list = field(default_factory=list)
    note: str = ""
    seconds: float = 0.0

    @property
    def score(self):
        return round(sum(o.points for o in self.outcomes), 4)

    @property
    def max_score(self):
        return round(sum(o.max_points for o in self.outcomes), 4)


@dataclass
class Grade:
    """The outcome of grading one file."""

    submission: str
    results: list
    load_problem: str = ""
    public_only: bool = False
    notes: list = field(default_factory=list)

    @property
    def score(self):
        return round(sum(r.score for r in self.results), 2)


def grade(submission, question_ids=None, *, budgets=None, public_only=False):
    """Grade ``submission``; return a :class:`Grade`.

    Parameters
    ----------
    submission : path-like
        The student's ``softmax.py``.
    question_ids : iterable of str, optional
        Grade only these questions (default: all of them).
    budgets : dict, optional
        Wall-clock budget per question id, overriding the defaults.
    public_only : bool
        Run only the public checks, and serve no function from the
        reference: what the student handout can do, where there is none.
    """
    submission = Path(submission)
    chosen = [q for q in QUESTIONS if question_ids is None or q.id in question_ids]
    if public_only:
        chosen = [q for q in chosen if _checks(q, True)]
    budgets = {**BUDGET_S, **(budgets or {})}
    notes = [launch.plan().note] + _flags(submission)
    # The end-to-end question spends its time waiting for the worker's
    # training (another core): it runs in a thread beside the others, where
    # workers cannot reach each other (their own network and IPC namespaces);
    # elsewhere one worker runs at a time.
    slow = [q for q in chosen if q.id == "fashion_mnist" and launch.plan().separated]
    ordered = [q for q in chosen if q not in slow] + slow
    # the first question's worker is also the one that shows whether the file
    # imports at all (one start fewer than a worker of its own)
    first = None
    problem = _load_problem(submission)
    if not problem:
        first, problem = _first_worker(submission, ordered[:1], budgets, public_only)
    if problem:
        return Grade(str(submission), [_all_failed(q, problem, public_only) for q in chosen],
                     problem, public_only, notes)

    def run(question):
        worker = first if ordered and question is ordered[0] else None
        return grade_question(submission, question, budgets.get(question.id, DEFAULT_BUDGET_S),
                              public_only=public_only, worker=worker)

    background = {}
    threads = [threading.Thread(target=lambda q=q: background.__setitem__(q.id, run(q)),
                                name=f"grade-{q.id}", daemon=True) for q in slow]
    for thread in threads:
        thread.start()
    results = {q.id: run(q) for q in chosen if q not in slow}
    for thread in threads:
        thread.join()
    results.update(background)
    missing = [q for q in slow if q.id not in results]
    for q in missing:  # the thread died: the kit failed, not the student
        raise RuntimeError(f"grading {q.id} failed inside the grader")
    return Grade(str(submission), [results[q.id] for q in chosen], public_only=public_only,
                 notes=notes)


def _flags(submission):
    """Screening flags of a file that parses (for the instructor), as lines."""
    try:
        found = screen(submission.read_bytes())
    except (OSError, SyntaxError, ValueError):
        return []
    return [found.verdict] if found.flags and not found.banned else []


def _checks(question, public_only):
    return [c for c in checks_of(question.id) if c.public or not public_only]


def _load_problem(submission):
    """Why the file cannot be graded at all, or ``""``."""
    try:
        source = submission.read_bytes()
    except OSError as error:
        return tr("cannot read {path}: {reason}", path=submission, reason=error.strerror)
    try:
        ast.parse(source, filename="softmax.py")
    except SyntaxError as error:
        text = (error.text or "").rstrip()
        return (tr("softmax.py has a syntax error on line {line}: {message}",
                   line=error.lineno, message=error.msg)
                + (f"\n    {text.strip()}" if text else ""))
    except ValueError as error:  # null bytes
        return tr("softmax.py is not a Python source file: {error}", error=error)
    found = screen(source)
    if found.banned:
        return found.verdict
    return ""


def _first_worker(submission, first, budgets, public_only):
    """``(worker, "")``: the worker of the question in ``first`` (a list of
    at most one), started and past the import of the file (the question's
    budget began); or ``(None, why the file does not import)``.  Without a
    question, a worker only imports the file."""
    try:
        if not first:
            with WorkerProcess(submission, FUNCTIONS, {}, Limits(wall_s=IMPORT_BUDGET_S)):
                return None, ""
        question = first[0]
        budget = budgets.get(question.id, DEFAULT_BUDGET_S)
        worker = WorkerProcess(submission, FUNCTIONS, _served(question, public_only),
                               Limits(wall_s=budget, budget_s=budget),
                               import_s=IMPORT_BUDGET_S)
        return worker, ""
    except LoadError as error:
        return None, error.message + (f"\n{error.details}" if error.details else "")
    except WorkerGone as gone:
        return None, tr("your file could not be imported: {reason}", reason=gone.message)


def _served(question, public_only):
    """The reference functions the question's worker gets in place of the student's."""
    return {} if public_only else {name: getattr(reference(), name)
                                   for name in question.served}


def _all_failed(question, message, public_only=False):
    outcomes = [Outcome(c, False, 0.0, points_of(question.id)[c.name], message)
                for c in _checks(question, public_only)]
    return QuestionResult(question, outcomes, note=message.splitlines()[0])


def grade_question(submission, question, budget_s, *, public_only=False, worker=None):
    """Run the checks of ``question`` in one worker; return a QuestionResult.

    ``worker``, if given, is this question's first worker, already started
    (the question's budget began with it).
    """
    started = worker.started if worker is not None else time.monotonic()
    served = _served(question, public_only)
    checks = _checks(question, public_only)
    points = points_of(question.id)
    result = QuestionResult(question)
    current = None
    deadline = started + budget_s
    try:
        for check_ in checks:
            current = check_
            remaining = deadline - time.monotonic()
            if worker is None:
                if remaining <= 0:
                    raise WorkerGone(tr("timed out after {seconds:g} s", seconds=budget_s),
                                     timed_out=True)
                worker = WorkerProcess(submission, FUNCTIONS, served,
                                       Limits(wall_s=remaining, budget_s=budget_s))
            try:
                result.outcomes.append(run_check(check_, Submission(worker), points[check_.name]))
            except WorkerGone as gone:
                if gone.timed_out:
                    raise
                # the process died on this check: the check fails, the next
                # check gets a fresh worker
                result.outcomes.append(Outcome(check_, False, 0.0, points[check_.name],
                                               gone.message, getattr(gone, "inputs", {})))
                worker.close()
                worker = None
    except WorkerGone as gone:
        # a question that runs out of time scores 0, whatever passed before
        done = {o.check.name for o in result.outcomes}
        result.outcomes = [Outcome(o.check, False, 0.0, o.max_points,
                                   tr("no points: the question ran out of time later"))
                           for o in result.outcomes]
        for c in checks:
            if c.name in done:
                continue
            if c is current:
                result.outcomes.append(Outcome(c, False, 0.0, points[c.name], gone.message,
                                               getattr(gone, "inputs", {})))
            else:
                result.outcomes.append(Outcome(c, False, 0.0, points[c.name],
                                               tr("not run: the question ran out of time")))
        result.note = gone.message
    except LoadError as error:
        return _all_failed(question, error.message, public_only)
    finally:
        if worker is not None:
            worker.close()
    result.seconds = time.monotonic() - started
    return result
