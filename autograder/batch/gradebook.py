"""The batch's records and what is written from them: reports, ``gradebook.csv``.

``gradebook.csv`` keeps otter-grader's ``final_grades.csv`` layout: ``file``,
one column per question (``"<id> <English title>"``), ``total_points_earned``,
``percent_correct`` (0 to 1), ``grading_status``; the first row,
``points-per-question``, holds each column's maximum.  Scores are read from
each report by question id (the first word of a test's name), never by its
title, which is translated.
"""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..contract import QUESTIONS
from ..report import Report, write_atomically
from ..text import escape

POINTS_ROW = "points-per-question"
COMPLETED = "Completed"
#: outcomes of one submission (the class report counts them)
DONE, TIMED_OUT, NOT_GRADABLE = "completed", "timed out", "not gradable"


@dataclass
class Record:
    """One submission of the batch and what became of it.

    Attributes
    ----------
    file : str
        The gradebook's ``file`` (see :mod:`autograder.discovery`).
    path : Path or None
        The student's file (None when the folder held none).
    digest : str
        SHA-256 of the file's content.
    report : dict
        Its report (``results.json`` of ``make grade``).
    status : str
        ``Completed``, or what went wrong (the gradebook's ``grading_status``).
    outcome : str
        ``DONE``, ``TIMED_OUT`` or ``NOT_GRADABLE``.
    seconds : float
        Grading time (0 for a report reused from the cache).
    cached : bool
        Whether the report was reused from an earlier run.
    source : bytes
        The file's content.
    screening : str
        What static screening flagged in it, or ``""`` (for the instructor; no penalty).
    """

    file: str
    path: Path | None
    digest: str = ""
    report: dict | None = None
    status: str = ""
    outcome: str = ""
    seconds: float = 0.0
    cached: bool = False
    source: bytes = b""
    screening: str = ""

    def finish(self, report, status=COMPLETED, outcome=DONE, seconds=0.0):
        self.report, self.status, self.outcome, self.seconds = report, status, outcome, seconds

    def fail(self, why, outcome=NOT_GRADABLE, seconds=0.0):
        self.finish(failed_report(why), safe_text(f"could not be graded: {why}"), outcome,
                    seconds)


def safe_text(text):
    """``text`` for one cell of the gradebook: controls, separators and lone surrogates
    escaped, and no leading ``= + - @`` that a spreadsheet would run as a formula."""
    text = escape(str(text))
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def question_id(test):
    """The question id of a report's test: the first word of its name."""
    return str(test.get("name", "")).split(" ", 1)[0]


def scores_by_question(report):
    """``{question id: score}`` of a report (the typed report reads ids, never titles)."""
    return Report.from_json(report or {}).scores()


def failed_report(why):
    """The report of a submission that could not be graded: every question 0, saying why."""
    return Report.not_graded("", why).to_json()


def report_text(report):
    """A report as the JSON text written to disk: ASCII, so no string can fail to encode."""
    return json.dumps(report, indent=2, ensure_ascii=True) + "\n"


def write_reports(records, out, questions=QUESTIONS):
    """Write ``reports/<file>.json`` of every record; one that cannot be written fails alone."""
    for r in records:
        path = Path(out) / "reports" / report_name(r.file)
        try:
            write_atomically(path, report_text(r.report))
        except (OSError, ValueError, TypeError) as error:  # UnicodeEncodeError is a ValueError
            r.fail(f"its report could not be written ({type(error).__name__}: {error})",
                   seconds=r.seconds)
            write_atomically(path, report_text(failed_report(r.status)))


def report_name(file):
    """``reports/`` name of a submission's report: ``alice/softmax.py`` ->
    ``alice/softmax.json``."""
    stem = file[:-3] if file.endswith(".py") else file.rstrip("/")
    return stem + ".json"


def columns(questions=QUESTIONS):
    """The gradebook's question columns, in the contract's order."""
    return [f"{q.id} {q.title}" for q in questions]


def gradebook_text(records, questions=QUESTIONS):
    """``gradebook.csv`` of ``records`` as text."""
    possible = float(sum(q.points for q in questions))
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["file"] + columns(questions)
                    + ["total_points_earned", "percent_correct", "grading_status"])
    writer.writerow([POINTS_ROW] + [float(q.points) for q in questions] + [possible, 1.0, "--"])
    for r in records:
        scores = scores_by_question(r.report)
        marks = [scores.get(q.id, 0.0) for q in questions]
        total = round(sum(marks), 2)
        writer.writerow([safe_text(r.file)] + marks + [total, round(total / possible, 4),
                                            safe_text(r.status)])
    return stream.getvalue()


def write_gradebook(records, out, questions=QUESTIONS):
    write_atomically(Path(out) / "gradebook.csv", gradebook_text(records, questions))


def read_gradebook(path):
    """``{file: {column: value}}`` of a gradebook (without the points row), or {}."""
    try:
        with open(path, newline="", encoding="utf-8") as stream:
            return {row["file"]: row for row in csv.DictReader(stream)
                    if row.get("file") != POINTS_ROW}
    except (OSError, ValueError, KeyError):
        return {}
