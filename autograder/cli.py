"""Command line of the grader.

``python -m autograder grade [SUBMISSION] [--results PATH]`` grades one
file, prints the score table and the feedback, and writes the report.  The
exit status is 0 whenever grading completed, whatever the score; 2 when the
kit itself could not grade (a one-line error says what to do).
"""

import argparse
import sys
import time
from pathlib import Path

from .contract import BY_ID

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
    return parser


def main(argv=None):
    args = _parser().parse_args(argv)
    try:
        return _grade(args)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130


def _grade(args):
    submission = Path(args.submission)
    if not submission.is_file():
        raise UsageError(f"no file {submission}: give the path of your softmax.py "
                         "(make grade SUBMISSION=path/to/softmax.py)")
    if submission.suffix != ".py":
        raise UsageError(f"{submission} is not a .py file: the submission is softmax.py")
    wanted = [q.strip() for q in args.questions.split(",") if q.strip()] or None
    unknown = [q for q in wanted or () if q not in BY_ID]
    if unknown:
        raise UsageError(f"unknown question {unknown[0]!r}: choose from {', '.join(BY_ID)}")
    _pin_blas()
    from .grade import grade
    from .report import details, hidden_points, table, write_results

    started = time.monotonic()
    result = grade(submission, wanted, public_only=args.public_only)
    elapsed = time.monotonic() - started
    results = Path(args.results)
    try:
        write_results(result, results)
    except OSError as error:
        raise UsageError(f"cannot write {results}: {error.strerror}") from None
    print(f"Grading {submission}\n")
    print(table(result))
    if not args.quiet:
        feedback = details(result)
        if feedback:
            print("\n" + feedback)
    graded = sum(r.max_score for r in result.results)
    print(f"\nscore {result.score:g}/{graded:g} in {elapsed:.1f} s; report written to {results}")
    if args.public_only:
        print(f"{hidden_points(result):g} more points are in hidden checks (and the FashionMNIST "
              "check) that run only after you submit.")
    return 0


def _pin_blas():
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:
        return
    threadpool_limits(1)
