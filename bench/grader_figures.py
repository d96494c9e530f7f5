"""Wall time of the grader: one file (total and per question) and batch grading.

Every grading runs in a subprocess, as a user would start it, from the
repository root: ``python -m autograder grade FILE --results TMP`` for the
total, ``python -m bench.grade_once FILE`` for the engine's per-question
seconds, ``python -m autograder.batch DIR --gradebook CSV`` for the batch.
"""

import csv
import json
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import ROOT

SOLUTION = ROOT / "solution" / "softmax.py"
STUBS = ROOT / "assignment" / "softmax.py"
BATCH_MODULE = ROOT / "autograder" / "batch.py"
BATCH_SIZE = 20
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


def make_submissions(folder, n=BATCH_SIZE):
    """``n`` per-student folders ``s01/softmax.py`` ...: the reference and the stubs alternately.

    Each copy ends with a comment naming its student, so that no two files
    are identical: the batch grader grades identical files once, which would
    turn 20 submissions into 2 gradings.
    """
    folder = Path(folder)
    for i in range(1, n + 1):
        student = folder / f"s{i:02d}"
        student.mkdir(parents=True)
        source = (SOLUTION if i % 2 else STUBS).read_text(encoding="utf-8")
        (student / "softmax.py").write_text(f"{source}\n# student s{i:02d}\n",
                                            encoding="utf-8")
    return folder


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
    if "--gradebook" in usage.stdout:
        gradebook = Path(out) / "gradebook.csv"
        return (args + ["--gradebook", str(gradebook)], gradebook,
                "python -m autograder.batch DIR --gradebook PATH")
    # the module as built: --out DIR holds gradebook.csv; --force ignores any cache
    extra = ["--force"] if "--force" in usage.stdout else []
    extra += ["--quiet"] if "--quiet" in usage.stdout else []
    return (args + ["--out", str(out), *extra], Path(out) / "gradebook.csv",
            " ".join(["python -m autograder.batch DIR --out OUT", *extra]))


def _missing(note, n, wall_s=None):
    return {"per_min": None, "wall_s": wall_s, "submissions": n, "note": note}


def batch(n=BATCH_SIZE):
    """Throughput of batch grading, in submissions per minute (one run).

    Uses ``python -m autograder.batch`` when ``autograder/batch.py`` exists;
    otherwise, or when it fails, the figure is ``None`` with a note.

    Returns
    -------
    figures : dict
        ``per_min`` (float or None), ``wall_s``, ``submissions``, ``note``
        and, when it ran, ``cpu_s`` and ``graded`` (rows in the gradebook).
    """
    if not BATCH_MODULE.is_file():
        return _missing("autograder/batch.py does not exist yet: batch grading not measured", n)
    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        submissions = make_submissions(Path(tmp) / "submissions", n)
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
    return {"per_min": n / wall * 60.0, "wall_s": wall, "cpu_s": cpu, "submissions": n,
            "graded": rows,
            "note": f"{n} distinct files (reference and stubs alternately), {rows} of them "
                    f"completed, `{shown}` with its default jobs, one run"}


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
