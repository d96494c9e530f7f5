"""Prints a forged results JSON to stdout and stderr and writes forged results.json files where a report might live, at import and from softmax.

Targets: the worker's cwd, the grading process's cwd and its --results path
(both read from /proc/<ppid>; written only if the test's guard file is
there), the kit's results.json and /autograder/results/results.json (only
created if absent, never overwritten).  The grader writes its report after
every worker is gone, so the real report must be the grader's.
"""

# honest: ep01, ep03
# questions: ep01, ep03
# mode: cli
# expect: equal

import json
import os
import sys

import numpy as np


# adversarial: include kit


# adversarial: include sandbox-guard


# adversarial: include grader-process

# adversarial: include fake-report


def _forge_everywhere():
    report = _fake_report()
    print(report)
    sys.stderr.write(report + "\n")
    sys.stdout.flush()
    grader = os.getppid()
    _write_fake(os.path.join(os.getcwd(), "results.json"), overwrite=False)
    cwd = _grader_cwd(grader)
    if cwd:
        _write_fake(os.path.join(cwd, "results.json"), overwrite=True)
    results = _results_path(_grader_argv(grader))
    if results:
        _write_fake(os.path.abspath(os.path.join(cwd or "/", results)), overwrite=True)
    _write_fake(os.path.join(KIT, "results.json"), overwrite=False)
    _write_fake("/autograder/results/results.json", overwrite=False)


# adversarial: include reference


def softmax(z):
    _forge_everywhere()
    z = _as_float_array(z)
    shifted = z - np.max(z, axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / np.sum(e, axis=-1, keepdims=True)


_forge_everywhere()
