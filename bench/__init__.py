"""``make bench``: the reference trainer and the grader, measured.

The reference ``train`` of ``solution/softmax.py`` runs on FashionMNIST beside
torch (the identical protocol, on the CPU) and scikit-learn's
``LogisticRegression``; the grader is timed on the reference, on the stubs and
in batch mode.  ``python -m bench.run --help`` lists the options; the results
land in ``bench/results/latest.json`` and ``bench/results/latest.md``.

Modules, one job each:

``machine``        the machine description recorded with every result
``timing``         medians of repeated wall-clock timings
``contestants``    the trainers: reference, torch, scikit-learn
``hotloop``        the share of ``train``'s time spent in its matrix products
``grader_figures`` wall time of grading one file and of batch grading
``grade_once``     subprocess helper: per-question seconds of one grading
``report``         the JSON and the Markdown table
``run``            the command line that ties them together
"""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"
