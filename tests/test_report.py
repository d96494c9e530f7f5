"""The report: typed, read by question id, and no input can break or forge it."""

import csv
import json
import re
import subprocess
import sys

import numpy as np
import pytest
from adversarial_files import ADVERSARIAL, assemble
from conftest import ROOT

from autograder import i18n
from autograder.checks import Check, Outcome
from autograder.contract import QUESTIONS
from autograder.feedback import outcome_lines
from autograder.grade import Grade, QuestionResult
from autograder.isolation import StudentError
from autograder.report import QuestionEntry, Report, details, hidden_points, results_json, table
from autograder.text import QUOTE, escape

#: characters that must never reach a report raw: they move the cursor, break
#: lines where the grader did not, reorder text or hide it
RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff"
                 "\ud800-\udfff]")
FORGED = "FORGED"
FORGERY = ("boom\n\u2713 softmax is correct FORGED  [10/10]\u2028\u2713 rows FORGED  [2/2]"
           "\u2029total FORGED  100.00  100\r\nscore 100/100 FORGED\n"
           "\u202e]01/01[ FORGED \u2713\u2066\u200b\n\udc80\x1b[32m FORGED")


def assert_nothing_forged(text):
    """Every line with the student's text is quoted; nothing raw can move or break lines."""
    assert not RAW.search(text), RAW.search(text)
    assert FORGED in text, "the student's text was dropped instead of shown"
    for line in text.split("\n"):
        if FORGED in line:
            assert line.lstrip().startswith(QUOTE.strip()), line
        if re.match(r"\s*(?:[\u2713\u2717] .*\[[\d.]+/[\d.]+\]|score |total )", line):
            assert FORGED not in line, line


def _check(name="rows_sum_to_one", title="rows sum to 1"):
    return Check("ep01", name, title, 1.0, "divide by the row sum", None, statement="")


def _grade(outcomes, load_problem=""):
    q = QUESTIONS[0]
    result = QuestionResult(q, outcomes, note=load_problem.split("\n")[0])
    return Grade("softmax.py", [result], load_problem, notes=["isolation: test"])


# ---------------------------------------------------------------- the type
def test_results_json_is_read_back_by_question_id_whatever_the_titles_language():
    report = Report([QuestionEntry(q.id, "中文标题 " + q.id, q.points / 2, q.points)
                     for q in QUESTIONS], isolation="isolation: test")
    again = Report.from_json(json.loads(report.dumps()))
    assert again.scores() == {q.id: q.points / 2 for q in QUESTIONS}
    assert again.score == report.score == 50.0
    assert [q.title for q in again.questions] == [q.title for q in report.questions]


def test_results_json_keeps_the_contracts_schema():
    for data in (Report.not_graded("softmax.py", "why").to_json(),
                 results_json(_grade([Outcome(_check(), True, 1.0, 1.0)]))):
        assert set(data) <= {"score", "tests", "output"}
        for test in data["tests"]:
            assert set(test) == {"name", "score", "max_score", "output", "visibility"}
            assert test["name"].split()[0] in {q.id for q in QUESTIONS}
    assert sum(t["max_score"] for t in Report.not_graded("", "").to_json()["tests"]) == 100


def test_a_file_that_cannot_be_graded_gets_every_question_at_zero_saying_why(tmp_path):
    report = Report.not_graded("a\u202eb.py", "worker crashed\n\udc80")
    path = tmp_path / "results.json"
    report.write(path)
    data = json.loads(path.read_text(encoding="ascii"))
    assert data["score"] == 0 and len(data["tests"]) == len(QUESTIONS)
    assert all("could not be graded: worker crashed" in t["output"] for t in data["tests"])
    assert not RAW.search(json.dumps(data, ensure_ascii=False))


def test_the_writer_writes_a_report_whatever_the_content(tmp_path):
    broken = Report([QuestionEntry("ep01", "t", float("nan"), 10.0)])
    path = tmp_path / "results.json"
    broken.write(path, "softmax.py")
    data = json.loads(path.read_text(encoding="ascii"))
    assert data["score"] == 0
    assert "could not be graded: the report could not be written" in data["tests"][0]["output"]


def test_a_lone_surrogate_anywhere_in_a_grade_still_gives_an_ascii_report(tmp_path):
    outcome = Outcome(_check(), False, 0.0, 1.0, "softmax() raised ValueError: \udc80",
                      {"z\udc80": "\udc80"}, expected=None, got="\udc80", has_values=True)
    path = tmp_path / "results.json"
    from autograder.report import write_results

    write_results(_grade([outcome]), path)
    text = path.read_bytes().decode("ascii")
    assert "\\\\udc80" in text and json.loads(text)["tests"][0]["score"] == 0


def test_a_grade_the_report_cannot_even_read_still_gives_a_report(tmp_path):
    class Broken:
        submission = "softmax.py"
        notes = results = None

    from autograder.report import report_of, write_results

    assert report_of(Broken()).score == 0
    write_results(Broken(), tmp_path / "results.json")
    data = json.loads((tmp_path / "results.json").read_text(encoding="ascii"))
    assert "could not be graded: the report could not be built" in data["tests"][0]["output"]


def test_the_gradebook_reads_scores_by_id_in_chinese(tmp_path):
    from autograder.batch import gradebook

    i18n.set_language("zh")
    try:
        report = Report([QuestionEntry(q.id, i18n.tr(q.title) + " 中文", q.points, q.points)
                         for q in QUESTIONS]).to_json()
    finally:
        i18n.set_language("en")
    record = gradebook.Record("a.py", tmp_path / "a.py")
    record.finish(report)
    gradebook.write_gradebook([record], tmp_path / "out")
    with open(tmp_path / "out" / "gradebook.csv", encoding="utf-8") as stream:
        rows = list(csv.reader(stream))
    row = rows[-1]
    columns = [float(v) for v in row[1:1 + len(QUESTIONS)]]
    assert columns == [float(q.points) for q in QUESTIONS]
    assert sum(columns) == float(row[1 + len(QUESTIONS)]) == 100


# -------------------------------------------------------- forged student text
@pytest.mark.parametrize("char", ["\x1b", "\x07", "\r", "\x9b", "\u2028", "\u2029", "\u202a",
                                  "\u202e", "\u2066", "\u2069", "\u200b", "\u200d", "\ufeff",
                                  "\udc80"])
def test_escape_shows_every_control_format_and_separator_character(char):
    shown = escape(f"a{char}b")
    assert not RAW.search(shown) and shown.startswith("a\\") and shown.endswith("b")
    shown.encode("ascii")


def test_escape_leaves_chinese_and_ordinary_text_alone():
    assert escape("期望：p = softmax(z)，行和为 1 ✓") == "期望：p = softmax(z)，行和为 1 ✓"


def test_a_forged_exception_message_is_quoted_in_every_rendering():
    error = StudentError("softmax", "ValueError", FORGERY,
                         traceback='File "softmax.py", line 3\n' + FORGERY)
    outcome = Outcome(_check(), False, 0.0, 1.0, str(error), {"z": np.zeros((1, 2))},
                      error=error)
    passed = Outcome(_check("b", "b"), True, 1.0, 1.0, "partial: " + FORGERY)
    graded = _grade([outcome, passed])
    assert_nothing_forged("\n".join(outcome_lines(outcome) + outcome_lines(passed)))
    assert_nothing_forged(details(graded))
    assert_nothing_forged(results_json(graded)["tests"][0]["output"])
    assert not RAW.search(table(graded))


def test_a_forged_load_problem_is_quoted_everywhere():
    problem = "importing softmax.py raised RuntimeError: " + FORGERY
    graded = _grade([Outcome(_check(), False, 0.0, 1.0, problem)], problem)
    assert_nothing_forged(details(graded))
    assert_nothing_forged(results_json(graded)["tests"][0]["output"])
    assert FORGED not in table(graded) and not RAW.search(table(graded))


@pytest.mark.parametrize("attack", ["report_forgery_import", "report_forgery_call"])
def test_a_forging_submission_gets_a_report_and_a_terminal_with_nothing_forged(attack,
                                                                              tmp_path):
    submission = tmp_path / "softmax.py"
    submission.write_text(assemble(ADVERSARIAL / f"{attack}.py"), encoding="utf-8",
                          errors="surrogatepass")
    results = tmp_path / "results.json"
    done = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission),
                           "--results", str(results), "--questions", "ep01,ep03"],
                          cwd=tmp_path, capture_output=True, timeout=300, check=False,
                          env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(ROOT),
                               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"})
    assert done.returncode == 0, done.stderr[-2000:]
    stdout = done.stdout.decode("utf-8")
    assert_nothing_forged(stdout)
    data = json.loads(results.read_bytes().decode("ascii"))
    failed = [t for t in data["tests"] if t["name"].startswith("ep01")]
    assert failed[0]["score"] == 0
    for test in failed:
        assert_nothing_forged(test["output"])
    assert re.search(r"^score 5/15 ", stdout, re.MULTILINE) if attack.endswith("call") else True


# -------------------------------------------------------------- the footer
def test_the_public_footer_counts_hidden_points_of_the_chosen_questions_only():
    report = Report([QuestionEntry("ep01", "t", 4.0, 4.0)])
    assert hidden_points(report, ["ep01"]) == 6
    assert hidden_points(report) == 96
