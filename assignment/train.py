"""Train the classifier of your ``softmax.py`` on FashionMNIST and look at it.

    python -m assignment.train                       # from the handout's folder
    python -m assignment.train --submission path/to/softmax.py --out runs/mine
    python -m assignment.train --sweep lr=0.03,0.1,0.3 reg=0,1e-4,1e-3
    python -m assignment.train --help                # every option
    make train                                       # the same, where make exists

The work is done by ``assignment/studentkit/train_command.py``.
"""

import sys
from pathlib import Path

if not __package__:  # run as a file (python assignment/train.py): find the handout's folder
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assignment.studentkit.cli import pin_blas_threads  # noqa: E402

pin_blas_threads()

from assignment.studentkit.train_command import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
