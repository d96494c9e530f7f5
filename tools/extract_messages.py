"""Keep the grader's gettext catalogs in step with the code, with Babel.

A message is the first argument of ``tr("...")`` or ``N_("...")``, a check's
title (an argument of ``@check``), a check's statement and hint (the first
paragraph of its docstring and the one that begins with ``Hint: ``, as
``autograder.checks.texts_of`` reads them) or a question's title
(``contract.py``).  Babel
extracts them (:func:`extract_kit` is its extraction method) into
``autograder/messages/autograder.pot``; ``messages/zh/LC_MESSAGES/autograder.po``
holds the Chinese, and ``autograder.mo``, compiled from it, is what Python's
``gettext`` reads at run time (no Babel needed there).

Usage::

    python tools/extract_messages.py                    # .pot from the code, .po, .mo
    python tools/extract_messages.py --check            # exit 1 if out of date or untranslated
    python tools/extract_messages.py --merge-json F...  # first fold {english: chinese} JSON in
"""

import argparse
import ast
import io
import json
import string
import sys
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "autograder"
DOMAIN = "autograder"
LANGUAGES = ("zh",)
MARKERS = {"tr", "N_"}
#: fixed dates keep the files byte-for-byte reproducible
EPOCH = datetime(2020, 1, 1, tzinfo=UTC)


HEADER = ("# Messages of the softmax kit's grader.  Edit the msgstr lines, then run\n"
          "# `python tools/extract_messages.py` (it updates this file and compiles the .mo).")


def template_path(package=PACKAGE):
    return package / "messages" / f"{DOMAIN}.pot"


def catalog_path(language, package=PACKAGE, suffix=".po"):
    return package / "messages" / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


# ------------------------------------------------------------- extraction
def _string(node):
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


#: how the paragraph of a check's docstring that holds its hint begins (``checks.HINT``)
HINT = "Hint: "


def _check_texts(docstring):
    """The statement and hint of a check's docstring (cleaned as ``ast.get_docstring`` does)."""
    paragraphs = [p.replace("\n", " ") for p in docstring.split("\n\n")]
    hints = [p.removeprefix(HINT) for p in paragraphs[1:] if p.startswith(HINT)]
    return [paragraphs[0], *hints]


def _found(tree):
    """``(line, message)`` of every message in a parsed module."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", None))
            if name in MARKERS and node.args and _string(node.args[0]) is not None:
                yield node.lineno, _string(node.args[0])
            if name == "Question" and len(node.args) > 1 and _string(node.args[1]):
                yield node.lineno, _string(node.args[1])
        if isinstance(node, ast.FunctionDef):
            for decorator in node.decorator_list:
                if isinstance(decorator, ast.Call) and getattr(decorator.func, "id", "") == "check":
                    if len(decorator.args) > 1 and _string(decorator.args[1]):
                        yield decorator.lineno, _string(decorator.args[1])
                    docstring = ast.get_docstring(node)
                    if docstring:
                        for text in _check_texts(docstring):
                            yield node.lineno, text


def messages_in(path):
    """Every message template in the Python file ``path``."""
    tree = ast.parse(Path(path).read_text(encoding="utf-8"), filename=str(path))
    return [message for _, message in _found(tree)]


def extract_kit(fileobj, keywords, comment_tags, options):
    """Babel extraction method: the kit's messages of one Python file."""
    tree = ast.parse(fileobj.read().decode("utf-8"))
    for line, message in _found(tree):
        yield line, None, message, []


#: the worker has no catalog; its few messages are mapped in isolation.py
METHOD_MAP = [("**/sandbox/**.py", "ignore"), ("**.py", extract_kit)]


def sources(package=PACKAGE):
    """The folders whose messages the catalogs hold: the grader, and the student's
    tools beside it (``assignment/studentkit``, which speaks through the same ``tr``)."""
    student_tools = Path(package).parent / "assignment" / "studentkit"
    return [Path(package)] + ([student_tools] if student_tools.is_dir() else [])


def template(package=PACKAGE):
    """The ``.pot`` catalog of every message of ``package`` and the student's tools."""
    catalog = Catalog(project="softmax-kit", domain=DOMAIN, creation_date=EPOCH,
                      revision_date=EPOCH, fuzzy=False)
    for folder in sources(package):
        for _file, _line, message, _comments, _context in extract_from_dir(
                folder, METHOD_MAP, keywords={}):
            catalog.add(message)
    return catalog


def _po_text(catalog):
    catalog.project, catalog.version = "softmax-kit", ""
    catalog.msgid_bugs_address = catalog.last_translator = catalog.language_team = ""
    catalog.copyright_holder = ""
    catalog.header_comment = HEADER
    out = io.BytesIO()
    write_po(out, catalog, width=0, no_location=True, sort_output=True, omit_header=False)
    return out.getvalue()


def _mo_bytes(catalog):
    out = io.BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def load(language, package=PACKAGE):
    """The ``.po`` catalog of ``language`` (an empty one if there is none yet)."""
    path = catalog_path(language, package)
    if not path.exists():
        return Catalog(locale=language, domain=DOMAIN, creation_date=EPOCH,
                       revision_date=EPOCH, fuzzy=False)
    with path.open("rb") as stream:
        return read_po(stream, locale=language, domain=DOMAIN)


def translations(language, package=PACKAGE):
    """``{english: translated}`` of the ``.po`` catalog of ``language``."""
    return {m.id: m.string for m in load(language, package) if m.id}


def _updated(catalog, pot):
    catalog.update(pot, no_fuzzy_matching=True)
    catalog.obsolete.clear()
    catalog.revision_date = catalog.creation_date = EPOCH
    catalog.fuzzy = False
    return catalog


def merge_json(language, files, package=PACKAGE):
    """Fold ``{english: translated}`` JSON files into ``language``'s catalog; return the count."""
    catalog, count = load(language, package), 0
    for file in files:
        for english, translated in json.loads(Path(file).read_text(encoding="utf-8")).items():
            if english == "" or not translated:
                continue
            message = catalog.get(english)
            if message is None:
                catalog.add(english, translated)
            else:
                message.string = translated
                message.flags.discard("fuzzy")
            count += 1
    _write(catalog_path(language, package), _po_text(catalog))
    return count


def _write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _placeholders(text):
    return Counter((field, spec) for _, field, spec, _ in string.Formatter().parse(text)
                   if field is not None)


def problems(language, catalog):
    """Untranslated messages and translations whose placeholders differ from the English."""
    found = []
    for message in catalog:
        if not message.id:
            continue
        if not message.string:
            found.append(f"{language}: no translation of {message.id!r}")
        elif _placeholders(message.string) != _placeholders(message.id):
            found.append(f"{language}: placeholders differ in {message.id!r}")
    return found


def build(package=PACKAGE, *, check=False):
    """Write (or with ``check``, compare) the .pot, each .po and each .mo; return problems."""
    pot = template(package)
    wanted = {template_path(package): _po_text(pot)}
    found = []
    for language in LANGUAGES:
        catalog = _updated(load(language, package), pot)
        wanted[catalog_path(language, package)] = _po_text(catalog)
        wanted[catalog_path(language, package, ".mo")] = _mo_bytes(catalog)
        found += problems(language, catalog)
    for path, data in wanted.items():
        if not check:
            _write(path, data)
        elif not path.exists() or path.read_bytes() != data:
            found.append(f"{path.relative_to(package.parent)} is out of date: run "
                         "`python tools/extract_messages.py`")
    return found


def trim(package, used):
    """Keep in ``package``'s catalogs (a copy of the kit's) only the messages in ``used``."""
    for language in LANGUAGES:
        catalog = load(language, package)
        for message in list(catalog):
            if message.id and message.id not in used:
                catalog.delete(message.id)
        _write(catalog_path(language, package), _po_text(catalog))
        _write(catalog_path(language, package, ".mo"), _mo_bytes(catalog))
    template_path(package).unlink(missing_ok=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that the catalogs are current and complete")
    parser.add_argument("--merge-json", nargs="+", metavar="FILE", default=(),
                        help="fold these {english: chinese} JSON files into the zh catalog")
    args = parser.parse_args(argv)
    if args.merge_json:
        count = merge_json("zh", args.merge_json)
        print(f"folded {count} translations into {catalog_path('zh').relative_to(ROOT)}")
    found = build(check=args.check)
    for problem in found:
        print(problem)
    if not args.check:
        print(f"wrote {template_path().relative_to(ROOT)} ({len(template())} messages) "
              f"and the {', '.join(LANGUAGES)} catalogs")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
