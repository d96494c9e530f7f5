"""The grade report: Gradescope's ``results.json`` and the terminal table."""

import json
import os
import tempfile
import unicodedata
from pathlib import Path

from .feedback import outcome_lines, question_summary
from .i18n import tr


def results_json(grade):
    """The report of SPEC section 2 as a dict (one test per question)."""
    tests = []
    for result in grade.results:
        q = result.question
        lines = []
        if grade.load_problem:
            lines += grade.load_problem.splitlines() + [""]
        for outcome in result.outcomes:
            lines += outcome_lines(outcome)
        tests.append({
            "name": f"{q.id} {tr(q.title)}",
            "score": round(result.score, 2),
            "max_score": result.max_score,
            "output": printable("\n".join(lines)),
            "visibility": "visible",
        })
    report = {"score": grade.score, "tests": tests}
    if grade.notes:
        report["output"] = printable("\n".join(grade.notes))
    return report


def write_results(grade, path):
    """Write ``results.json`` for ``grade`` to ``path``, atomically.

    The report is written to a new file beside ``path`` and renamed over it,
    so a file or link that something else put at ``path`` is replaced, never
    written through.
    """
    text = json.dumps(results_json(grade), indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text)


def write_atomically(path, text):
    """Write ``text`` (UTF-8) to ``path`` through a new file renamed over it.

    Readers see the old file or the whole new one, never half of it, and a
    file or link that something else put at ``path`` is replaced, never
    written through.  The file is readable by everyone (0644).
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".tmp",
                                         dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def table(grade):
    """The score table printed by ``make grade``."""
    rows = [(tr("question"), tr("points"), tr("max"), tr("status"))]
    for result in grade.results:
        rows.append((f"{result.question.id} {tr(result.question.title)}",
                     f"{result.score:.2f}", f"{result.max_score:g}",
                     question_summary(result)))
    total = sum(r.max_score for r in grade.results)
    rows.append((tr("total"), f"{grade.score:.2f}", f"{total:g}", ""))
    widths = [max(_width(r[i]) for r in rows) for i in range(3)]
    lines = []
    for index, row in enumerate(rows):
        if index in (1, len(rows) - 1):
            lines.append("-" * (sum(widths) + 6 + 40))
        lines.append(f"{_pad(row[0], widths[0])}  {_pad(row[1], widths[1], right=True)}  "
                     f"{_pad(row[2], widths[2], right=True)}  {row[3]}".rstrip())
    return printable("\n".join(lines + [""] + grade.notes))


def hidden_points(grade):
    """Points of the contract that this (public-only) grading did not cover."""
    from .contract import QUESTIONS

    return round(sum(q.points for q in QUESTIONS) - sum(r.max_score for r in grade.results), 2)


def details(grade):
    """Feedback of every question that lost points."""
    blocks = []
    if grade.load_problem:
        blocks.append(tr("Your file could not be graded:") + "\n" + grade.load_problem)
        return printable("\n".join(blocks))
    for result in grade.results:
        if result.score >= result.max_score:
            continue
        q = result.question
        lines = [f"== {q.id} {tr(q.title)}: {result.score:.2f}/{result.max_score:g}"]
        unimplemented = _unimplemented(result)
        if unimplemented:
            lines.append("  " + tr("{functions} not implemented yet (still raising "
                                   "NotImplementedError)", functions=", ".join(unimplemented)))
            blocks.append("\n".join(lines))
            continue
        for outcome in result.outcomes:
            lines += ["  " + line for line in outcome_lines(outcome)]
        blocks.append("\n".join(lines))
    return printable("\n\n".join(blocks))


def _unimplemented(result):
    """Names of the stubs behind a question's failures, if stubs are all there is."""
    names = []
    for outcome in result.outcomes:
        if outcome.passed:
            continue
        error = outcome.error
        if error is None or not error.not_implemented:
            return []
        if error.function + "()" not in names:
            names.append(error.function + "()")
    return names


def _width(text):
    """Columns ``text`` takes in a terminal (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text, width, right=False):
    space = " " * max(0, width - _width(text))
    return space + text if right else text + space


_CONTROL = {c: f"\\x{c:02x}" for c in list(range(0x20)) + list(range(0x7f, 0xa0))
            if chr(c) not in "\n\t"}


def printable(text):
    """``text`` with control characters (ESC, BEL, ...) shown as escapes.

    Student code decides part of every report (its output, its exception
    messages, the values it returns): none of it may drive a terminal.
    """
    return text.translate(_CONTROL)
