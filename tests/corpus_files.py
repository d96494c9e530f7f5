"""The ``softmax.py`` of a file of ``tests/corpus/``, assembled from its parts.

A corpus file holds its docstring, its imports and what is its own (its attack, its mistake, its
unusual code); the functions several files share live once in ``tests/corpus/_parts/``.  A line
of its own at the left margin::

    # corpus: include reference softmax..l2_penalty

stands for the text of ``_parts/reference.py`` from the definition of ``softmax`` to the end of
the definition of ``l2_penalty`` (the comments just above the first and the blank lines between
definitions included); ``# corpus: include reference train`` stands for one definition (a
``def``, a ``class`` or an assignment to one name).  A part uses the corpus file's imports.  A
file without directives is used as it is.
"""

import ast
import re
from pathlib import Path

PARTS = Path(__file__).resolve().parent / "corpus" / "_parts"
DIRECTIVE = re.compile(r"^# corpus: include (?P<part>[\w-]+) (?P<first>\w+)(?:\.\.(?P<last>\w+))?"
                       r"[ \t]*\r?\n?$")


def blocks(text):
    """The top-level definitions of ``text``: name -> (first line, last line), 0-based, inclusive.

    A definition is a ``def``, a ``class`` or an assignment to one name; it starts at its first
    decorator or at the comment lines just above it.  A name defined twice keeps its first place.
    """
    lines = text.splitlines(keepends=True)
    found, previous_end = {}, 0
    for node in ast.parse(text).body:
        name = getattr(node, "name", None)
        if (isinstance(node, ast.Assign) and len(node.targets) == 1
                and isinstance(node.targets[0], ast.Name)):
            name = node.targets[0].id
        if name is not None:
            first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])]) - 1
            while first > previous_end and lines[first - 1].lstrip().startswith("#"):
                first -= 1
            found.setdefault(name, (first, node.end_lineno - 1))
        previous_end = node.end_lineno
    return found


def part_text(name, first, last=None):
    """The text of part ``name`` from the definition ``first`` to the end of ``last``.

    Raises
    ------
    KeyError
        No such part or no such definition in it.
    """
    path = PARTS / f"{name}.py"
    if not path.is_file():
        raise KeyError(f"no part named {name!r} (no {path})")
    text = path.read_text()
    spans = blocks(text)
    start, end = spans[first][0], spans[last or first][1]
    return "".join(text.splitlines(keepends=True)[start:end + 1])


def assemble(path):
    """The ``softmax.py`` text of the corpus file ``path`` (str or Path): every directive line
    replaced by its part's text; the file's text unchanged if it has no directive."""
    out = []
    for line in Path(path).read_text().splitlines(keepends=True):
        match = DIRECTIVE.match(line)
        out.append(part_text(match["part"], match["first"], match["last"]) if match else line)
    return "".join(out)
