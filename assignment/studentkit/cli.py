"""What the three commands share: one-line argument errors, --submission, --lang, exit status.

Exit status: 0 after a complete run, 1 when the student's code failed, 2 for
bad input (a missing file, no data, a bad option), 130 when interrupted.
"""

import argparse
import os
import sys
from pathlib import Path

from autograder.i18n import language_from_environment, set_language, tr

from .loading import BadInput, CodeFailed

ASSIGNMENT = Path(__file__).resolve().parent.parent
DEFAULT_SUBMISSION = ASSIGNMENT / "softmax.py"


def pin_blas_threads():
    """One BLAS thread: the batches are small, several threads only compete for the cores.

    Effective only before numpy is first imported (the scripts call it first).
    """
    from autograder import settings

    settings.pin_blas_threads()


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (and exit status 2)."""

    def error(self, message):
        print(tr("error: {message} (see --help)", message=message), file=sys.stderr)
        sys.exit(2)


def parser(prog, description):
    """A parser with ``--submission`` and ``--lang``."""
    made = OneLineParser(prog=prog, description=description)
    made.add_argument("--submission", default=str(DEFAULT_SUBMISSION), metavar="PATH",
                      help=tr("your softmax.py (default: assignment/softmax.py)"))
    made.add_argument("--lang", choices=("en", "zh"),
                      help=tr("language of the output and the pictures (default: from LANG)"))
    return made


def choose_language(argv):
    """Set the language from ``--lang`` in ``argv``, else from the environment.

    Done before the parser is built, so that its help and errors are translated too.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    chosen = None
    for index, arg in enumerate(argv):
        if arg == "--lang" and index + 1 < len(argv):
            chosen = argv[index + 1]
        elif arg.startswith("--lang="):
            chosen = arg.split("=", 1)[1]
    set_language(chosen if chosen in ("en", "zh") else language_from_environment())


def guarded(run, argv):
    """``run(argv)``'s exit status, with the kit's errors as short messages."""
    try:
        return run(argv)
    except BadInput as error:
        print(tr("error: {message}", message=error), file=sys.stderr)
        return 2
    except CodeFailed as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\n" + tr("interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
