"""Batch grading (``make grade-all``): the gradebook, the reports, hangs and crashes, reruns.

The tests of hangs, crashes and reruns use a stand-in for the engine (the
``grader`` hook of :func:`autograder.batch.run`, by name, so the spawned
workers import it from this module); one test grades real files with the
engine and compares with ``make grade``.  ``SOFTMAX_KIT_BATCH_BENCH=1`` adds
the 100-submission timing run.
"""

import csv
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SOLUTION, STUBS

from autograder import batch
from autograder.contract import QUESTIONS
from autograder.report import results_json

FAKE = "test_batch:fake_grader"
COLUMNS = [f"{q.id} {q.title}" for q in QUESTIONS]


def fake_grader(path, lang):
    """Stand-in for the engine, steered by the file's first line."""
    text = Path(path).read_text()
    if text.startswith("HANG"):
        # a grandchild in a session of its own, as the engine's workers are
        pid_file = text.split()[1]
        child = subprocess.Popen(["sleep", "600"], start_new_session=True)
        Path(pid_file).write_text(str(child.pid))
        time.sleep(600)
    if text.startswith("CRASH"):
        os._exit(3)
    if text.startswith("RAISE"):
        raise ValueError("the grader tripped")
    score = float(len(text) % 7)
    tests = [{"name": c, "score": score if i == 0 else 0.0, "max_score": q.points,
              "output": "fake", "visibility": "visible"}
             for i, (c, q) in enumerate(zip(COLUMNS, QUESTIONS))]
    return {"score": score, "tests": tests, "output": f"fake grade of {Path(path).name}"}


def gradebook(out):
    with open(Path(out) / "gradebook.csv", newline="") as stream:
        return list(csv.DictReader(stream))


def write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# ----------------------------------------------------------------- discovery
def test_one_folder_per_student_or_files_named_by_student(tmp_path):
    write(tmp_path, {
        "alice/softmax.py": "a", "alice/helper.py": "ignored beside softmax.py",
        "section2/bob/softmax.py": "b", "carol.py": "c", "dave_softmax.py": "d",
        "__pycache__/x.py": "no", ".hidden/softmax.py": "no", "erin/__init__.py": "no",
        "erin/notes.txt": "no", "frank/work.py": "f"})
    files = [s.file for s in batch.discover(tmp_path)]
    assert files == ["alice/softmax.py", "carol.py", "dave_softmax.py", "frank/work.py",
                     "section2/bob/softmax.py"]


# ------------------------------------------------------------- with the engine
def test_grade_all_matches_make_grade(tmp_path, reference_grade, stub_grade):
    submissions, out = tmp_path / "in", tmp_path / "out"
    write(submissions, {"alice/softmax.py": SOLUTION.read_text(),
                        "bob.py": STUBS.read_text(),
                        "carol/softmax.py": STUBS.read_text(),  # graded once, both rows
                        "dave.py": "def softmax(:\n"})
    graded = batch.run(submissions, out, jobs=2, progress=False)
    assert all(s.status == batch.COMPLETED for s in graded)
    rows = {row["file"]: row for row in gradebook(out)}
    assert list(rows) == ["points-per-question", "alice/softmax.py", "bob.py",
                          "carol/softmax.py", "dave.py"]
    assert list(rows["alice/softmax.py"]) == ["file"] + COLUMNS + [
        "total_points_earned", "percent_correct", "grading_status"]
    points = rows["points-per-question"]
    assert [float(points[c]) for c in COLUMNS] == [q.points for q in QUESTIONS]
    assert float(points["total_points_earned"]) == 100
    for file, expected in (("alice/softmax.py", reference_grade), ("bob.py", stub_grade),
                           ("carol/softmax.py", stub_grade)):
        report = results_json(expected)
        row = rows[file]
        assert {c: float(row[c]) for c in COLUMNS} == \
            {t["name"]: t["score"] for t in report["tests"]}
        assert float(row["total_points_earned"]) == report["score"]
        assert float(row["percent_correct"]) == round(report["score"] / 100, 4)
        assert row["grading_status"] == "Completed"
        saved = json.loads((out / "reports" / (file[:-3] + ".json")).read_text())
        assert saved["tests"] == report["tests"]
    assert float(rows["dave.py"]["total_points_earned"]) == 0
    assert "syntax error" in (out / "reports" / "dave.json").read_text()
    # identical files are graded once: three distinct contents in the cache
    assert len(list((out / ".cache").glob("*/*.json"))) == 3
    # a rerun grades nothing: no worker process is even started
    started = time.monotonic()
    again = batch.run(submissions, out, progress=False)
    assert all(s.cached for s in again) and time.monotonic() - started < 20
    assert gradebook(out) == list(rows.values())


# ---------------------------------------------------- hangs, crashes, reruns
def test_a_hang_or_a_crash_gets_its_row_and_never_stops_the_batch(tmp_path):
    submissions, out = tmp_path / "in", tmp_path / "out"
    pid_file = tmp_path / "grandchild.pid"
    write(submissions, {"hangs.py": f"HANG {pid_file}\n", "crashes.py": "CRASH\n",
                        "raises.py": "RAISE\n", "fine1.py": "x = 1\n", "fine2.py": "y = 22\n",
                        "fine3.py": "z = 333\n"})
    started = time.monotonic()
    graded = {s.file: s for s in batch.run(submissions, out, jobs=2, timeout=4,
                                           progress=False, grader=FAKE)}
    assert time.monotonic() - started < 60
    assert graded["hangs.py"].status.startswith("timed out")
    assert graded["crashes.py"].status.startswith("crashed")
    assert graded["raises.py"].status.startswith("grader error")
    assert "the grader tripped" in graded["raises.py"].status
    for name in ("fine1.py", "fine2.py", "fine3.py"):
        assert graded[name].status == "Completed"
    rows = {row["file"]: row for row in gradebook(out)}
    assert len(rows) == 7
    assert rows["hangs.py"]["grading_status"].startswith("timed out")
    assert float(rows["crashes.py"]["total_points_earned"]) == 0
    assert json.loads((out / "reports" / "hangs.json").read_text())["score"] == 0
    # the hanging grader's own child went with it
    grandchild = int(pid_file.read_text())
    deadline = time.monotonic() + 10
    while _alive(grandchild) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(grandchild)


def test_a_rerun_skips_unchanged_files_unless_forced(tmp_path):
    submissions, out = tmp_path / "in", tmp_path / "out"
    write(submissions, {"a.py": "x = 1\n", "b.py": "y = 22\n", "c.py": "CRASH\n"})
    first = {s.file: s for s in batch.run(submissions, out, progress=False, grader=FAKE)}
    assert not any(s.cached for s in first.values())
    (submissions / "b.py").write_text("y = 4444\n")
    second = {s.file: s for s in batch.run(submissions, out, progress=False, grader=FAKE)}
    assert second["a.py"].cached and not second["b.py"].cached
    assert not second["c.py"].cached  # failures are retried
    assert gradebook(out)[2]["total_points_earned"] == str(float(len("y = 4444\n") % 7))
    forced = batch.run(submissions, out, progress=False, grader=FAKE, force=True)
    assert not any(s.cached for s in forced)


def test_the_command_line_rejects_bad_input_in_one_line(tmp_path):
    done = subprocess.run([sys.executable, "-m", "autograder.batch", str(tmp_path / "nope")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        f"error: no folder {tmp_path / 'nope'}: give the folder of submissions, e.g. make "
        "grade-all SUBMISSIONS=path/to/submissions/"]
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    done = subprocess.run(["make", "--no-print-directory", "grade-all"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "make grade-all SUBMISSIONS=path/to/submissions/" in done.stderr
    assert "Traceback" not in done.stderr


# --------------------------------------------------------- the timing bar
@pytest.mark.skipif(not os.environ.get("SOFTMAX_KIT_BATCH_BENCH"),
                    reason="set SOFTMAX_KIT_BATCH_BENCH=1: grades 100 files (minutes)")
def test_one_hundred_submissions_within_ten_minutes(tmp_path):
    sources = benchmark_sources(100)
    submissions = tmp_path / "in"
    for index, (name, text) in enumerate(sources):
        write(submissions, {f"student{index:03d}_{name}/softmax.py": text})
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "autograder.batch", str(submissions),
                           "--out", str(tmp_path / "out"), "--quiet"], cwd=ROOT,
                          capture_output=True, text=True, timeout=1200)
    elapsed = time.monotonic() - started
    print(f"grade-all on {len(sources)} submissions: {elapsed:.0f} s\n{done.stdout}")
    assert done.returncode == 0, done.stderr[-2000:]
    rows = gradebook(tmp_path / "out")
    assert len(rows) == 101 and all(r["grading_status"] in ("Completed", "--") for r in rows)
    assert elapsed <= 600


def benchmark_sources(count):
    """``count`` distinct test submissions: the catalogue's, then the reference and stubs."""
    sys.path.insert(0, str(ROOT / "tests"))
    chosen = []
    try:
        from submissions.variants import BUGGY, CORRECT, file_submissions

        chosen = [(v.name, v.source()) for v in list(BUGGY) + list(CORRECT)
                  + list(file_submissions())]
    except Exception:  # noqa: BLE001  the catalogue does not load: whole files only
        chosen = [(p.stem, p.read_text()) for p in
                  sorted((ROOT / "tests" / "submissions" / "files").glob("*.py"))]
    chosen += [("reference", SOLUTION.read_text()), ("stubs", STUBS.read_text())]
    # more than the catalogue holds: distinct copies (a comment makes each unique)
    result = []
    for index in range(count):
        name, text = chosen[index % len(chosen)]
        if index >= len(chosen):
            text += f"\n# copy {index}\n"
        result.append((name, text))
    return result
