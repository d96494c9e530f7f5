"""``python -m autograder``: the kit's grading command (see ``cli``)."""

from . import settings

settings.pin_blas_threads()  # before numpy is imported

from .cli import main  # noqa: E402

raise SystemExit(main())
