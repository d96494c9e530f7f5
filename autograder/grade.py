"""Grade one submission: questions in isolated worker processes.

Before anything runs, the file is parsed: a syntax error scores 0 without
executing a line of it.  The first worker's import shows whether the file
loads at all (an exception, an exit or an endless loop at import is reported
once for every question).  A worker's module globals for the ``served``
functions of a question come from the reference solution, so a bug costs
points only where it is.  The questions share one worker one after another
(each with its own budget and served functions); a worker that died or timed
out is never shared, and the end-to-end question always has its own.
"""

import ast
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import (
    launch,
    questions,  # noqa: F401  (registers the checks)
    replay,
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


def grade(submission, question_ids=None, *, budgets=None, public_only=False,
          share_workers=True):
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
    share_workers : bool
        Let questions served the same functions share a worker (the report
        is the same either way; fewer processes start).
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
    groups = (_groups([q for q in chosen if q not in slow], public_only, share_workers)
              + [[q] for q in slow])
    # the first worker is also the one that shows whether the file imports at
    # all (one start fewer than a worker of its own)
    first = None
    problem = _load_problem(submission)
    if not problem:
        first, problem = _first_worker(submission, groups[:1], budgets, public_only)
    if problem:
        return Grade(str(submission), [_all_failed(q, problem, public_only) for q in chosen],
                     problem, public_only, notes)

    def run(group):
        worker = first if group is groups[0] else None
        return _grade_group(submission, group, budgets, public_only, worker)

    results = {}
    threads = [threading.Thread(target=lambda g=g: results.update(run(g)),
                                name=f"grade-{g[0].id}", daemon=True)
               for g in groups if g[0] in slow]
    for thread in threads:
        thread.start()
    for group in groups:
        if group[0] not in slow:
            results.update(run(group))
    for thread in threads:
        thread.join()
    missing = [q for q in slow if q.id not in results]
    for q in missing:  # the thread died: the kit failed, not the student
        raise RuntimeError(f"grading {q.id} failed inside the grader")
    return Grade(str(submission), [results[q.id] for q in chosen], public_only=public_only,
                 notes=notes)


def _groups(chosen, public_only, share):
    """The ``chosen`` questions as the lists that share a worker, in the order they run.

    With ``share``, every question but the end-to-end one shares one worker,
    those served the same reference functions one after another (the fewest
    changes of served functions); without, each question has its own.
    """
    groups = {}
    for question in chosen:
        alone = not share or question.id == "fashion_mnist"
        key = question.id if alone else () if public_only else tuple(sorted(question.served))
        groups.setdefault(key, []).append(question)
    if not share:
        return list(groups.values())
    chain = [q for group in groups.values() for q in group if q.id != "fashion_mnist"]
    return ([chain] if chain else []) + [g for g in groups.values() if g[0].id == "fashion_mnist"]


def _budget(question, budgets):
    return budgets.get(question.id, DEFAULT_BUDGET_S)


def _grade_group(submission, group, budgets, public_only, worker=None):
    """Grade the questions of ``group`` in turn; return ``{question id: QuestionResult}``.

    A worker still alive after a question (none timed out there) serves the
    next one; otherwise the next question starts a fresh worker.  ``worker``,
    if given, is the first question's, already started.
    """
    results = {}
    reused = False
    for i, question in enumerate(group):
        later = group[i + 1:]
        results[question.id], worker = grade_question(
            submission, question, _budget(question, budgets), public_only=public_only,
            worker=worker, reused=reused, keep=True,
            later_s=sum(_budget(q, budgets) for q in later))
        reused = worker is not None
    _close(worker)
    return results


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


def _first_worker(submission, groups, budgets, public_only):
    """``(worker, "")``: the worker of the first question of the group in
    ``groups`` (a list of at most one), started and past the import of the
    file (the question's budget began); or ``(None, why the file does not
    import)``.  Without a question, a worker only imports the file."""
    try:
        if not groups:
            with WorkerProcess(submission, FUNCTIONS, {}, Limits(wall_s=IMPORT_BUDGET_S)):
                return None, ""
        question = groups[0][0]
        budget = _budget(question, budgets)
        worker = WorkerProcess(submission, FUNCTIONS, _served(question, public_only),
                               Limits(wall_s=budget, budget_s=budget,
                                      cpu_s=sum(_budget(q, budgets) for q in groups[0])),
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


def grade_question(submission, question, budget_s, *, public_only=False, worker=None,
                   reused=False, keep=False, later_s=0.0):
    """Run the checks of ``question`` in one worker; return a QuestionResult.

    ``worker``, if given, is this question's first worker, already started:
    the question's budget began with it, or begins now if it is ``reused``
    from an earlier question served the same functions.  With ``keep``,
    return ``(result, worker)``, the worker still running for the next such
    question (``None`` if it died or timed out); workers started here get
    ``later_s`` more CPU time for those questions.
    """
    if worker is not None and reused:
        worker.begin(budget_s)
    started = worker.started if worker is not None else time.monotonic()
    served = _served(question, public_only)
    checks = _checks(question, public_only)
    points = points_of(question.id)
    result = QuestionResult(question)
    current = None
    deadline = started + budget_s
    try:
        if worker is not None and set(worker.served) != set(served):
            worker = _serve_next(worker, served)
        for check_ in checks:
            current = check_
            remaining = deadline - time.monotonic()
            if worker is None:
                if remaining <= 0:
                    raise WorkerGone(tr("timed out after {seconds:g} s", seconds=budget_s),
                                     timed_out=True)
                worker = WorkerProcess(submission, FUNCTIONS, served,
                                       Limits(wall_s=remaining, budget_s=budget_s,
                                              cpu_s=remaining + later_s))
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
        result.seconds = time.monotonic() - started
        _close(worker)
        worker = None
    except LoadError as error:
        _close(worker)
        worker = None
        result = _all_failed(question, error.message, public_only)
    except BaseException:
        _close(worker)
        raise
    else:
        result.seconds = time.monotonic() - started
    if keep and worker is not None and worker.alive:
        return result, worker
    _close(worker)
    return (result, None) if keep else result


def _serve_next(worker, served):
    """``worker``, now serving ``served`` for the next question; None if it died since (the
    question starts a fresh one).  A timeout propagates."""
    try:
        worker.serve(served)
        return worker
    except WorkerGone as gone:
        if gone.timed_out:
            raise
        worker.close()
        return None


def _close(worker):
    if worker is not None:
        worker.close()


def record_examples(question_ids=None):
    """Grade the reference once, recording the examples of every property check it passes,
    so that later submissions replay them (:mod:`autograder.replay`); return how many.

    Without a reference (the student handout) nothing is recorded.
    """
    from .reference import reference_path

    try:
        path = reference_path()
    except FileNotFoundError:
        return 0
    ids = [q.id for q in QUESTIONS if q.id != "fashion_mnist"
           and (question_ids is None or q.id in question_ids)]
    if ids:
        with replay.recording():
            grade(path, ids)
    return replay.count()
