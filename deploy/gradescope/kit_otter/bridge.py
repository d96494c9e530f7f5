"""What otter's test files call in the kernel: the kit's engine, one question at a time.

The plugin's trusted cell calls :func:`configure` with the path of the
student's file and of the report; each test case of ``tests/<question>.py``
then calls :func:`assert_passed` with its question and check name.  The first check
of a question grades the whole question with :func:`autograder.grade.grade`
(whose worker processes run the student's code; nothing of it runs here) and
keeps the result; every check then passes or raises with the engine's own
feedback for it (property, smallest failing input, expected and actual
value, hint).

After every graded question the engine's report of all questions graded so
far is written to the report path: exactly what
``autograder.report.results_json`` gives for ``grade(file)``, since grading
all questions is grading each of them in turn.  The plugin turns it into
Gradescope's ``results.json``.
"""

from dataclasses import replace

_state = {"submission": None, "report": None}
_graded = {}


class CheckFailed(AssertionError):
    """A check of the engine failed (or gave partial credit): its feedback is the message."""


def configure(submission, report, lang="en"):
    """Set the file to grade, where the report goes, and the feedback language."""
    from threadpoolctl import threadpool_limits

    from autograder.i18n import set_language

    threadpool_limits(1)
    set_language(lang)
    _state.update(submission=str(submission), report=str(report))
    _graded.clear()


def question(question_id):
    """The engine's QuestionResult of ``question_id``, graded on first use."""
    if question_id not in _graded:
        if _state["submission"] is None:
            raise RuntimeError("kit_otter.bridge.configure() was not called: "
                               "is the kit_otter plugin listed in otter_config.json?")
        from autograder.grade import grade

        graded = grade(_state["submission"], [question_id])
        if len(graded.results) != 1:
            raise RuntimeError(f"the engine returned {len(graded.results)} results for "
                               f"{question_id}")
        _graded[question_id] = graded
        _write_report()
    return _graded[question_id].results[0]


def assert_passed(question_id, check_name):
    """Pass, or raise :class:`CheckFailed` with the engine's feedback for this check."""
    from autograder.feedback import outcome_lines

    result = question(question_id)
    for outcome in result.outcomes:
        if outcome.check.name == check_name:
            if outcome.passed and outcome.points >= outcome.max_points:
                return
            raise CheckFailed("\n".join(outcome_lines(outcome)))
    raise CheckFailed(f"the engine did not run the check {question_id}.{check_name}: "
                      "rebuild the autograder zip (make autograder)")


def combined():
    """One Grade of every question graded so far, in the contract's order."""
    from autograder.contract import QUESTIONS

    grades = [_graded[q.id] for q in QUESTIONS if q.id in _graded]
    if not grades:
        return None
    return replace(grades[0], results=[g.results[0] for g in grades])


def _write_report():
    from autograder.report import write_results

    write_results(combined(), _state["report"])
