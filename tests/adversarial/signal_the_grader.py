"""At import, sends SIGINT to the grading process (its parent: same user, so allowed).

The grader turns it into KeyboardInterrupt and stops without writing a
report.  Only done when the parent is `python -m autograder grade` writing
into the test's guarded directory.  The functions are the reference's.
"""

# honest: ep01, ep03
# questions: ep01, ep03
# mode: cli
# expect: equal

import os
import signal

import numpy as np


# adversarial: include kit


# adversarial: include sandbox-guard


# adversarial: include grader-process


# adversarial: include reference


def _interrupt_the_grader():
    grader = os.getppid()
    argv = _grader_argv(grader)
    results = _results_path(argv)
    cwd = _grader_cwd(grader) or "/"
    if "autograder" in argv and "grade" in argv and results \
            and _guarded(os.path.dirname(os.path.join(cwd, results))):
        os.kill(grader, signal.SIGINT)


_interrupt_the_grader()
