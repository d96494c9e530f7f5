"""Grade a folder of submissions in parallel: a gradebook and one report each.

    python -m autograder.batch SUBMISSIONS [--out DIR] [--jobs N] [--timeout S]
                               [--force] [--lang en|zh] [--quiet]

``SUBMISSIONS`` is a folder.  Every ``softmax.py`` below it is a submission
named by its folder (``alice/softmax.py``: one folder per student, as in a
Gradescope export); in a folder without a ``softmax.py``, every ``.py`` file is
a submission named by its file (``alice.py``).  Other ``.py`` files beside a
``softmax.py``, hidden folders and ``__pycache__`` are ignored.

Writes, in ``--out`` (default ``results/grade-all``):

- ``gradebook.csv`` in otter-grader's ``final_grades.csv`` layout: ``file``,
  one column per question (named like the report's tests), then
  ``total_points_earned``, ``percent_correct`` (0 to 1), ``grading_status``
  (``Completed`` or what went wrong); the first row, ``points-per-question``,
  holds the maximum of each column; the other rows are sorted by file;
- ``reports/<file>.json``: each submission's report (``results.json`` of
  ``make grade``; for one that could not be graded, every question at 0 with
  the reason).

Grading runs in ``--jobs`` long-lived worker processes (default: one per
core), each of which imports the engine and loads FashionMNIST once and then
grades one submission after another with :func:`autograder.grade.grade` (the
student's code runs, as always, in the engine's own isolated processes).  A
submission whose grading outlives ``--timeout`` (default: the sum of the
engine's budgets plus a margin) has its worker killed, with every process
below it, and replaced; one whose worker dies gets its row too.  Neither
stops the batch.

A rerun skips every submission whose content was already graded by the same
engine, reference and library versions (the reports are kept by content in
``.cache/`` under ``--out``; identical files in one batch are graded once);
``--force`` grades everything again.  Only completed grades are kept, so a
rerun retries timeouts and crashes.
"""

import argparse
import csv
import hashlib
import json
import multiprocessing
import os
import signal
import sys
import tempfile
import time
import traceback
from dataclasses import dataclass
from importlib import metadata
from multiprocessing.connection import wait
from pathlib import Path

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

from .contract import QUESTIONS  # noqa: E402

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parent
DEFAULT_OUT = Path("results") / "grade-all"
SUBMISSION_NAME = "softmax.py"
SKIPPED_DIRS = ("__pycache__", "__MACOSX")
POINTS_ROW = "points-per-question"
COMPLETED = "Completed"
#: added to the engine's budgets for the per-submission wall-clock guard
GUARD_MARGIN_S = 120.0
#: grades one file in a worker: "module:function", called with (path, lang)
DEFAULT_GRADER = "autograder.batch:engine_report"


@dataclass
class Submission:
    """One file to grade.

    Attributes
    ----------
    file : str
        Its path relative to the submissions folder (the gradebook's ``file``).
    path : Path
        Where it is.
    digest : str
        SHA-256 of its content.
    """

    file: str
    path: Path
    digest: str = ""
    report: dict = None
    status: str = ""
    seconds: float = 0.0
    cached: bool = False


# ------------------------------------------------------------------ discovery
def discover(folder):
    """The submissions below ``folder``, sorted by file."""
    folder = Path(folder)
    found = []
    for directory, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        names = sorted(f for f in files if f.endswith(".py") and not f.startswith(".")
                       and f != "__init__.py")
        if SUBMISSION_NAME in names:
            names = [SUBMISSION_NAME]
        for name in names:
            path = Path(directory) / name
            if path.is_file():
                found.append(Submission(path.relative_to(folder).as_posix(), path))
    return sorted(found, key=lambda s: s.file)


def question_columns():
    """The gradebook's question columns: the report's test names, in order."""
    return [f"{q.id} {q.title}" for q in QUESTIONS]


# ---------------------------------------------------------------------- cache
def fingerprint():
    """What a grade depends on besides the file: engine, reference, library versions."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json") and path.name != "batch.py" \
                and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    try:
        from .reference import reference_path

        digest.update(reference_path().read_bytes())
    except FileNotFoundError:
        digest.update(b"no reference")
    for package in ("numpy", "hypothesis", "torch", "torchvision"):
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


class Cache:
    """Completed reports by content: ``<out>/.cache/<fingerprint>-<lang>/<sha256>.json``."""

    def __init__(self, out, key):
        self.folder = Path(out) / ".cache" / key

    def get(self, digest):
        try:
            return json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, digest, report):
        self.folder.mkdir(parents=True, exist_ok=True)
        _write_json(self.folder / f"{digest}.json", report)


def _write_json(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".part-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(data, out, indent=2, ensure_ascii=False)
            out.write("\n")
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


# -------------------------------------------------------------- pool workers
def engine_report(path, lang):
    """The engine's report of one file (what ``make grade`` writes)."""
    from .grade import grade
    from .i18n import set_language
    from .report import results_json

    set_language(lang)
    return results_json(grade(path))


def _resolve(spec):
    import importlib

    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(module), function)


def _serve(connection, grader, lang):
    """A pool worker: grade the files it is sent, one at a time, until told to stop."""
    for name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[name] = "1"
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the main process handles Ctrl-C
    try:
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
    except ImportError:
        pass
    function = _resolve(grader)
    if grader == DEFAULT_GRADER:
        from . import grade  # noqa: F401  (the engine, once per worker)
    connection.send(("ready", os.getpid()))
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        started = time.monotonic()
        try:
            report = function(task, lang)
            connection.send(("done", report, time.monotonic() - started))
        except Exception:
            connection.send(("error", traceback.format_exc(limit=8),
                             time.monotonic() - started))


class Worker:
    """One long-lived grading process of the pool."""

    def __init__(self, context, grader, lang):
        import importlib

        # by its module name, also when this file runs as __main__
        serve = importlib.import_module("autograder.batch")._serve
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=serve, args=(theirs, grader, lang),
                                       name="grade-all-worker", daemon=True)
        self.process.start()
        theirs.close()
        self.ready = False
        self.job = None
        self.started = None
        self.below = set()  # its descendants when last looked at

    def look(self, tree):
        """Remember the processes below this worker (the engine's workers, theirs)."""
        self.below = set(_descendants(self.process.pid, tree)) - {self.process.pid}

    def give(self, job):
        self.job, self.started = job, time.monotonic()
        self.connection.send(str(job.path))

    def stop(self):
        try:
            self.connection.send(None)
        except OSError:
            pass
        self.process.join(timeout=10)
        if self.process.is_alive():
            self.kill()

    def kill(self):
        """Kill this worker and every process below it (the engine's workers too)."""
        # the processes seen below it matter once it is gone (they went to init)
        kill_tree(self.process.pid, also=() if self.process.is_alive() else self.below)
        self.process.join(timeout=10)
        self.connection.close()


def _children():
    """``{parent pid: [child pids]}`` of every process, from ``/proc``."""
    tree = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        tree.setdefault(int(fields[1]), []).append(int(entry))
    return tree


def _descendants(pid, tree):
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        pending.extend(tree.get(current, []))
    return found


def kill_tree(pid, also=()):
    """Stop ``pid``, then kill it and all its descendants (and the pids ``also``).

    The engine starts its workers in sessions of their own (and, as root, as
    a user of their own), so killing the pool worker alone would leave them.
    ``also`` names processes seen below it earlier: when it died, they were
    handed to init and are no longer found below it.
    """
    try:
        os.kill(pid, signal.SIGSTOP)  # it forks no more while we look
    except ProcessLookupError:
        pass
    tree = _children() if os.path.isdir("/proc") else {}
    for victim in set(_descendants(pid, tree)) | set(also):
        for below in _descendants(victim, tree):
            try:
                os.kill(below, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
    if os.geteuid() == 0:
        # as root, the engine's workers ran as users of the block of this pool
        # worker: anything of theirs that escaped the tree goes too
        from . import privileges

        block = getattr(privileges, "UIDS_PER_GRADER", 1)
        first = privileges.WORKER_UID_BASE + pid * block
        for uid in range(first, first + block):
            privileges.kill_everything_of(uid)


# ----------------------------------------------------------------- the batch
def default_timeout():
    """The engine's budgets for a whole submission, plus a margin (seconds)."""
    from .grade import BUDGET_S, DEFAULT_BUDGET_S, IMPORT_BUDGET_S

    return sum(BUDGET_S.get(q.id, DEFAULT_BUDGET_S) for q in QUESTIONS) + IMPORT_BUDGET_S \
        + GUARD_MARGIN_S


def failed_report(status):
    """The report of a submission that could not be graded: every question 0."""
    return {"score": 0.0,
            "tests": [{"name": f"{q.id} {q.title}", "score": 0.0, "max_score": q.points,
                       "output": f"not graded: {status}", "visibility": "visible"}
                      for q in QUESTIONS],
            "output": f"not graded: {status}"}


def run(folder, out=DEFAULT_OUT, *, jobs=None, timeout=None, force=False, lang="en",
        progress=True, grader=DEFAULT_GRADER):
    """Grade every submission below ``folder``; write the gradebook and reports.

    Returns the list of :class:`Submission` (with ``report`` and ``status``).
    """
    out = Path(out)
    submissions = discover(folder)
    for s in submissions:
        s.digest = hashlib.sha256(s.path.read_bytes()).hexdigest()
    cache = Cache(out, f"{fingerprint()}-{lang}"
                  + ("" if grader == DEFAULT_GRADER else f"-{grader.replace(':', '.')}"))
    todo = {}
    for s in submissions:
        report = None if force else cache.get(s.digest)
        if report is not None:
            s.report, s.status, s.cached = report, COMPLETED, True
        else:
            todo.setdefault(s.digest, []).append(s)
    jobs = max(1, min(jobs or _cores(), len(todo) or 1))
    timeout = timeout or default_timeout()
    bar = _progress(len(submissions), progress)
    bar.update(sum(s.cached for s in submissions))
    try:
        if todo:
            _grade_all(todo, jobs, timeout, lang, grader, cache, bar)
    finally:
        bar.close()
        write_outputs(submissions, out)
    return submissions


def _cores():
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def _grade_all(todo, jobs, timeout, lang, grader, cache, bar):
    context = multiprocessing.get_context("spawn")
    queue = list(todo.values())  # one job per distinct content
    workers = [Worker(context, grader, lang) for _ in range(jobs)]

    def finish(group, report, status, seconds):
        for s in group:
            s.report, s.status, s.seconds = report, status, seconds
        if status == COMPLETED:
            cache.put(group[0].digest, report)
        bar.update(len(group))

    def replace(worker):
        workers[workers.index(worker)] = Worker(context, grader, lang)

    class Job:
        def __init__(self, group):
            self.group, self.path = group, group[0].path

    try:
        while queue or any(w.job for w in workers):
            for worker in workers:
                if worker.ready and worker.job is None and queue:
                    worker.give(Job(queue.pop(0)))
            busy = {w.connection: w for w in workers}
            busy.update({w.process.sentinel: w for w in workers})
            for ready in wait(list(busy), timeout=1.0):
                worker = busy[ready]
                if worker not in workers:
                    continue
                message = None
                if ready is worker.connection:
                    try:
                        message = worker.connection.recv()
                    except (EOFError, OSError):
                        message = None
                if message and message[0] == "ready":
                    worker.ready = True
                    continue
                if message and message[0] == "done":
                    job, worker.job = worker.job, None
                    finish(job.group, message[1], COMPLETED, message[2])
                    continue
                if message and message[0] == "error":
                    job, worker.job = worker.job, None
                    status = "grader error: " + message[1].strip().splitlines()[-1]
                    finish(job.group, failed_report(status), status, message[2])
                    continue
                if not worker.process.is_alive() or message is None:
                    code = worker.process.exitcode
                    job = worker.job
                    worker.kill()
                    replace(worker)
                    if job is not None:
                        status = f"crashed: the grading process died (exit status {code})"
                        finish(job.group, failed_report(status), status,
                               time.monotonic() - worker.started)
                    elif not worker.ready:
                        raise RuntimeError("a grading process died while starting "
                                           f"(exit status {code})")
            now = time.monotonic()
            if os.path.isdir("/proc"):
                tree = _children()
                for worker in workers:
                    if worker.job is not None:
                        worker.look(tree)
            for worker in list(workers):
                if worker.job is not None and now - worker.started > timeout:
                    job = worker.job
                    worker.kill()
                    replace(worker)
                    status = f"timed out: grading took more than {timeout:g} s"
                    finish(job.group, failed_report(status), status, now - worker.started)
    except BaseException:
        for worker in workers:
            worker.kill()
        raise
    for worker in workers:
        worker.stop()


class _NoBar:
    def update(self, n=1):
        pass

    def close(self):
        pass


def _progress(total, enabled):
    if not enabled:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:
        return _NoBar()
    return tqdm(total=total, unit="file", desc="grading", file=sys.stderr, dynamic_ncols=True,
                smoothing=0.1)


# ------------------------------------------------------------------- outputs
def write_outputs(submissions, out):
    """Write ``gradebook.csv`` and every report (submissions not graded get a row too)."""
    out = Path(out)
    for s in submissions:
        if s.report is None:
            s.status = s.status or "not graded: the batch was interrupted"
            s.report = failed_report(s.status)
        _write_json(out / "reports" / (s.file[:-3] + ".json"), s.report)
    columns = question_columns()
    possible = float(sum(q.points for q in QUESTIONS))
    rows = [[POINTS_ROW] + [float(q.points) for q in QUESTIONS] + [possible, 1.0, "--"]]
    for s in submissions:
        scores = {test["name"].split()[0]: test["score"] for test in s.report.get("tests", [])}
        total = s.report.get("score", 0.0)
        rows.append([s.file] + [scores.get(q.id, 0.0) for q in QUESTIONS]
                    + [total, round(total / possible, 4), s.status])
    out.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".part-", dir=out)
    with os.fdopen(handle, "w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream)
        writer.writerow(["file"] + columns
                        + ["total_points_earned", "percent_correct", "grading_status"])
        writer.writerows(rows)
    os.chmod(temporary, 0o644)
    os.replace(temporary, out / "gradebook.csv")


# ----------------------------------------------------------------------- CLI
def main(argv=None):
    from .i18n import LANGUAGES, language_from_environment

    parser = argparse.ArgumentParser(prog="python -m autograder.batch",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("submissions", help="the folder of submissions")
    parser.add_argument("--out", default=str(DEFAULT_OUT),
                        help=f"where gradebook.csv and reports/ go (default {DEFAULT_OUT})")
    parser.add_argument("--jobs", type=int, default=None,
                        help="grading processes (default: one per core)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="wall-clock limit per submission in seconds "
                             "(default: the engine's budgets plus a margin)")
    parser.add_argument("--force", action="store_true",
                        help="grade every file again, even unchanged ones")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the reports (default: from LANG / LC_ALL)")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    folder = Path(args.submissions)
    if not folder.is_dir():
        print(f"error: no folder {folder}: give the folder of submissions, "
              "e.g. make grade-all SUBMISSIONS=path/to/submissions/", file=sys.stderr)
        return 2
    if not discover(folder):
        print(f"error: no .py file below {folder}", file=sys.stderr)
        return 2
    if args.jobs is not None and args.jobs < 1:
        print("error: --jobs must be at least 1", file=sys.stderr)
        return 2
    started = time.monotonic()
    try:
        graded = run(folder, args.out, jobs=args.jobs, timeout=args.timeout, force=args.force,
                     lang=args.lang or language_from_environment(), progress=not args.quiet)
    except KeyboardInterrupt:
        print(f"\ninterrupted; the gradebook in {args.out} lists what was graded, and a "
              "rerun continues from there", file=sys.stderr)
        return 130
    except RuntimeError as error:  # a grading process cannot even start
        print(f"error: {error}", file=sys.stderr)
        return 2
    problems = [s for s in graded if s.status != COMPLETED]
    reused = sum(s.cached for s in graded)
    distinct = len({s.digest for s in graded if not s.cached})
    print(f"graded {len(graded)} submissions in {time.monotonic() - started:.0f} s "
          f"({distinct} distinct files graded, {reused} unchanged ones reused; "
          f"{len(problems)} not completed); gradebook: {Path(args.out) / 'gradebook.csv'}")
    for s in problems:
        print(f"  {s.file}: {s.status}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
