"""The kit's commands answer bad input with one line, never a traceback."""

import json
import os
import subprocess
import sys

import pytest
from conftest import ROOT, SOLUTION


def run(*args, cwd=ROOT, env=None):
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=300, check=False,
                          env={**os.environ, **(env or {})})


def _one_error_line(done):
    lines = [line for line in (done.stdout + done.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in lines[0]
    return lines[0]


@pytest.mark.parametrize("args, says", [
    (["grade", "no/such/softmax.py"], "no file no/such/softmax.py"),
    (["grade", "README.md"], "is not a .py file"),
    (["grade", str(SOLUTION), "--questions", "ep11"], "unknown question 'ep11'"),
    (["grade", str(SOLUTION), "--results", "/proc/nope/results.json",
      "--questions", "ep03"], "cannot write"),
])
def test_grade_rejects_bad_input_in_one_line(args, says):
    done = run(sys.executable, "-m", "autograder", *args)
    assert done.returncode == 2
    assert says in _one_error_line(done)


def test_grade_writes_the_report_and_exits_0_whatever_the_score(tmp_path):
    results = tmp_path / "out" / "results.json"
    stubs = ROOT / "assignment" / "softmax.py"
    done = run(sys.executable, "-m", "autograder", "grade", str(stubs), "--results",
               str(results), "--questions", "ep01,ep03")
    assert done.returncode == 0, done.stderr
    report = json.loads(results.read_text())
    assert report["score"] == 0 and len(report["tests"]) == 2
    assert "ep01 softmax vs sigmoid" in done.stdout and "total" in done.stdout


def test_make_grade_names_a_missing_submission_in_one_line():
    done = run("make", "--no-print-directory", "grade", "SUBMISSION=missing/softmax.py")
    assert done.returncode != 0
    assert "no file missing/softmax.py" in _one_error_line(done)


def test_the_public_footer_counts_only_the_questions_graded(tmp_path):
    done = run(sys.executable, "-m", "autograder", "grade", str(SOLUTION), "--public-only",
               "--questions", "ep03", "--results", str(tmp_path / "r.json"), "--quiet")
    assert done.returncode == 0, done.stderr
    graded = json.loads((tmp_path / "r.json").read_text())["tests"][0]["max_score"]
    assert f"score {graded:g}/{graded:g} " in done.stdout
    hidden = [line for line in done.stdout.splitlines() if "more points are in hidden" in line]
    line = f"{5 - graded:g} more points are in hidden checks that run only after you submit."
    assert hidden == ([line] if graded < 5 else [])


def test_a_file_name_cannot_drive_the_terminal(tmp_path):
    submission = tmp_path / "soft\x1b[2Jmax\u202e.py"
    submission.write_text(SOLUTION.read_text())
    done = run(sys.executable, "-m", "autograder", "grade", str(submission), "--questions",
               "ep03", "--results", str(tmp_path / "r.json"), "--quiet")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout and "\u202e" not in done.stdout
    assert "soft\\x1b[2Jmax\\u202e.py" in done.stdout
