"""The hidden checks of every question: the course's grader runs them, the handout lacks them."""

import importlib

from ...contract import QUESTIONS

for _question in QUESTIONS:
    importlib.import_module(f"{__name__}.{_question.id}")
