"""The ``softmax.py`` of an attack in ``tests/adversarial/``, assembled from its parts.

An attack file holds only what is its own; what several attacks share is
pulled in by a directive, a comment line of its own at the left margin::

    # adversarial: include reference

The assembled file has the text of the named part in place of that line:

``reference``
    the reference solution's functions, generated from ``solution/softmax.py``
    (as :func:`submissions.variants.reference_source` reads it): without its
    module docstring, its imports and the functions' docstrings.
``stubs``
    the same with the body of every contract function
    (``autograder.contract.FUNCTIONS``) replaced by
    ``raise NotImplementedError("<name>() is not implemented yet")``; private
    helpers are kept as they are.
any other name
    the file ``tests/adversarial/_parts/<name>.py``, as it is.

A part uses the attack file's imports.  ``# adversarial: include reference
except softmax, train`` leaves the functions named out of the part (a
submission that lacks them).

An attack that changes a function of a part defines only that function,
right after the include (or includes a part that does, such as
``softmax-in-place``): a function defined in the same run of top-level
``def`` statements as a part's function of the same name (no other
statement in between, blank lines and comments aside) takes that function's
place, with the comment lines just above it, and the part's copy is dropped.
Nothing but default values is evaluated between two ``def`` statements, so
the module gets the same functions as with a plain redefinition, in the
order the functions had before the parts were split off.  A definition that follows some other
statement (an assignment, a call) is an ordinary redefinition and stays where
it is, after the part.  A decorated definition is never moved.

A file without directives is used as it is (``syntax_error.py`` is not
even valid Python).  The placeholders ``__ADV_TOKEN__``, ``__ADV_SANDBOX__``
and ``__ADV_KIT__`` are left for ``test_adversarial`` to fill in.
"""

import ast
import re
from pathlib import Path

from submissions.variants import reference_source, replace_functions

from autograder.contract import FUNCTIONS

ADVERSARIAL = Path(__file__).resolve().parent / "adversarial"
PARTS = ADVERSARIAL / "_parts"
DIRECTIVE = re.compile(r"^# adversarial: include (?P<name>[\w-]+)"
                       r"(?: except (?P<without>\w+(?:, *\w+)*))?[ \t]*\r?\n?$")
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _is_docstring(node):
    return (isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
            and isinstance(node.value.value, str))


def _first_line(node):
    """Line (1-based) where ``node`` starts, decorators included."""
    return min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])


def functions_part(source, stubbed=()):
    """The definitions of a module, without its docstring, imports and docstrings.

    Parameters
    ----------
    source : str
        Text of a module (the reference without its solution markers).
    stubbed : iterable of str, optional
        Functions whose body (docstring included) becomes one
        ``raise NotImplementedError("<name>() is not implemented yet")``.

    Returns
    -------
    str
        The module's text from its first statement that is neither its
        docstring nor an import, with the docstring of every top-level
        function removed (comments and layout kept), ending in one newline.
    """
    stubbed = set(stubbed)
    lines = source.splitlines(keepends=True)
    tree = ast.parse(source)
    nodes = [node for node in tree.body
             if not isinstance(node, (ast.Import, ast.ImportFrom))]
    if nodes and _is_docstring(nodes[0]) and nodes[0] is tree.body[0]:
        nodes = nodes[1:]
    if not nodes:
        return ""
    dropped, inserted = set(), {}
    for node in nodes:
        if not isinstance(node, _DEFS):
            continue
        first = node.body[0]
        if node.name in stubbed:
            dropped.update(range(first.lineno, node.end_lineno + 1))
            inserted[first.lineno] = (" " * first.col_offset + "raise NotImplementedError("
                                      f'"{node.name}() is not implemented yet")\n')
        elif _is_docstring(first) and len(node.body) > 1:
            dropped.update(range(first.lineno, first.end_lineno + 1))
    out = []
    for number in range(_first_line(nodes[0]), len(lines) + 1):
        out.append(inserted.get(number, ""))
        if number not in dropped:
            out.append(lines[number - 1])
    return "".join(out).rstrip() + "\n"


def part(name, without=()):
    """The text a directive ``# adversarial: include <name>`` stands for.

    Parameters
    ----------
    name : str
        ``"reference"``, ``"stubs"`` or the name of a file of ``_parts/``
        (without ``.py``).
    without : iterable of str, optional
        Top-level functions of the part to leave out.

    Raises
    ------
    KeyError
        No part has that name, or the part defines no function named in
        ``without``.
    """
    if name == "reference":
        text = functions_part(reference_source())
    elif name == "stubs":
        text = functions_part(reference_source(), stubbed=FUNCTIONS)
    else:
        path = PARTS / f"{name}.py"
        if not path.is_file():
            raise KeyError(f"no part named {name!r} (no {path})")
        text = path.read_text()
    if without:
        text = replace_functions(text, dict.fromkeys(without))
        # two blank lines where a function was taken out, none at either end
        text = re.sub(r"\n{4,}", "\n\n\n", text).strip("\n") + "\n"
    return text


def includes(text):
    """The part names included by the attack text ``text``, in order."""
    return [m["name"] for m in map(DIRECTIVE.match, text.splitlines(keepends=True)) if m]


def _leading_comments(lines, first, floor):
    """First line of the comment lines just above line ``first`` (1-based),
    not above line ``floor``."""
    while first - 1 > floor and lines[first - 2].lstrip().startswith("#"):
        first -= 1
    return first


def _put_in_place(lines, from_part):
    """Move every definition that replaces a part's function into its place.

    ``lines`` are the assembled lines, ``from_part[i]`` says whether line
    ``i + 1`` came from a part.  See the module docstring for the rule.
    """
    tree = ast.parse("".join(lines))
    moves = {}  # the part's definition -> the later ones of its run, in order
    run = {}
    for node in tree.body:
        if not isinstance(node, _DEFS):
            run = {}
            continue
        place = run.get(node.name)
        if place is None:
            run[node.name] = node
        elif from_part[_first_line(place) - 1] and not node.decorator_list:
            moves.setdefault(place, []).append(node)
    edits = []  # (first, last, new lines), 1-based and inclusive
    previous = {id(b): a for a, b in zip(tree.body, tree.body[1:])}
    for place, later in moves.items():
        for node in later:
            floor = previous[id(node)].end_lineno
            first = _leading_comments(lines, _first_line(node), floor)
            last = node.end_lineno
            moved = lines[first - 1:last]  # the last one moved is the one kept
            while last < len(lines) and not lines[last].strip():
                last += 1  # with the blank lines after it
            edits.append((first, last, []))
        edits.append((_first_line(place), place.end_lineno, moved))
    for first, last, new in sorted(edits, key=lambda edit: -edit[0]):
        lines[first - 1:last] = new
    return lines


def assemble(path):
    """The ``softmax.py`` text of the attack file ``path``.

    Parameters
    ----------
    path : str or Path
        A file of ``tests/adversarial/``.

    Returns
    -------
    str
        The file with every directive line replaced by its part and every
        function that replaces a part's function put in its place (see the
        module docstring); the file's own text unchanged if it has no
        directive.

    Raises
    ------
    KeyError
        A directive names no part.
    SyntaxError
        The assembled text is not valid Python.
    """
    text = Path(path).read_text()
    if not includes(text):
        return text
    lines, from_part = [], []
    for line in text.splitlines(keepends=True):
        match = DIRECTIVE.match(line)
        if not match:
            lines.append(line)
            from_part.append(False)
            continue
        without = re.split(r", *", match["without"]) if match["without"] else ()
        included = part(match["name"], without).splitlines(keepends=True)
        if included and not included[-1].endswith("\n"):
            included[-1] += "\n"
        lines += included
        from_part += [True] * len(included)
    return "".join(_put_in_place(lines, from_part)).rstrip("\n") + "\n"
