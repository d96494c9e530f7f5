"""The per-check lines of a report, read back from its text.

Until the report carries its checks as data, this module is the one place
that reads them out of each question's ``output`` (the lines of
:func:`autograder.feedback.outcome_lines`, in the language in force).
"""

import re
from dataclasses import dataclass

from ..i18n import tr
from .gradebook import question_id

_HEAD = re.compile(r"^([✓✗]) (.*)  \[([-+0-9.e]+)/([-+0-9.e]+)\]$")
_BODY = "    "
#: how the report indents the wrapped part of a long line, under its label
_CONTINUATION = "      "


@dataclass(frozen=True)
class CheckLine:
    """One check of one report.

    Attributes
    ----------
    question : str
        Its question's id.
    title : str
        The check's title, as the report names it.
    points, max_points : float
        Its score and maximum.
    message : str
        For a failed check, the first line that says what went wrong.
    failing_input : str
        For a failed check, the smallest failing input (lines), else ``""``.
    """

    question: str
    title: str
    points: float
    max_points: float
    passed: bool
    message: str = ""
    failing_input: str = ""


def check_lines(report):
    """Every check of ``report`` (a ``results.json`` dict), in order, as :class:`CheckLine`."""
    found = []
    for test in (report or {}).get("tests", []):
        head, body = None, []
        for line in str(test.get("output", "")).splitlines() + [""]:
            match = _HEAD.match(line)
            if match or not line.startswith(_BODY):
                if head is not None:
                    found.append(_check(question_id(test), head, body))
                head, body = match, []
            else:
                body.append(line[len(_BODY):])
    return found


def _check(question, head, body):
    mark, title, points, max_points = head.groups()
    passed = mark == "✓"
    property_label = tr("property: {statement}").split("{", 1)[0]
    input_label = tr("smallest failing input:")
    message, inputs, reading, continuing = "", [], False, False
    for line in body if not passed else []:
        if line.startswith(_CONTINUATION):  # a wrapped line goes on the one before
            if continuing:
                message += " " + line.strip()
        elif line == input_label:
            reading, continuing = True, False
        elif reading and line.startswith("  "):
            inputs.append(line[2:])
        else:
            reading = continuing = False
            if not message and line and not line.startswith(property_label):
                message, continuing = line.strip(), True
    return CheckLine(question, title, float(points), float(max_points), passed, message,
                     "\n".join(inputs))
