"""What can go wrong when the grader calls into a worker, and the words for it.

These exceptions are raised by the isolation layer and caught by the checks
and the grading loop; they import nothing of either, so every layer can
import them.  The worker itself has no message catalog: it reports its own
conditions as codes (``{"code": "import_refused", "module": "torch"}``), and
:func:`worker_text` is the one place that turns a code into words.
"""

from .i18n import tr


class WorkerGone(BaseException):
    """The worker cannot answer any more: it timed out or died.

    A ``BaseException``, so that Hypothesis stops at once instead of trying
    to shrink an input against a process that is gone.
    """

    def __init__(self, message, *, timed_out=False):
        super().__init__(message)
        self.message, self.timed_out = message, timed_out


class StudentError(Exception):
    """A student function raised, or is missing, or the file did not load.

    Attributes
    ----------
    function : str
        The contract function that was called.
    type_name : str
        Name of the exception's type, e.g. ``"ValueError"``.
    message : str
        Its message (already in words: see :func:`worker_text`).
    traceback : str
        Its traceback, trimmed to the frames in the student's file.
    not_implemented : bool
        True for ``NotImplementedError`` (an untouched stub).
    missing : bool
        True when the function is not defined in the file.
    """

    def __init__(self, function, type_name, message, traceback="",
                 not_implemented=False, missing=False):
        super().__init__(tr("{function}() raised {type}: {message}", function=function,
                            type=type_name, message=message))
        self.function, self.type_name, self.message = function, type_name, message
        self.traceback, self.not_implemented = traceback, not_implemented
        self.missing = missing


class LoadError(Exception):
    """The submission could not be imported (syntax error, exception, exit)."""

    def __init__(self, message, details=""):
        super().__init__(message)
        self.message, self.details = message, details


class SandboxUnavailable(Exception):
    """No safe way to run student code here (one line: what to do)."""


def worker_text(reply):
    """The words for a worker's error reply: its code's text, else its message."""
    code = reply.get("code")
    if code == "import_refused":
        return tr("softmax.py may import only numpy and the Python standard library, "
                  "not {module}", module=repr(str(reply.get("module"))))
    if code == "output_limit":
        return tr("your code printed or wrote more than the output limit")
    return str(reply.get("message"))
