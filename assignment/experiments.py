"""Sanity-check experiments, one per exploration point, run on your code.

    python -m assignment.experiments              # all ten, on assignment/softmax.py
    python -m assignment.experiments ep02 ep07    # some of them
    python -m assignment.experiments --submission path/to/softmax.py --lang zh ep04

The experiments are in ``assignment/studentkit/explore_*.py``.
"""

import sys
from pathlib import Path

if not __package__:  # run as a file (python assignment/experiments.py): find the handout's folder
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assignment.studentkit.cli import pin_blas_threads  # noqa: E402

pin_blas_threads()

from assignment.studentkit.experiments import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
