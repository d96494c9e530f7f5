"""Regrade diffs: what changed, per student, since the gradebook already in the folder.

Before a batch writes its gradebook, :func:`snapshot` reads the previous one
and its reports; :func:`compare` then lists, per submission present in both,
every question and every check whose score changed, up or down, and
:func:`write_diff` writes them as ``regrade-diff.csv``.
"""

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from ..report import write_atomically
from .checklines import check_lines
from .gradebook import read_gradebook, report_name, scores_by_question

DIFF_NAME = "regrade-diff.csv"


@dataclass(frozen=True)
class Change:
    """One score that changed: a question's (``check`` empty) or one of its checks'."""

    file: str
    question: str
    check: str
    before: float
    after: float

    @property
    def delta(self):
        return round(self.after - self.before, 4)


def snapshot(out):
    """The previous run in ``out``: ``{file: report}``, or None when there is none."""
    previous = read_gradebook(Path(out) / "gradebook.csv")
    if not previous:
        return None
    reports = {}
    for file in previous:
        try:
            path = Path(out) / "reports" / report_name(file)
            reports[file] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            reports[file] = {}
    return reports


def _checks(report):
    return {(c.question, c.title): c.points for c in check_lines(report)}


def compare(before, records):
    """Every :class:`Change` from ``before`` (:func:`snapshot`) to ``records``."""
    changes = []
    for r in records:
        if r.file not in before:
            continue
        old, new = scores_by_question(before[r.file]), scores_by_question(r.report)
        old_checks, new_checks = _checks(before[r.file]), _checks(r.report)
        for question in new:
            if question in old and abs(new[question] - old[question]) > 1e-9:
                changes.append(Change(r.file, question, "", old[question], new[question]))
            for (q, title), points in new_checks.items():
                previous = old_checks.get((q, title))
                if q == question and previous is not None and abs(points - previous) > 1e-9:
                    changes.append(Change(r.file, question, title, previous, points))
    return changes


def diff_text(changes):
    stream = io.StringIO()
    writer = csv.writer(stream, lineterminator="\n")
    writer.writerow(["file", "question", "check", "before", "after", "change"])
    for c in changes:
        writer.writerow([c.file, c.question, c.check, c.before, c.after, c.delta])
    return stream.getvalue()


def write_diff(changes, out):
    """Write ``regrade-diff.csv`` in ``out``; return its path."""
    path = Path(out) / DIFF_NAME
    write_atomically(path, diff_text(changes))
    return path
