"""Import the student's ``softmax.py`` by its path and describe its failures briefly.

An exception in the student's code becomes a :class:`CodeFailed` whose
message is the line of their file that raised (never the kit's frames); bad
input to a command becomes a :class:`BadInput` (one line, exit status 2).
"""

import importlib.util
import traceback
from pathlib import Path

import numpy as np

from autograder.i18n import tr
from autograder.screening import banned_imports

NEEDED = ("init_params", "loss_and_grad", "train")


class BadInput(Exception):
    """Bad input to a command: reported as one line, exit status 2."""


class CodeFailed(Exception):
    """The student's code failed; the message is ready to print (exit status 1)."""


def load_submission(path):
    """Import a ``softmax.py`` by its path, as module ``softmax``.

    Raises
    ------
    BadInput
        The file does not exist or is not a readable ``.py`` file.
    CodeFailed
        Importing it raised (a syntax error, an exception at module level).
    """
    path = Path(path)
    if not path.exists():
        raise BadInput(tr("no file {path}: give the path of your softmax.py "
                          "(--submission path/to/softmax.py)", path=path))
    if not path.is_file() or path.suffix != ".py":
        raise BadInput(tr("{path} is not a .py file: give the path of your softmax.py",
                          path=path))
    try:
        path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise BadInput(tr("cannot read {path}: {error}", path=path, error=error)) from None
    spec = importlib.util.spec_from_file_location("softmax", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # SyntaxError, SystemExit, anything at import
        raise CodeFailed(describe_error(error, path, tr("while importing it"))) from None
    module.__kit_path__ = path
    return module


def forbidden_imports(path):
    """Top-level packages that ``path`` imports against the rules (the grader's rule)."""
    try:
        return banned_imports(Path(path).read_text(encoding="utf-8"))
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError):
        return []


def missing_functions(module, names=NEEDED):
    """The names of ``names`` that ``module`` does not define as functions."""
    return [name for name in names if not callable(getattr(module, name, None))]


def display(path):
    """``path`` relative to the working folder when inside it."""
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def same_file(a, b):
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return False


def _first_lines(text, limit=300):
    lines = str(text).strip().splitlines()
    short = "\n".join(lines[:3])
    if len(lines) > 3:
        short += " ..."
    if len(short) > limit:
        short = short[:limit] + " ..."
    return short


def not_implemented_in(error, path):
    """The function of ``path`` that raised NotImplementedError, or None."""
    if not isinstance(error, NotImplementedError):
        return None
    frames = [f for f in traceback.extract_tb(error.__traceback__) if same_file(f.filename, path)]
    return frames[-1].name if frames else None


def describe_error(error, path, context=""):
    """A short account of an exception raised by the student's code.

    The innermost lines of the student's file that the exception passed
    through (file, line number, the code, the exception), and nothing of the
    kit's own frames.

    Parameters
    ----------
    error : BaseException
    path : str or Path
        The student's file.
    context : str
        What the kit was doing, already translated (``"while train.py ran your train()"``).
    """
    shown = display(path)
    where = f" {context}" if context else ""
    if isinstance(error, SyntaxError) and same_file(error.filename or "", path):
        code = (error.text or "").strip()
        lines = [tr("error: {path} has a syntax error{where}", path=shown, where=where),
                 tr("  {path}, line {line}", path=shown, line=error.lineno)]
        if code:
            lines.append(f"    {code}")
        lines.append(f"  SyntaxError: {error.msg}")
        return "\n".join(lines)
    name = not_implemented_in(error, path)
    if name is not None:
        return tr("error: {function}() is not implemented yet in {path}: implement it first",
                  function=name, path=shown)
    if isinstance(error, SystemExit):
        return tr("error: {path} called sys.exit({code}){where}; remove that call",
                  path=shown, code=repr(error.code), where=where)
    frames = [f for f in traceback.extract_tb(error.__traceback__) if same_file(f.filename, path)]
    exception = f"{type(error).__name__}: {_first_lines(error)}".rstrip(": ")
    if not frames:
        return tr("error{where}: {exception}", where=where, exception=exception)
    lines = [tr("error: your code raised {name}{where}", name=type(error).__name__, where=where)]
    for frame in frames[-3:]:
        lines.append(tr("  {path}, line {line}, in {function}", path=shown, line=frame.lineno,
                        function=frame.name))
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    lines.append(f"  {exception}")
    return "\n".join(lines)


def call_student(path, context, function, *args, **kwargs):
    """``function(*args, **kwargs)``, its failure turned into a :class:`CodeFailed`."""
    try:
        return function(*args, **kwargs)
    except (KeyboardInterrupt, BrokenPipeError, CodeFailed):
        raise
    except BaseException as error:
        raise CodeFailed(describe_error(error, path, context)) from None


def as_loss(value, who):
    """The loss ``value`` returned by ``who`` as a float, or a :class:`CodeFailed`."""
    array = np.asarray(value) if not isinstance(value, (tuple, list, dict)) else None
    if array is None or array.size != 1 or array.dtype.kind not in "fiu":
        what = (tr("shape {shape}", shape=array.shape) if array is not None
                else type(value).__name__)
        hint = (tr(" (one number per example? the loss is their mean)")
                if array is not None and array.ndim == 1 and array.size > 1 else "")
        raise CodeFailed(tr("error: {who} returned a loss of {what}; it must be one number"
                            "{hint}", who=who, what=what, hint=hint))
    return float(array.reshape(()))
