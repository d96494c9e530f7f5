"""One batch: discover, reuse the cache, grade the rest on the cluster, write everything.

Every submission gets its row and its report, whatever happens to the others:
a file that cannot be chosen, read, graded in time or reported on scores 0
with the reason as its ``grading_status``.
"""

import hashlib
from pathlib import Path

from ..contract import QUESTIONS
from ..discovery import discover
from ..screening import screen
from .cache import Cache, fingerprint
from .engine import DEFAULT_GRADER, Cluster, Job
from .gradebook import COMPLETED, TIMED_OUT, write_gradebook, write_reports

DEFAULT_OUT = Path("results") / "grade-all"
#: added to the engine's budgets for the per-submission time limit
GUARD_MARGIN_S = 120.0


class KitMismatch(RuntimeError):
    """The cluster's workers run another version of the kit than this machine."""


def default_timeout(questions=QUESTIONS):
    """The engine's budgets for one submission, plus a margin (seconds)."""
    from ..grade import BUDGET_S, DEFAULT_BUDGET_S, IMPORT_BUDGET_S

    return sum(BUDGET_S.get(q.id, DEFAULT_BUDGET_S) for q in questions) + IMPORT_BUDGET_S \
        + GUARD_MARGIN_S


def chosen_questions(ids=None):
    """The contract's questions with these ids (all of them for None), in its order."""
    if not ids:
        return QUESTIONS
    unknown = sorted(set(ids) - {q.id for q in QUESTIONS})
    if unknown:
        raise ValueError(f"unknown question {', '.join(unknown)}: choose among "
                         + ", ".join(q.id for q in QUESTIONS))
    return tuple(q for q in QUESTIONS if q.id in ids)


def collect(folder):
    """The :class:`~.gradebook.Record` of every submission in ``folder``, content read."""
    from .gradebook import Record

    records = []
    for entry in discover(folder):
        record = Record(entry.file, entry.path)
        records.append(record)
        if entry.path is None:
            record.fail(entry.problem)
            continue
        try:
            source = entry.path.read_bytes()
        except OSError as error:
            record.fail(f"cannot read it ({error.strerror})")
            continue
        record.digest = hashlib.sha256(source).hexdigest()
        record.source = source
        try:
            found = screen(source)
            record.screening = found.verdict if found.flags and not found.banned else ""
        except (SyntaxError, ValueError):
            pass
    return records


def run(folder, out=DEFAULT_OUT, *, jobs=None, scheduler=None, timeout=None, force=False,
        lang="en", questions=None, grader=DEFAULT_GRADER, progress=None):
    """Grade every submission in ``folder``; write the gradebook and the reports.

    Returns the list of :class:`~.gradebook.Record`, sorted by file.
    """
    out = Path(out)
    chosen = chosen_questions(questions)
    ids = None if chosen == QUESTIONS else [q.id for q in chosen]
    records = collect(folder)
    key = f"{fingerprint()}-{lang}" + ("" if ids is None else "-" + "+".join(ids)) \
        + ("" if grader == DEFAULT_GRADER else "-" + grader.replace(":", "."))
    cache = Cache(out, key)
    todo = {}
    for r in records:
        if r.report is not None:
            continue
        kept = None if force else cache.get(r.digest)
        if kept is not None:
            r.finish(kept)
            r.cached = True
        else:
            todo.setdefault(r.digest, []).append(r)
    try:
        if todo:
            _grade(todo, cache, jobs=jobs, scheduler=scheduler, lang=lang, ids=ids,
                   grader=grader, timeout=timeout or default_timeout(chosen), progress=progress)
    finally:
        for r in records:
            if r.report is None:
                r.fail("the batch was interrupted")
        write_reports(records, out, chosen)
        write_gradebook(records, out, chosen)
    return records


def _grade(todo, cache, *, jobs, scheduler, lang, ids, grader, timeout, progress):
    import json

    def done(job, text, seconds, problem, timed_out):
        group = todo[job.key]
        report = None
        if text is not None:
            try:
                report = json.loads(text)
                cache.put(job.key, text)
            except (ValueError, OSError) as error:
                problem = f"its report could not be read ({error})"
        for r in group:
            if report is not None:
                r.finish(report, COMPLETED, seconds=seconds)
            elif timed_out:
                r.fail(problem, TIMED_OUT, seconds)
            else:
                r.fail(problem, seconds=seconds)
        if progress:
            progress(len(group))

    jobs = max(1, min(jobs or _cores(), len(todo)))
    with Cluster(scheduler, jobs, grader, ids) as cluster:
        if scheduler:
            _same_kit(cluster)
        work = [Job(digest, group[0].source) for digest, group in todo.items()]
        cluster.grade(work, lang=lang, questions=ids, grader=grader, timeout=timeout,
                      done=done)


def _same_kit(cluster):
    mine = fingerprint()
    other = sorted(a for a, theirs in cluster.fingerprints().items() if theirs != mine)
    if other:
        raise KitMismatch(f"the workers {', '.join(other)} run another version of the kit "
                          "(engine, reference or libraries): install this one on them")


def _cores():
    import os

    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1
