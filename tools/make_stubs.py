"""Generate the student stubs from the reference solution.

The reference ``solution/softmax.py`` is the one source of truth.  Inside a
function, the lines between ``### BEGIN SOLUTION epNN`` and
``### END SOLUTION`` become one ``raise NotImplementedError`` that names the
exploration point; a block marked ``### BEGIN SOLUTION`` with no question id
(private helpers) is dropped.  Everything else (module docstring, imports,
signatures, docstrings) is copied unchanged, or, with ``--lang zh``, the
docstrings and messages are replaced by their translation from
``autograder/messages/stubs.zh.json`` (each entry keeps the English it
translates, so a changed docstring is noticed, not silently left English).

Usage::

    python tools/make_stubs.py                 # rewrite assignment/softmax.py
    python tools/make_stubs.py --check         # exit 1 if it is out of date
    python tools/make_stubs.py --lang zh --out handout/assignment/softmax.py
"""

import argparse
import ast
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.contract import BY_ID  # noqa: E402
from autograder.i18n import catalog  # noqa: E402

SOLUTION = ROOT / "solution" / "softmax.py"
STUBS = ROOT / "assignment" / "softmax.py"
DOCSTRINGS = ROOT / "autograder" / "messages" / "stubs.{language}.json"
NOT_IMPLEMENTED = {
    "en": "{qid} ({title}): {function}() is not implemented yet",
    "zh": "{qid}（{title}）：{function}() 尚未实现",
}

BEGIN = re.compile(r"^(?P<indent>\s*)### BEGIN SOLUTION(?: (?P<qid>\w+))?\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
DEF = re.compile(r"^def (?P<name>\w+)\(")


def make_stubs(source, language="en"):
    """Return the stub file text for the solution text ``source``, in ``language``."""
    out, inside, function = [], False, None
    for number, line in enumerate(source.splitlines(keepends=True), 1):
        if (match := DEF.match(line)):
            function = match["name"]
        if (match := BEGIN.match(line)):
            if inside:
                raise ValueError(f"line {number}: nested BEGIN SOLUTION")
            inside = True
            qid = match["qid"]
            if qid is not None:
                title = BY_ID[qid].title
                title = catalog(language).gettext(title)
                message = NOT_IMPLEMENTED[language].format(qid=qid, title=title,
                                                           function=function)
                out.append(f'{match["indent"]}raise NotImplementedError("{message}")\n')
            continue
        if END.match(line):
            if not inside:
                raise ValueError(f"line {number}: END SOLUTION without BEGIN")
            inside = False
            continue
        if not inside:
            out.append(line)
    if inside:
        raise ValueError("BEGIN SOLUTION without END SOLUTION")
    stubs = re.sub(r"\n{3,}(?=\Z)", "\n", "".join(out).rstrip("\n") + "\n")
    return translate_docstrings(stubs, language)


def translate_docstrings(source, language):
    """``source`` with the module's and every function's docstring in ``language``.

    Raises
    ------
    ValueError
        A docstring has no translation, or its English changed since it was
        translated.
    """
    if language == "en":
        return source
    path = Path(str(DOCSTRINGS).format(language=language))
    translations = json.loads(path.read_text(encoding="utf-8"))
    tree = ast.parse(source)
    nodes = {"module": tree} | {node.name: node for node in tree.body
                                if isinstance(node, ast.FunctionDef)}
    for name, node in nodes.items():
        english = ast.get_docstring(node, clean=False)
        if english is None:
            continue
        entry = translations.get(name)
        if entry is None:
            raise ValueError(f"{path.name} has no docstring for {name}: add it")
        if entry["en"] != english or english not in source:
            raise ValueError(f"the docstring of {name} changed: update its translation in "
                             f"{path.name}")
        source = source.replace(english, entry[language], 1)
    return source


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that the stubs are up to date")
    parser.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="language of the docstrings and messages (default en)")
    parser.add_argument("--out", type=Path, default=STUBS,
                        help="where to write them (default assignment/softmax.py)")
    args = parser.parse_args(argv)
    try:
        stubs = make_stubs(SOLUTION.read_text(encoding="utf-8"), args.lang)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    if args.out != STUBS:
        args.out.write_text(stubs, encoding="utf-8")
        print(f"wrote {args.out}")
        return 0
    if args.check:
        if not STUBS.exists() or STUBS.read_text(encoding="utf-8") != stubs:
            print("assignment/softmax.py is out of date: run `python tools/make_stubs.py`")
            return 1
        return 0
    STUBS.write_text(stubs, encoding="utf-8")
    print(f"wrote {STUBS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
