"""The experiments, one per exploration point, run on the student's code: registry and runner.

Each experiment calls the student's functions, prints what they return next
to what they should return, and says what to look for.  A function not
written yet is reported ("EP4: implement cross_entropy() first") and the
others still run.  EP7 to EP10 train on a small problem: 8000 FashionMNIST
training and 2000 validation images when the dataset is installed, else
generated images.
"""

import textwrap

import numpy as np

from autograder.i18n import tr

from .data import fashion_data, synthetic_data
from .loading import BadInput, describe_error, not_implemented_in

SMALL_TRAIN, SMALL_VAL = 8000, 2000
EXPERIMENTS = {}


def experiment(key, title):
    """Register ``function(module, ctx)`` as the experiment of exploration point ``key``."""
    def register(function):
        EXPERIMENTS[key] = (title, function)
        return function
    return register


class Context:
    """What an experiment gets besides the student's module: output and data.

    ``sizes`` overrides ``(SMALL_TRAIN, SMALL_VAL)`` (the notebook's test run);
    ``problem`` is an already loaded ``(X, y, X_val, y_val, description)``.
    """

    def __init__(self, data="auto", out=print, sizes=None, problem=None):
        self.data_mode = data
        self.out = out
        self.sizes = sizes
        self._small = problem

    def say(self, text=""):
        self.out(text)

    def explain(self, text):
        """A paragraph of explanation (already translated), wrapped, after 'What to look for:'."""
        body = textwrap.fill(" ".join(text.split()), width=78, initial_indent="  ",
                             subsequent_indent="  ")
        self.out(tr("What to look for:") + "\n" + body)

    def small_problem(self):
        """``(X, y, X_val, y_val, description)``, loaded once."""
        if self._small is None:
            self._small = self._load_small()
        return self._small

    def _load_small(self):
        n_train, n_val = self.sizes or (SMALL_TRAIN, SMALL_VAL)
        mode = self.data_mode
        if mode in ("auto", "fashion"):
            try:
                X, y, X_val, y_val, *_ = fashion_data(
                    val_size=n_val, train_size=n_train,
                    download=None if mode == "fashion" else False)
                return X, y, X_val, y_val, tr("FashionMNIST: {n_train} training and {n_val} "
                                              "validation images", n_train=n_train, n_val=n_val)
            except BadInput as error:
                if mode == "fashion":
                    raise
                self.out(tr("(FashionMNIST not found without a download: {reason}...; using "
                            "generated images instead)", reason=str(error)[:120]))
        X, y, X_val, y_val, *_ = synthetic_data(n_train, n_val, 10)
        return X, y, X_val, y_val, tr("generated 28x28 blob images: {n_train} training and "
                                      "{n_val} validation images", n_train=n_train, n_val=n_val)


def normalise_key(text):
    """``"ep01"``, ``"EP1"``, ``"1"`` -> ``"ep01"``; None when not one of the ten."""
    _register_all()
    digits = text.lower().removeprefix("ep")
    if not digits.isdigit():
        return None
    key = f"ep{int(digits):02d}"
    return key if key in EXPERIMENTS else None


def _register_all():
    from . import explore_numbers, explore_training  # noqa: F401  (they register)


def run(module, keys=None, *, data="auto", out=print, sizes=None, problem=None):
    """Run the experiments ``keys`` (default all) on ``module``.

    Returns the number of experiments that failed in the student's code (a
    function not written yet counts as skipped, not failed).
    """
    _register_all()
    ctx = Context(data, out, sizes, problem)
    path = getattr(module, "__kit_path__", None) or getattr(module, "__file__", "softmax.py")
    failures = 0
    for key in keys or list(EXPERIMENTS):
        title, function = EXPERIMENTS[key]
        label = f"EP{int(key[2:])}"
        out("=" * 78)
        out(f"{label}: {tr(title)}")
        out("-" * 78)
        try:
            with np.errstate(all="ignore"):
                function(module, ctx)
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except BadInput as error:
            out(tr("{label}: cannot run: {reason}", label=label, reason=error))
            failures += 1
        except BaseException as error:
            missing = not_implemented_in(error, path)
            if missing is not None:
                out(tr("{label}: implement {function}() first (it still raises "
                       "NotImplementedError), then run this experiment again.", label=label,
                       function=missing))
            else:
                out(tr("{label}: stopped by an error in your code", label=label))
                out(describe_error(error, path))
                failures += 1
        out("")
    return failures


def main(argv=None):
    """The command: ``python -m assignment.experiments [epNN ...]``."""
    from .cli import choose_language, guarded

    choose_language(argv)
    return guarded(_run, argv)


def _run(argv):
    from .cli import parser
    from .loading import load_submission

    _register_all()
    made = parser("experiments.py", tr("Sanity-check experiments on your softmax.py, one per "
                                       "exploration point."))
    made.add_argument("experiments", nargs="*", metavar="epNN",
                      help=tr("which ones (ep01 ... ep10, default all)"))
    made.add_argument("--data", choices=("auto", "fashion", "synthetic"), default="auto",
                      help=tr("data of EP7-EP10 (default: FashionMNIST if installed, else "
                              "generated images)"))
    args = made.parse_args(argv)
    keys = []
    for text in args.experiments:
        key = normalise_key(text)
        if key is None:
            raise BadInput(tr("unknown experiment {name!r}: choose from {keys}", name=text,
                              keys=", ".join(EXPERIMENTS)))
        keys.append(key)
    module = load_submission(args.submission)
    return 1 if run(module, keys, data=args.data) else 0
