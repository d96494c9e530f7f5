"""``python -m bench.grade_once FILE``: one grading by the engine, as JSON.

Prints ``{"score", "engine_s", "questions": {id: seconds}}`` for ``FILE``,
graded by ``autograder.grade.grade`` with the BLAS set-up of
``python -m autograder`` (one thread), so the figures are the grader's own.
Run from the repository root.
"""

from autograder import settings

settings.pin_blas_threads()  # as python -m autograder: before numpy is imported

import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage: python -m bench.grade_once FILE", file=sys.stderr)
        return 2
    from threadpoolctl import threadpool_limits

    from autograder.grade import grade

    threadpool_limits(1)  # as the CLI does
    started = time.monotonic()
    result = grade(argv[0])
    engine_s = time.monotonic() - started
    print(json.dumps({"score": result.score, "engine_s": engine_s,
                      "questions": {r.question.id: r.seconds for r in result.results}}))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
