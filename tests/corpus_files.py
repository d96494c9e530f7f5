"""The ``softmax.py`` of a file of ``tests/corpus/``, assembled from its parts.

A corpus file holds its docstring, its imports and what is its own (its attack, its mistake, its
unusual code); the functions several files share live once in ``tests/corpus/_parts/``.  A line
of its own at the left margin::

    # corpus: include reference softmax..l2_penalty

stands for the text of ``_parts/reference.py`` from the definition of ``softmax`` to the end of
the definition of ``l2_penalty`` (the comments just above the first and the blank lines between
definitions included); ``# corpus: include reference train`` stands for one definition (a
``def``, a ``class`` or an assignment to one name).  Within a file's own ``def``,
``# corpus: include reference train body`` stands for the lines of the part's ``def`` after its
signature (the file's own first statements, then the part's), and ``# corpus: include reference
train body through "init_params("`` for those lines up to the one line holding that text (a
Python string literal; the part's first statements, then the file's own).  A part uses the
corpus file's imports.

A file that changes a few lines of a part's definition includes it and says the changes, one
line per edit, right below the include::

    # corpus: include reference train
    # corpus: replace "append(float(acc))" -> "append(round(float(acc), 2))"

Both sides are Python string literals (``ast.literal_eval``, so ``"\\n"`` ends a line); the old
text must occur exactly once in what the include and the edits above it produced, and is replaced
by the new.  A file without directives is used as it is.
"""

import ast
import io
import re
import tokenize
from pathlib import Path

PARTS = Path(__file__).resolve().parent / "corpus" / "_parts"
DIRECTIVE = re.compile(r"^# corpus: include (?P<part>[\w-]+) (?P<first>\w+)"
                       r"(?:\.\.(?P<last>\w+)|(?P<body> body(?: through (?P<through>.+?))?))?"
                       r"[ \t]*\r?\n?$")
EDIT = re.compile(r"^# corpus: replace (?P<edit>.*?)[ \t]*\r?\n?$")


def blocks(text):
    """The top-level definitions of ``text``: name -> (first line, last line, first line of the
    body), 0-based, inclusive.

    A definition is a ``def``, a ``class`` or an assignment to one name; it starts at its first
    decorator or at the comment lines just above it.  An assignment's body is the assignment.  A
    name defined twice keeps its first place.
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
            body = node.body[0].lineno - 1 if hasattr(node, "body") else first
            found.setdefault(name, (first, node.end_lineno - 1, body))
        previous_end = node.end_lineno
    return found


def part_text(name, first, last=None, body=False, through=None):
    """The text of part ``name`` from the definition ``first`` to the end of ``last``, or (with
    ``body``) the lines of ``first`` after its signature, up to the line holding ``through`` if
    given.

    Raises
    ------
    KeyError
        No such part or no such definition in it.
    ValueError
        ``through`` is not on exactly one line of the body.
    """
    path = PARTS / f"{name}.py"
    if not path.is_file():
        raise KeyError(f"no part named {name!r} (no {path})")
    text = path.read_text()
    spans = blocks(text)
    start, end = spans[first][2 if body else 0], spans[last or first][1]
    lines = text.splitlines(keepends=True)[start:end + 1]
    if through is not None:
        holding = [number for number, line in enumerate(lines) if through in line]
        if len(holding) != 1:
            raise ValueError(f"{through!r} is on {len(holding)} lines of {name} {first}, not one")
        lines = lines[:holding[0] + 1]
    return "".join(lines)


def _edit(text):
    """``(old, new)`` of the edit ``"old" -> "new"`` (two Python string literals).

    Raises
    ------
    ValueError
        ``text`` is not two string literals around one ``->``.
    """
    try:
        arrows = [token.start[1] for token in tokenize.generate_tokens(io.StringIO(text).readline)
                  if token.type == tokenize.OP and token.string == "->"]
        if len(arrows) == 1:
            old, new = ast.literal_eval(text[:arrows[0]]), ast.literal_eval(text[arrows[0] + 2:])
            if isinstance(old, str) and isinstance(new, str) and old:
                return old, new
    except (SyntaxError, ValueError, tokenize.TokenError):
        pass
    raise ValueError(f'not an edit "old" -> "new" of two string literals: {text!r}')


def assemble(path):
    """The ``softmax.py`` text of the corpus file ``path`` (str or Path): every include replaced
    by its part's text, with the edits that follow it made; the file's text unchanged if it has
    no directive.

    Raises
    ------
    KeyError
        An include names no part or no definition of it.
    ValueError
        An edit does not follow an include (or another edit), is not two string literals, or its
        old text does not occur exactly once in the included text.
    """
    out, editable = [], False
    for number, line in enumerate(Path(path).read_text().splitlines(keepends=True), 1):
        include, edit = DIRECTIVE.match(line), EDIT.match(line)
        if edit:
            if not editable:
                raise ValueError(f"{path}:{number}: a replace that follows no include")
            old, new = _edit(edit["edit"])
            count = out[-1].count(old)
            if count != 1:
                raise ValueError(f"{path}:{number}: {old!r} occurs {count} times in the included "
                                 "text, not once")
            out[-1] = out[-1].replace(old, new)
        elif include:
            through = include["through"] and ast.literal_eval(include["through"])
            out.append(part_text(include["part"], include["first"], include["last"],
                                 body=bool(include["body"]), through=through))
        else:
            out.append(line)
        editable = bool(include or edit)
    return "".join(out)
