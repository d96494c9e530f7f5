"""Collect every message the grader and the student's tools show into ``messages/en.json``.

A message is the first argument of ``tr("...")`` or ``N_("...")``, a check's
title and hint (the arguments of ``@check``), a check's statement (the first
paragraph of its docstring) or a question's title (``contract.py``).  The
English catalog maps each to itself; ``zh.json`` must have exactly the same
keys with the same placeholders (``tests/test_messages.py``).

Usage::

    python tools/extract_messages.py            # rewrite en.json
    python tools/extract_messages.py --check    # exit 1 if it is out of date
"""

import argparse
import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "autograder"
SOURCES = (PACKAGE, ROOT / "assignment" / "studentkit")  # the grader, the student's tools
CATALOG = PACKAGE / "messages" / "en.json"
MARKERS = {"tr", "N_"}


def _string(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _statement(docstring):
    return docstring.strip().split("\n\n")[0].replace("\n", " ")


def messages_in(path):
    """Every message template in the Python file ``path``, in order."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in MARKERS and node.args and _string(node.args[0]) is not None:
                found.append(_string(node.args[0]))
            if name == "Question" and len(node.args) > 1 and _string(node.args[1]):
                found.append(_string(node.args[1]))
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "check":
                    if len(decorator.args) > 1 and _string(decorator.args[1]):
                        found.append(_string(decorator.args[1]))
                    for keyword in decorator.keywords:
                        if keyword.arg == "hint" and _string(keyword.value):
                            found.append(_string(keyword.value))
                    docstring = ast.get_docstring(node)
                    if docstring:
                        found.append(_statement(docstring))
    return found


def extract():
    """``{template: template}`` for every message of the package, sorted."""
    templates = set()
    for path in sorted(p for source in SOURCES for p in source.rglob("*.py")):
        if path.is_relative_to(PACKAGE / "sandbox"):
            continue  # the worker has no catalog: it sends codes, worded in errors.py
        templates.update(messages_in(path))
    return {t: t for t in sorted(templates)}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only check en.json is current")
    args = parser.parse_args(argv)
    text = json.dumps(extract(), ensure_ascii=False, indent=1) + "\n"
    if args.check:
        if not CATALOG.exists() or CATALOG.read_text(encoding="utf-8") != text:
            print("autograder/messages/en.json is out of date: run "
                  "`python tools/extract_messages.py`")
            return 1
        return 0
    CATALOG.parent.mkdir(exist_ok=True)
    CATALOG.write_text(text, encoding="utf-8")
    print(f"wrote {CATALOG.relative_to(ROOT)} ({len(extract())} messages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
