"""The grade report: a typed :class:`Report`, its ``results.json`` and the terminal text.

This module is the only one that writes or reads ``results.json`` (SPEC
section 2).  Readers (the gradebook, the otter plugin, failure rows) go by
question id, never by title: titles are translated.  Every string a
submission controls is escaped (``autograder.text``) before it enters a
report, so no input can break the writer or forge a line.
"""

import json
from dataclasses import dataclass, field

from . import atomic
from .feedback import outcome_lines, question_summary, unimplemented
from .i18n import tr
from .text import QUOTE, escape, pad, quote, width


@dataclass
class CheckEntry:
    """One check of a question, as the report records it."""

    name: str
    title: str
    points: float
    max_points: float
    passed: bool


@dataclass
class QuestionEntry:
    """One question of the report (one test of ``results.json``).

    ``output`` is the test's feedback text; ``summary`` (one line) and
    ``unimplemented`` (stub names) feed the terminal table and details.
    """

    id: str
    title: str
    points: float
    max_points: float
    checks: list = field(default_factory=list)
    output: str = ""
    summary: str = ""
    unimplemented: list = field(default_factory=list)
    feedback: list = field(default_factory=list)


@dataclass
class Report:
    """The report of one graded (or not gradable) file.

    Attributes
    ----------
    questions : list of QuestionEntry
        In the contract's order.
    isolation : str
        Which protections were in force (first line of the top-level output).
    load_problem : str
        Why the file could not be loaded at all, or ``""``.
    notes : list of str
        Further lines for the instructor (screening flags).
    """

    questions: list
    isolation: str = ""
    load_problem: str = ""
    notes: list = field(default_factory=list)

    @property
    def score(self):
        return round(sum(q.points for q in self.questions), 2)

    @property
    def max_score(self):
        return round(sum(q.max_points for q in self.questions), 2)

    def scores(self):
        """``{question id: points}``: what the gradebook reads."""
        return {q.id: q.points for q in self.questions}

    # ----------------------------------------------------------- building
    @classmethod
    def from_grade(cls, grade):
        """The report of a :class:`autograder.grade.Grade`; every student string escaped."""
        isolation, *notes = [escape(n) for n in grade.notes] or [""]
        problem = "\n".join(quote(grade.load_problem)) if grade.load_problem else ""
        questions = []
        for result in grade.results:
            q = result.question
            feedback = []
            for outcome in result.outcomes:
                feedback += outcome_lines(outcome)
            lines = (problem.splitlines() + [""] if problem else []) + feedback
            questions.append(QuestionEntry(
                id=q.id, title=tr(q.title), points=result.score,
                max_points=result.max_score,
                checks=[CheckEntry(o.check.name, tr(o.check.title), round(o.points, 4),
                                   o.max_points, bool(o.passed)) for o in result.outcomes],
                output="\n".join(lines), summary=escape(question_summary(result)),
                unimplemented=unimplemented(result), feedback=feedback))
        return cls(questions, isolation, problem, notes)

    @classmethod
    def not_graded(cls, file, reason):
        """The report of a file that could not be graded: every question 0, saying why."""
        from .contract import QUESTIONS

        why = tr("could not be graded: {reason}", reason=escape(reason))
        if file:
            why = f"{escape(file)}: {why}"
        return cls([QuestionEntry(q.id, tr(q.title), 0.0, float(q.points), output=why,
                                  summary=why[:70]) for q in QUESTIONS],
                   load_problem=why)

    # ------------------------------------------------------------ results.json
    def to_json(self):
        """The report as SPEC section 2's ``results.json`` dict (one test per question)."""
        tests = [{"name": f"{q.id} {q.title}", "score": round(q.points, 2),
                  "max_score": q.max_points,
                  "output": q.output, "visibility": "visible"} for q in self.questions]
        report = {"score": self.score, "tests": tests}
        lines = [line for line in [self.isolation] + self.notes if line]
        if lines:
            report["output"] = "\n".join(lines)
        return report

    @classmethod
    def from_json(cls, data):
        """The report a ``results.json`` dict describes (tests without a score are skipped).

        A test's question id is the first word of its name (SPEC section 2).
        """
        questions = []
        for test in data.get("tests", []):
            if not isinstance(test, dict) or "score" not in test:
                continue
            question_id, _, title = str(test.get("name", "")).partition(" ")
            questions.append(QuestionEntry(question_id, title, float(test["score"]),
                                           float(test.get("max_score", 0.0)),
                                           output=str(test.get("output", ""))))
        isolation, *notes = str(data.get("output", "")).split("\n")
        return cls(questions, isolation, notes=notes)

    def dumps(self):
        """``results.json``'s text: ASCII only, so no string can make it fail to encode."""
        return json.dumps(self.to_json(), indent=2, ensure_ascii=True, allow_nan=False) + "\n"

    def write(self, path, file=""):
        """Write ``results.json`` to ``path`` atomically; never fails on the report's content.

        A report that cannot be serialized is replaced by the minimal
        :meth:`not_graded` one saying why; only the file system can fail
        (``OSError``).
        """
        try:
            text = self.dumps()
        except Exception as error:  # noqa: BLE001  (whatever it is, a report is still written)
            reason = tr("the report could not be written ({error})",
                        error=f"{type(error).__name__}: {error}")
            text = Report.not_graded(file, reason).dumps()
        write_atomically(path, text)


def report_of(grade):
    """:meth:`Report.from_grade`, or a :meth:`Report.not_graded` one if even that fails."""
    try:
        return Report.from_grade(grade)
    except Exception as error:  # noqa: BLE001
        return Report.not_graded(getattr(grade, "submission", ""), tr(
            "the report could not be built ({error})", error=f"{type(error).__name__}: {error}"))


def results_json(grade):
    """The ``results.json`` dict of ``grade`` (SPEC section 2)."""
    return report_of(grade).to_json()


def write_results(grade, path):
    """Write ``results.json`` for ``grade`` to ``path``, atomically (see :meth:`Report.write`)."""
    report_of(grade).write(path, getattr(grade, "submission", ""))


def write_atomically(path, text):
    """Write ``text`` to ``path`` with the kit's one atomic writer, readable by everyone;
    characters UTF-8 cannot hold (lone surrogates) are written as escapes."""
    atomic.write_text(path, text, errors="backslashreplace")


# ------------------------------------------------------------ terminal text
def table(grade):
    """The score table printed by ``make grade``."""
    report = grade if isinstance(grade, Report) else report_of(grade)
    rows = [(tr("question"), tr("points"), tr("max"), tr("status"))]
    for q in report.questions:
        rows.append((f"{q.id} {q.title}", f"{q.points:.2f}", f"{q.max_points:g}", q.summary))
    rows.append((tr("total"), f"{report.score:.2f}", f"{report.max_score:g}", ""))
    widths = [max(width(r[i]) for r in rows) for i in range(3)]
    lines = []
    for index, row in enumerate(rows):
        if index in (1, len(rows) - 1):
            lines.append("-" * (sum(widths) + 6 + 40))
        lines.append(f"{pad(row[0], widths[0])}  {pad(row[1], widths[1], right=True)}  "
                     f"{pad(row[2], widths[2], right=True)}  {row[3]}".rstrip())
    notes = [line for line in [report.isolation] + report.notes if line]
    return "\n".join(lines + [""] + notes)


def hidden_points(grade, graded_ids=None):
    """Points of the chosen questions that this (public-only) grading did not cover.

    Parameters
    ----------
    grade : Grade or Report
    graded_ids : iterable of str, optional
        The questions asked for (``--questions``); default all of them.
        Questions not asked for have no hidden points to announce.
    """
    from .contract import QUESTIONS

    report = grade if isinstance(grade, Report) else report_of(grade)
    wanted = set(graded_ids) if graded_ids else {q.id for q in QUESTIONS}
    possible = sum(q.points for q in QUESTIONS if q.id in wanted)
    return round(possible - report.max_score, 2)


def details(grade):
    """Feedback of every question that lost points: student text never at the margin."""
    report = grade if isinstance(grade, Report) else report_of(grade)
    if report.load_problem:
        lines = [tr("Your file could not be graded:")]
        lines += ["  " + line for line in report.load_problem.splitlines()]
        return "\n".join(lines)
    blocks = []
    for q in report.questions:
        if q.points >= q.max_points:
            continue
        lines = [f"== {q.id} {q.title}: {q.points:.2f}/{q.max_points:g}"]
        if q.unimplemented:
            lines.append("  " + tr("{functions} not implemented yet (still raising "
                                   "NotImplementedError)", functions=", ".join(q.unimplemented)))
        else:
            lines += ["  " + line for line in q.feedback]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def printable(text):
    """``text`` with every control or format character shown as an escape (newlines kept)."""
    return escape(text, newlines=True)


__all__ = ["QUOTE", "CheckEntry", "QuestionEntry", "Report", "details", "hidden_points",
           "printable", "report_of", "results_json", "table", "write_atomically",
           "write_results"]
