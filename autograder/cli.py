"""Command line of the grader.

``python -m autograder grade [SUBMISSION] [--results PATH]`` grades one
file, prints the score table and the feedback, and writes the report.  The
exit status is 0 whenever grading completed, whatever the score; 2 when the
kit itself could not grade (a one-line error says what to do).
"""

import argparse
import os
import sys
import time
from pathlib import Path

from .contract import BY_ID
from .errors import SandboxUnavailable
from .i18n import LANGUAGES, language_from_environment, set_language, tr
from .text import escape

ROOT = Path(__file__).resolve().parent.parent


class UsageError(Exception):
    """Bad input to the command: reported as one line, exit status 2."""


def _parser():
    parser = argparse.ArgumentParser(prog="python -m autograder")
    commands = parser.add_subparsers(dest="command", required=True)
    grade = commands.add_parser("grade", help="grade one softmax.py")
    grade.add_argument("submission", nargs="?", default=str(ROOT / "assignment" / "softmax.py"),
                       help="the file to grade (default: assignment/softmax.py)")
    grade.add_argument("--results", default=str(ROOT / "results.json"),
                       help="where to write the report (default: results.json)")
    grade.add_argument("--questions", default="",
                       help="comma-separated question ids to grade (default: all)")
    grade.add_argument("--quiet", action="store_true", help="print only the table")
    grade.add_argument("--public-only", action="store_true",
                       help="run only the public checks, without the reference solution")
    grade.add_argument("--lang", choices=LANGUAGES, default=None,
                       help="language of the feedback (default: from LANG / LC_ALL)")
    grade.add_argument("--allow-root-workers", action="store_true",
                       help="as root, run student code as root where no unprivileged user "
                            "can run it (unsafe)")
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    set_language(args.lang or language_from_environment())
    if getattr(args, "allow_root_workers", False):
        os.environ["SOFTMAX_KIT_ALLOW_ROOT_WORKERS"] = "1"
    try:
        return _grade(args)
    except (UsageError, SandboxUnavailable) as error:
        print(tr("error: {message}", message=error), file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(tr("error: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:  # the output went to a pager or `head` that quit
        sys.stderr.close()
        return 0


def _grade(args):
    submission = Path(args.submission)
    if not submission.is_file():
        raise UsageError(tr("no file {path}: give the path of your softmax.py "
                            "(make grade SUBMISSION=path/to/softmax.py)",
                            path=escape(submission)))
    if submission.suffix != ".py":
        raise UsageError(tr("{path} is not a .py file: the submission is softmax.py",
                            path=escape(submission)))
    wanted = [q.strip() for q in args.questions.split(",") if q.strip()] or None
    unknown = [q for q in wanted or () if q not in BY_ID]
    if unknown:
        raise UsageError(tr("unknown question {question}: choose from {choices}",
                            question=repr(unknown[0]), choices=", ".join(BY_ID)))
    _pin_blas()
    from .grade import grade
    from .report import details, hidden_points, report_of, table

    started = time.monotonic()
    result = grade(submission, wanted, public_only=args.public_only)
    elapsed = time.monotonic() - started
    report = report_of(result)
    results = Path(args.results)
    try:
        report.write(results, str(submission))
    except OSError as error:
        raise UsageError(tr("cannot write {path}: {reason}", path=escape(results),
                            reason=error.strerror)) from None
    print(tr("Grading {path}", path=escape(submission)) + "\n")
    print(table(report))
    if not args.quiet:
        feedback = details(report)
        if feedback:
            print("\n" + feedback)
    print("\n" + tr("score {score:g}/{max:g} in {seconds:.1f} s; report written to {path}",
                    score=report.score, max=report.max_score, seconds=elapsed,
                    path=escape(results)))
    hidden = hidden_points(report, wanted)
    if args.public_only and hidden > 0:
        if wanted is None or "fashion_mnist" in wanted:
            print(tr("{points:g} more points are in hidden checks (and the FashionMNIST "
                     "check) that run only after you submit.", points=hidden))
        else:
            print(tr("{points:g} more points are in hidden checks that run only after you "
                     "submit.", points=hidden))
    return 0


def _pin_blas():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(1)
