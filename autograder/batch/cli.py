"""``make grade-all``: grade a folder of submissions; write the gradebook and the class report.

    python -m autograder.batch SUBMISSIONS [--out DIR] [--jobs N] [--scheduler ADDRESS]
        [--timeout S] [--force] [--lang en|zh] [--questions ep01,ep02] [--similarity 0.9]
        [--quiet]

Writes in ``--out`` (default ``results/grade-all``): ``gradebook.csv``,
``reports/<file>.json``, ``class-report.html`` with ``figures/*.png``, and,
when the folder held an earlier gradebook, ``regrade-diff.csv``.
"""

import argparse
import sys
import time
from pathlib import Path

from .engine import Unreachable
from .gradebook import COMPLETED
from .grading import DEFAULT_OUT, KitMismatch, run
from .similarity import DEFAULT_THRESHOLD


def grade_all(folder, out=DEFAULT_OUT, *, similarity=DEFAULT_THRESHOLD, **options):
    """Grade ``folder`` (see :func:`.grading.run`), then write the regrade diff and class report.

    Returns ``(records, flagged pairs, changes or None)``.
    """
    from .classreport import write_class_report
    from .grading import chosen_questions
    from .regrade import compare, snapshot, write_diff
    from .similarity import similar_pairs

    before = snapshot(out)
    records = run(folder, out, **options)
    changes = None
    if before is not None:
        changes = compare(before, records)
        write_diff(changes, out)
    pairs = similar_pairs(records, similarity)
    write_class_report(records, out, pairs=pairs, changes=changes, threshold=similarity,
                       questions=chosen_questions(options.get("questions")))
    return records, pairs, changes


def _parser():
    from ..i18n import LANGUAGES

    parser = argparse.ArgumentParser(prog="python -m autograder.batch",
                                     description=__doc__.splitlines()[0])
    parser.add_argument("submissions", help="the folder of submissions")
    parser.add_argument("--out", default=str(DEFAULT_OUT),
                        help=f"where everything is written (default {DEFAULT_OUT})")
    parser.add_argument("--jobs", type=int, default=None,
                        help="local grading processes (default: one per core)")
    parser.add_argument("--scheduler", default=None,
                        help="a Dask scheduler's address (tcp://host:8786): grade on its "
                             "workers instead of a local cluster")
    parser.add_argument("--timeout", type=float, default=None,
                        help="time limit per submission in seconds "
                             "(default: the engine's budgets plus a margin)")
    parser.add_argument("--force", action="store_true",
                        help="grade every file again, even unchanged ones")
    parser.add_argument("--lang", choices=LANGUAGES, default=None,
                        help="language of the reports (default: from LANG / LC_ALL)")
    parser.add_argument("--questions", default="",
                        help="grade only these questions (comma-separated ids)")
    parser.add_argument("--similarity", type=float, default=DEFAULT_THRESHOLD,
                        help="flag pairs at least this similar, 0 to 1 "
                             f"(default {DEFAULT_THRESHOLD})")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    return parser


def _fail(message):
    print(f"error: {message}", file=sys.stderr)
    return 2


def main(argv=None):
    from ..discovery import discover
    from ..i18n import language_from_environment, set_language
    from .grading import chosen_questions

    args = _parser().parse_args(argv)
    folder = Path(args.submissions)
    if not folder.is_dir():
        return _fail(f"no folder {folder}: give the folder of submissions, "
                     "e.g. make grade-all SUBMISSIONS=path/to/submissions/")
    if not discover(folder):
        return _fail(f"no submission in {folder}: it should hold one folder or one .py file "
                     "per student")
    if args.jobs is not None and args.jobs < 1:
        return _fail("--jobs must be at least 1")
    if not 0 < args.similarity <= 1:
        return _fail("--similarity must be above 0 and at most 1, e.g. --similarity 0.9")
    questions = [q.strip() for q in args.questions.split(",") if q.strip()] or None
    try:
        chosen_questions(questions)
    except ValueError as error:
        return _fail(str(error))
    lang = args.lang or language_from_environment()
    set_language(lang)
    started = time.monotonic()
    bar = _progress(not args.quiet)
    try:
        records, pairs, changes = grade_all(
            folder, args.out, similarity=args.similarity, jobs=args.jobs,
            scheduler=args.scheduler, timeout=args.timeout, force=args.force, lang=lang,
            questions=questions, progress=bar)
    except KeyboardInterrupt:
        print(f"\ninterrupted; the gradebook in {args.out} lists what was graded, and a "
              "rerun continues from there", file=sys.stderr)
        return 130
    except (KitMismatch, Unreachable) as error:
        return _fail(str(error))
    problems = [r for r in records if r.status != COMPLETED]
    reused = sum(r.cached for r in records)
    out = Path(args.out)
    print(f"graded {len(records)} submissions in {time.monotonic() - started:.0f} s "
          f"({reused} unchanged ones reused; {len(problems)} not completed; "
          f"{len(pairs)} similar pairs flagged)")
    print(f"gradebook: {out / 'gradebook.csv'}\nclass report: {out / 'class-report.html'}")
    if changes is not None:
        print(f"regrade diff: {out / 'regrade-diff.csv'} ({len(changes)} changed scores)")
    for r in problems:
        print(f"  {r.file}: {r.status}")
    return 0


def _progress(enabled):
    if not enabled:
        return None
    try:
        from tqdm import tqdm
    except ImportError:
        return None
    bar = tqdm(unit="file", desc="grading", file=sys.stderr, dynamic_ncols=True)
    return bar.update
