"""Wall time of the grader: one file (total and per question) and batch grading.

Every grading runs in a subprocess, as a user would start it, from the
repository root: ``python -m autograder grade FILE --results TMP`` for the
total, ``python -m bench.grade_once FILE`` for the engine's per-question
seconds, ``python -m autograder.batch DIR`` with two jobs for the batch, on a mix of
correct and buggy files drawn from the kit's own catalogue (``mix``).
"""

import csv
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT

SOLUTION = ROOT / "solution" / "softmax.py"
STUBS = ROOT / "assignment" / "softmax.py"
BATCH_PACKAGE = ROOT / "autograder" / "batch"
#: submissions in the batch figure, and the jobs grading them (the issue's 100 and two)
BATCH_SIZE = 100
BATCH_JOBS = 2
MIX_SEED = 13
TIMEOUT_S = 1800


class GradingFailed(RuntimeError):
    """A grading command exited with an error."""


def _children_cpu():
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run(args, timeout=TIMEOUT_S):
    """Run ``args`` from the repository root.

    Returns
    -------
    wall_s : float
    cpu_s : float
        CPU time of the command and every process below it that was waited
        for (the grader's workers included).
    done : subprocess.CompletedProcess
    """
    wall, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    return time.perf_counter() - wall, _children_cpu() - cpu, done


def _check(done, what):
    if done.returncode != 0:
        tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
        raise GradingFailed(f"{what} exited with status {done.returncode}:\n{tail}")


def grade_cli(path):
    """Grade ``path`` with the kit's command; return ``(wall s, CPU s, score)``."""
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        results = Path(tmp) / "results.json"
        wall, cpu, done = _run([sys.executable, "-m", "autograder", "grade", str(path),
                                "--results", str(results), "--quiet"])
        _check(done, f"python -m autograder grade {path}")
        score = json.loads(results.read_text(encoding="utf-8"))["score"]
    return wall, cpu, score


def grade_engine(path):
    """Grade ``path`` with the engine in a subprocess; its per-question seconds.

    Returns
    -------
    figures : dict
        ``{"score", "engine_s", "questions": {question id: seconds}}``.
    """
    _, _, done = _run([sys.executable, "-m", "bench.grade_once", str(path)])
    _check(done, f"python -m bench.grade_once {path}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def single_file(path, repeats, progress=None):
    """Median wall time of grading ``path``: total and per question.

    Parameters
    ----------
    path : path-like
        The ``softmax.py`` to grade.
    repeats : int
        Gradings of each kind (command and engine).
    progress : callable, optional
        Called without arguments after every grading.

    Returns
    -------
    figures : dict
        ``total_s`` (median of the command's wall time), ``runs_s``,
        ``cpu_s`` (median CPU time of the command and its workers),
        ``score``, ``engine_s`` (median of the engine's own time) and
        ``per_question_s`` (median per question id).
    """
    totals, cpus, engines, scores = [], [], [], set()
    for _ in range(repeats):
        wall, cpu, score = grade_cli(path)
        totals.append(wall)
        cpus.append(cpu)
        scores.add(score)
        if progress:
            progress()
        engines.append(grade_engine(path))
        if progress:
            progress()
    ids = list(engines[0]["questions"])
    return {
        "total_s": statistics.median(totals),
        "runs_s": totals,
        "cpu_s": statistics.median(cpus),
        "score": scores.pop() if len(scores) == 1 else sorted(scores),
        "engine_s": statistics.median(e["engine_s"] for e in engines),
        "per_question_s": {q: statistics.median(e["questions"][q] for e in engines)
                           for q in ids},
    }


def catalogue():
    """The kit's own catalogue of submissions (``tests/submissions``): ``(correct, buggy)``.

    Each is a list of objects with ``name``, ``source()`` and ``loses``;
    correct ones are the unusual-but-correct variants and files, buggy ones
    carry one realistic mistake each.
    """
    if str(ROOT / "tests") not in sys.path:
        sys.path.insert(0, str(ROOT / "tests"))
    from submissions import variants

    every = variants.all_submissions()
    return ([s for s in every if not s.loses and not s.may_lose],
            [s for s in every if s.loses])


def mix(n=BATCH_SIZE, seed=MIX_SEED):
    """A realistic class of ``n`` submissions drawn from the catalogue, the same every run.

    A third correct files written differently, the rest files with one bug,
    taken in turn from the question each one must lose points on (so every
    question's bugs appear, not only the commonest kind).

    Returns
    -------
    list of (name, source, correct)
    """
    rng = random.Random(seed)
    correct, buggy = catalogue()
    by_question = {}
    for submission in sorted(buggy, key=lambda s: s.name):
        by_question.setdefault(submission.loses[0], []).append(submission)
    for group in by_question.values():
        rng.shuffle(group)
    n_correct = round(n / 3)
    chosen = [(s, True) for s in rng.sample(sorted(correct, key=lambda s: s.name),
                                             min(n_correct, len(correct)))]
    questions = sorted(by_question)
    rng.shuffle(questions)
    turn = 0
    while len(chosen) < n and any(by_question.values()):
        group = by_question[questions[turn % len(questions)]]
        if group:
            chosen.append((group.pop(), False))
        turn += 1
    rng.shuffle(chosen)
    return [(s.name, s.source(), ok) for s, ok in chosen]


def make_submissions(folder, n=BATCH_SIZE):
    """``n`` per-student folders ``s01/softmax.py`` ... holding ``mix(n)``.

    Each file ends with a comment naming its student, so that no two files
    are identical (the batch grader grades identical files once).

    Returns
    -------
    dict
        ``{"s01": (catalogue name, correct), ...}``.
    """
    folder = Path(folder)
    drawn = {}
    for i, (name, source, correct) in enumerate(mix(n), start=1):
        student = folder / f"s{i:02d}"
        student.mkdir(parents=True)
        (student / "softmax.py").write_text(f"{source}\n# student s{i:02d}\n",
                                            encoding="utf-8")
        drawn[student.name] = (name, correct)
    return drawn


def _batch_command(submissions, out):
    """The batch command line: ``--gradebook PATH`` as the issue has it, else ``--out DIR``.

    Returns
    -------
    args : list of str
    gradebook : Path
        Where the gradebook will be.
    shown : str
        The command as the report shows it (no temporary paths).
    """
    _, _, usage = _run([sys.executable, "-m", "autograder.batch", "--help"], timeout=120)
    args = [sys.executable, "-m", "autograder.batch", str(submissions)]
    if "--jobs" in usage.stdout:
        args += ["--jobs", str(BATCH_JOBS)]
    if "--gradebook" in usage.stdout:
        gradebook = Path(out) / "gradebook.csv"
        return (args + ["--gradebook", str(gradebook)], gradebook,
                " ".join(["python -m autograder.batch DIR", *args[4:], "--gradebook PATH"]))
    # the module as built: --out DIR holds gradebook.csv; --force ignores any cache
    extra = ["--force"] if "--force" in usage.stdout else []
    extra += ["--quiet"] if "--quiet" in usage.stdout else []
    return (args + ["--out", str(out), *extra], Path(out) / "gradebook.csv",
            " ".join(["python -m autograder.batch DIR", *args[4:], "--out OUT", *extra]))


def _missing(note, n, wall_s=None):
    return {"per_min": None, "wall_s": wall_s, "submissions": n, "note": note}


def batch(n=BATCH_SIZE):
    """Throughput of batch grading, in submissions per minute (one run).

    Uses ``python -m autograder.batch``; when it fails, the figure is ``None``
    with a note.

    Returns
    -------
    figures : dict
        ``per_min`` (float or None), ``wall_s``, ``submissions``, ``note``
        and, when it ran, ``cpu_s`` and ``graded`` (rows in the gradebook).
    """
    if not BATCH_PACKAGE.is_dir():
        return _missing("autograder/batch/ is missing: batch grading not measured", n)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        submissions = Path(tmp) / "submissions"
        drawn = make_submissions(submissions, n)
        args, gradebook, shown = _batch_command(submissions, Path(tmp) / "out")
        try:
            wall, cpu, done = _run(args)
        except subprocess.TimeoutExpired:
            return _missing(f"python -m autograder.batch did not finish in {TIMEOUT_S} s", n)
        rows = _gradebook_rows(gradebook)
        if done.returncode != 0 or rows is None:
            last = (done.stdout + done.stderr).strip().splitlines()[-1:] or [""]
            return _missing(f"python -m autograder.batch failed (status {done.returncode}, "
                            f"gradebook {'unreadable' if rows is None else 'written'}): "
                            f"{last[0]}", n, wall)
    n_correct = sum(ok for _, ok in drawn.values())
    return {"per_min": n / wall * 60.0, "wall_s": wall, "cpu_s": cpu, "submissions": n,
            "graded": rows, "jobs": BATCH_JOBS,
            "drawn": {student: name for student, (name, _) in drawn.items()},
            "note": f"{n} distinct files from the kit's catalogue ({n_correct} correct ones "
                    f"written differently, {n - n_correct} with one bug each, drawn across "
                    f"the questions), {rows} of them completed, `{shown}`, one run"}


def _gradebook_rows(path):
    """Completed student rows of a gradebook CSV, or None if it cannot be read.

    A row counts when its ``grading_status`` is ``Completed`` (every row when
    the gradebook has no such column); the ``points-per-question`` row never.
    """
    try:
        with open(path, newline="", encoding="utf-8") as handle:
            rows = [row for row in csv.reader(handle) if row]
    except (OSError, csv.Error):
        return None
    if not rows:
        return None
    status = rows[0].index("grading_status") if "grading_status" in rows[0] else None
    return sum(1 for row in rows[1:] if row[0] != "points-per-question"
               and (status is None or row[status] == "Completed"))
