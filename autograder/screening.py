"""Static screening: what a submission imports and uses, read before it runs.

The rule (also in the handout):

- ``softmax.py`` may import ``numpy`` and the Python standard library only.
  A submission that imports anything else (torch, scipy, sklearn, ...) is
  **not graded**: it scores 0, with a message naming the import. The worker
  also refuses such imports at run time, so a computed ``__import__`` name
  fails there too.
- Constructs that a numpy classifier never needs but an attack would
  (``ctypes``, ``subprocess``, ``os.system``, ``importlib``, ``__import__``,
  ``exec``/``eval``, writing files, reaching through dunder attributes,
  ``gc``, ``inspect``, ``signal``, threads and processes, sockets) are
  **flagged** for the instructor in the report; they cost no points by
  themselves.
"""

import ast
import sys
from dataclasses import dataclass, field

from .i18n import N_, tr

ALLOWED_THIRD_PARTY = frozenset({"numpy"})
STDLIB = frozenset(sys.stdlib_module_names)

#: modules whose import is flagged (they are standard library, so allowed)
FLAGGED_MODULES = {
    "ctypes": N_("ctypes (calls into C code)"),
    "subprocess": N_("subprocess (starts programs)"),
    "multiprocessing": N_("multiprocessing (starts processes)"),
    "threading": N_("threading"),
    "importlib": N_("importlib (imports by computed name)"),
    "gc": N_("gc (walks the interpreter's objects)"),
    "inspect": N_("inspect (reads other code and frames)"),
    "signal": N_("signal (changes signal handling)"),
    "socket": N_("socket (network access)"),
    "shutil": N_("shutil (file operations)"),
    "pickle": N_("pickle"),
    "marshal": N_("marshal"),
    "builtins": N_("builtins (can change built-in functions)"),
    "sys": None,  # harmless alone; sys._getframe is flagged below
    "os": None,
}
FLAGGED_CALLS = {
    "exec": N_("exec()"), "eval": N_("eval()"), "compile": N_("compile()"),
    "__import__": N_("__import__()"), "globals": N_("globals()"), "breakpoint": N_("breakpoint()"),
}
FLAGGED_ATTRIBUTES = {
    "system": N_("os.system()"), "popen": N_("os.popen()"), "fork": N_("os.fork()"),
    "kill": N_("os.kill()"), "_exit": N_("os._exit()"), "execv": N_("os.exec*()"),
    "execve": N_("os.exec*()"), "spawnv": N_("os.spawn*()"), "_getframe": N_("sys._getframe()"),
    "setrecursionlimit": N_("sys.setrecursionlimit()"), "remove": N_("file removal"),
    "unlink": N_("file removal"), "rmtree": N_("file removal"),
}
SAFE_DUNDERS = frozenset({"__name__", "__main__", "__file__", "__doc__", "__init__",
                          "__all__", "__version__", "__len__", "__call__", "__iter__",
                          "__next__", "__repr__", "__str__"})


@dataclass
class Screening:
    """What static screening found in one file.

    Attributes
    ----------
    banned : list of str
        Imports that are not allowed (the file is not graded).
    flags : list of (int, str, dict)
        Constructs flagged for the instructor: line number, an English
        message template and its values.
    """

    banned: list = field(default_factory=list)
    flags: list = field(default_factory=list)

    @property
    def verdict(self):
        """A one-paragraph message for the report, or ``""``."""
        parts = []
        if self.banned:
            parts.append(tr("not graded: softmax.py imports {modules}; only numpy and the "
                            "Python standard library are allowed (the assignment is from "
                            "scratch). Remove the import and submit again.",
                            modules=", ".join(self.banned)))
        if self.flags:
            shown = [tr("line {line}: {what}", line=line,
                        what=tr(what, **{k: tr(v) if k == "module" else v
                                         for k, v in values.items()}))
                     for line, what, values in self.flags[:12]]
            more = len(self.flags) - len(shown)
            parts.append(tr("flagged for the instructor (no points lost): {flags}",
                            flags="; ".join(shown))
                         + (tr("; and {count} more", count=more) if more else ""))
        return "\n".join(parts)


def top_level_name(module):
    """``"numpy"`` for ``"numpy.linalg"``."""
    return module.split(".", 1)[0]


def is_allowed_module(module):
    """Whether ``softmax.py`` may import ``module``."""
    name = top_level_name(module)
    return name in ALLOWED_THIRD_PARTY or name in STDLIB


def banned_imports(source):
    """The modules ``source`` imports against the rule, in order of appearance.

    The one import rule of the kit: the grader's screening, the student tools'
    note (``assignment/studentkit``) and the worker's run-time hook all ask
    :func:`is_allowed_module`.
    """
    banned = []
    for node in ast.walk(ast.parse(source)):
        for module in _imported_modules(node):
            if not is_allowed_module(module) and module not in banned:
                banned.append(module)
    return banned


def screen(source):
    """Screen the source text of a submission (which must parse)."""
    tree = ast.parse(source)
    found = Screening(banned=banned_imports(source))
    for node in ast.walk(tree):
        line = getattr(node, "lineno", "?")
        for module in _imported_modules(node):
            if is_allowed_module(module) and FLAGGED_MODULES.get(top_level_name(module)):
                found.flags.append((line, N_("import {module}"),
                                    {"module": FLAGGED_MODULES[top_level_name(module)]}))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id in FLAGGED_CALLS:
            found.flags.append((line, FLAGGED_CALLS[node.func.id], {}))
        if isinstance(node, ast.Call) and _writes_a_file(node):
            found.flags.append((line, N_("opens a file for writing"), {}))
        if isinstance(node, ast.Attribute):
            if node.attr in FLAGGED_ATTRIBUTES:
                found.flags.append((line, FLAGGED_ATTRIBUTES[node.attr], {}))
            elif node.attr.startswith("__") and node.attr not in SAFE_DUNDERS:
                found.flags.append((line, N_("dunder attribute {name}"),
                                    {"name": "." + node.attr}))
    unique = {(line, what, tuple(sorted(values.items()))): values
              for line, what, values in found.flags}
    found.flags = sorted(((line, what, values) for (line, what, _), values in unique.items()),
                         key=lambda flag: (flag[0], flag[1]))
    return found


def _imported_modules(node):
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        return [node.module]
    return []


def _writes_a_file(call):
    if not (isinstance(call.func, ast.Name) and call.func.id == "open"):
        return False
    mode = call.args[1] if len(call.args) > 1 else next(
        (k.value for k in call.keywords if k.arg == "mode"), None)
    return isinstance(mode, ast.Constant) and isinstance(mode.value, str) and \
        any(c in mode.value for c in "wax+")
