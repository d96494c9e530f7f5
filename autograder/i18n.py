"""Messages in the student's language: English and Chinese, through gettext.

Every sentence the grader shows a student goes through :func:`tr`: the
English template is the gettext message id, the compiled catalog
``messages/zh/LC_MESSAGES/autograder.mo`` maps it to the Chinese template,
and the placeholders (``{function}``) are filled in after the lookup.
``tools/extract_messages.py`` (Babel) extracts the ids into
``messages/autograder.pot``, updates the ``.po`` and compiles the ``.mo``; a
test keeps them in step with the code (every message translated, same
placeholders).

The language is chosen once per grading process: ``--lang``, else the
environment (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starting with
``zh`` mean Chinese), else English.
"""

import gettext
import os
from functools import cache
from pathlib import Path

LANGUAGES = ("en", "zh")
CATALOGS = Path(__file__).resolve().parent / "messages"
DOMAIN = "autograder"

_state = {"language": "en", "missing": None}


def language_from_environment(environ=None):
    """``"zh"`` when the locale asks for Chinese, else ``"en"``."""
    environ = os.environ if environ is None else environ
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(name, "")
        if value:
            return "zh" if value.lower().startswith("zh") else "en"
    return "en"


def set_language(language):
    """Choose the language of every later message."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}: choose one of {', '.join(LANGUAGES)}")
    _state["language"] = language


def language():
    """The language in force: ``"en"`` or ``"zh"``."""
    return _state["language"]


def record_missing(collector):
    """Collect templates that have no translation into ``collector`` (a set), or stop (None)."""
    _state["missing"] = collector


class _Untranslated(gettext.NullTranslations):
    """The last fallback: the English template, noted for :func:`record_missing`."""

    def gettext(self, message):
        if _state["missing"] is not None:
            _state["missing"].add(message)
        return message


@cache
def catalog(language):
    """The gettext translations of ``language`` (English: none)."""
    if language == "en":
        return gettext.NullTranslations()
    found = gettext.translation(DOMAIN, CATALOGS, languages=[language])
    found.add_fallback(_Untranslated())
    return found


def N_(template):
    """Mark ``template`` for the catalogs without translating it yet.

    For messages chosen at one place and shown at another (reasons, flag
    descriptions): the place that shows them calls :func:`tr` on the value.
    """
    return template


def tr(template, /, **values):
    """``template`` in the language in force, with ``values`` filled in."""
    text = catalog(_state["language"]).gettext(template) if template else template
    return text.format(**values) if values else text
