"""Generate the student stubs from the reference solution.

The reference ``solution/softmax.py`` is the one source of truth.  Inside a
function, the lines between ``### BEGIN SOLUTION epNN`` and
``### END SOLUTION`` become one ``raise NotImplementedError`` that names the
exploration point; a block marked ``### BEGIN SOLUTION`` with no question id
(private helpers) is dropped.  Everything else (module docstring, imports,
signatures, docstrings) is copied unchanged.

Usage::

    python tools/make_stubs.py                 # rewrite assignment/softmax.py
    python tools/make_stubs.py --check         # exit 1 if it is out of date
"""

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.contract import BY_ID  # noqa: E402

SOLUTION = ROOT / "solution" / "softmax.py"
STUBS = ROOT / "assignment" / "softmax.py"

BEGIN = re.compile(r"^(?P<indent>\s*)### BEGIN SOLUTION(?: (?P<qid>\w+))?\s*$")
END = re.compile(r"^\s*### END SOLUTION\s*$")
DEF = re.compile(r"^def (?P<name>\w+)\(")


def make_stubs(source):
    """Return the stub file text for the solution text ``source``."""
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
                question = BY_ID[qid]
                message = (f"{qid} ({question.title}): "
                           f"{function}() is not implemented yet")
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
    return re.sub(r"\n{3,}(?=\Z)", "\n", "".join(out).rstrip("\n") + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only check that the stubs are up to date")
    args = parser.parse_args(argv)
    stubs = make_stubs(SOLUTION.read_text(encoding="utf-8"))
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
