"""Check the gradients of your ``softmax.py`` against central differences, with a verdict.

    python -m assignment.gradcheck                          # from the handout's folder
    python -m assignment.gradcheck --submission path/to/softmax.py --lang zh

From your own code or the notebook::

    from assignment.gradcheck import check_gradient, check_loss_and_grad

How it judges: ``assignment/studentkit/gradcheck.py``.
"""

import sys
from pathlib import Path

if not __package__:  # run as a file (python assignment/gradcheck.py): find the handout's folder
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assignment.studentkit.gradcheck import (  # noqa: E402, F401  (the public names)
    GradcheckResult,
    check_cross_entropy_grad,
    check_gradient,
    check_loss_and_grad,
    main,
    numerical_gradient,
    relative_error,
)

if __name__ == "__main__":
    sys.exit(main())
