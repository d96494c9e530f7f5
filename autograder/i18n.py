"""Messages in the student's language: English and Chinese.

Every sentence the grader shows a student goes through :func:`tr`: the
English template is the key, ``messages/zh.json`` maps it to the Chinese
template, and the placeholders (``{function}``) are filled in after the
lookup.  ``messages/en.json`` lists every key the code uses; it is generated
by ``tools/extract_messages.py`` and a test keeps it, and the Chinese catalog,
in step with the code (same keys, same placeholders).

The language is chosen once per grading process: ``--lang``, else the
environment (``LANGUAGE``, ``LC_ALL``, ``LC_MESSAGES``, ``LANG`` starting with
``zh`` mean Chinese), else English.
"""

import json
import os
from functools import lru_cache
from pathlib import Path

LANGUAGES = ("en", "zh")
CATALOGS = Path(__file__).resolve().parent / "messages"

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
    """The language in force."""
    return _state["language"]


def record_missing(collector):
    """Collect templates that have no translation into ``collector`` (a set), or stop (None)."""
    _state["missing"] = collector


@lru_cache(maxsize=None)
def catalog(language):
    """The catalog of ``language``: English template -> translated template."""
    if language == "en":
        return {}
    path = CATALOGS / f"{language}.json"
    return json.loads(path.read_text(encoding="utf-8"))


def N_(template):
    """Mark ``template`` for the catalogs without translating it yet.

    For messages chosen at one place and shown at another (reasons, flag
    descriptions): the place that shows them calls :func:`tr` on the value.
    """
    return template


def tr(template, /, **values):
    """``template`` in the language in force, with ``values`` filled in."""
    text = template
    if _state["language"] != "en":
        text = catalog(_state["language"]).get(template)
        if text is None:
            if _state["missing"] is not None:
                _state["missing"].add(template)
            text = template
    return text.format(**values) if values else text
