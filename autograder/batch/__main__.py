"""``python -m autograder.batch``: see :mod:`autograder.batch.cli`."""

from .cli import main

raise SystemExit(main())
