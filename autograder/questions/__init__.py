"""The checks of every question; importing this package registers them all.

``questions/epNN.py`` holds the public checks of a question (the handout
ships them), ``questions/hidden/epNN.py`` its hidden checks (the course's
grader only).  Without the ``hidden`` package, only the public checks
register, each worth what it is worth in the full kit.
"""

import importlib

from ..contract import QUESTIONS

for _question in QUESTIONS:
    importlib.import_module(f"{__name__}.{_question.id}")
try:
    importlib.import_module(f"{__name__}.hidden")
except ModuleNotFoundError as error:  # the handout: public checks only
    if error.name != f"{__name__}.hidden":
        raise
