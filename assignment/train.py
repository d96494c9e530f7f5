#!/usr/bin/env python3
"""Train the classifier of your ``softmax.py`` on FashionMNIST and look at it.

    make train                                    # assignment/softmax.py
    make train SUBMISSION=path/to/softmax.py OUT=runs/mine
    .venv/bin/python assignment/train.py --help   # every option

What it does, in order:

1. imports your file (by its path) and checks it defines the functions used;
2. loads FashionMNIST and carves a validation set out of the 60000 training
   images (the last 5000 of a permutation drawn with a fixed seed, the same
   for everybody);
3. a sanity check before training: the loss of the untrained model should be
   close to ``ln 10 = 2.303``; when it is not, it says what usually causes it;
4. calls your ``train(X, y, X_val=..., y_val=..., n_classes=10)`` with your
   own default hyper-parameters (or those given on the command line), with a
   progress bar over epochs and batches and one line per epoch (training
   loss, validation accuracy);
5. prints the test accuracy and saves three pictures in the output folder
   (default ``runs/<date>-<time>/``; ``runs/latest`` points to the newest):
   ``learning_curves.png``, ``weights.png`` (the ten learned templates),
   ``confusion_matrix.png``; and ``metrics.json`` with the numbers.

The progress bar needs no change to your ``train``: this script wraps your
module's ``minibatches``, ``loss_and_grad`` and ``predict`` while ``train``
runs (``train`` calls them by their module names, as the contract asks).  A
``train`` that does not call ``minibatches`` still trains; its bar just moves
once per epoch.

An error in your code is shown as the line of ``softmax.py`` that raised it,
not as a full traceback.  Exit status: 0 after a complete run, 1 when your
code failed, 2 for bad input (a missing file, no data).
"""

import os

# The batches are small: one BLAS thread is much faster than several
# competing for two cores.  Set before numpy is imported.
for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import argparse  # noqa: E402
import ast  # noqa: E402
import datetime  # noqa: E402
import importlib.util  # noqa: E402
import inspect  # noqa: E402
import json  # noqa: E402
import math  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent  # the kit, or the unzipped handout: assignment/ and data/
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DEFAULT_SUBMISSION = HERE / "softmax.py"
RUNS = ROOT / "runs"
SPLIT_SEED = 20240601  # the validation split: the same for everybody
VAL_SIZE = 5000
SANITY_SAMPLES = 1000
FORBIDDEN_IMPORTS = ("torch", "tensorflow", "jax", "scipy", "sklearn", "pandas")
NEEDED = ("init_params", "loss_and_grad", "train")


class UsageError(Exception):
    """Bad input to a command: reported as one line, exit status 2."""


class StudentError(Exception):
    """The student's code failed; the message is ready to print (exit 1)."""


# ----------------------------------------------------------------------------
# the student's file


def load_submission(path):
    """Import a ``softmax.py`` by its path, as module ``softmax``.

    Raises
    ------
    UsageError
        The file does not exist or is not a readable ``.py`` file.
    StudentError
        Importing it raised (a syntax error, an exception at module level).
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"no file {path}: give the path of your softmax.py "
                         "(make train SUBMISSION=path/to/softmax.py)")
    if not path.is_file() or path.suffix != ".py":
        raise UsageError(f"{path} is not a .py file: give the path of your softmax.py")
    try:
        path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"cannot read {path}: {error}") from None
    spec = importlib.util.spec_from_file_location("softmax", path)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except KeyboardInterrupt:
        raise
    except BaseException as error:  # SyntaxError, SystemExit, anything at import
        raise StudentError(describe_error(error, path, "while importing it")) from None
    module.__kit_path__ = path
    return module


def forbidden_imports(path):
    """Top-level packages outside the rules that ``path`` imports."""
    try:
        tree = ast.parse(Path(path).read_text(encoding="utf-8"))
    except (SyntaxError, ValueError, OSError, UnicodeDecodeError):
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in FORBIDDEN_IMPORTS and top not in found:
                found.append(top)
    return found


def _display(path):
    path = Path(path)
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _same_file(a, b):
    try:
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, RuntimeError):
        return False


def _first_lines(text, limit=300):
    text = str(text).strip()
    lines = text.splitlines()
    short = "\n".join(lines[:3])
    if len(lines) > 3:
        short += " ..."
    if len(short) > limit:
        short = short[:limit] + " ..."
    return short


def not_implemented_in(error, path):
    """The function of ``path`` that raised NotImplementedError, or None."""
    if not isinstance(error, NotImplementedError):
        return None
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _same_file(f.filename, path)]
    return frames[-1].name if frames else None


def describe_error(error, path, context=""):
    """A short account of an exception raised by the student's code.

    The innermost line of the student's file that the exception passed
    through (file, line number, the code itself, the exception), the chain of
    their functions that led there, and nothing of the kit's own frames.

    Parameters
    ----------
    error : BaseException
    path : str or Path
        The student's file.
    context : str
        What the kit was doing, e.g. ``"while train.py called train()"``.
    """
    shown = _display(path)
    where = f" {context}" if context else ""
    if isinstance(error, SyntaxError) and _same_file(error.filename or "", path):
        code = (error.text or "").strip()
        lines = [f"error: {shown} has a syntax error{where}",
                 f"  {shown}, line {error.lineno}"]
        if code:
            lines.append(f"    {code}")
        lines.append(f"  SyntaxError: {error.msg}")
        return "\n".join(lines)
    name = not_implemented_in(error, path)
    if name is not None:
        message = _first_lines(error)
        if f"{name}()" in message:
            return f"error: {message} in {shown}: implement it first"
        return f"error: {name}() is not implemented yet in {shown}: implement it first"
    if isinstance(error, SystemExit):
        return f"error: {shown} called sys.exit({error.code!r}){where}; remove that call"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _same_file(f.filename, path)]
    exception = f"{type(error).__name__}: {_first_lines(error)}".rstrip(": ")
    if not frames:
        return f"error{where}: {exception}"
    lines = [f"error: your code raised {type(error).__name__}{where}"]
    for frame in frames[-3:]:
        lines.append(f"  {shown}, line {frame.lineno}, in {frame.name}")
        if frame.line:
            lines.append(f"    {frame.line.strip()}")
    lines.append(f"  {exception}")
    return "\n".join(lines)


def call_student(path, context, function, *args, **kwargs):
    """``function(*args, **kwargs)``, its failure turned into a StudentError."""
    try:
        return function(*args, **kwargs)
    except (KeyboardInterrupt, BrokenPipeError, StudentError):
        raise
    except BaseException as error:
        raise StudentError(describe_error(error, path, context)) from None


def as_loss(value, who):
    """The loss ``value`` returned by ``who`` as a float, or a StudentError."""
    array = np.asarray(value) if not isinstance(value, (tuple, list, dict)) else None
    if array is None or array.size != 1 or array.dtype.kind not in "fiu":
        what = f"shape {array.shape}" if array is not None else type(value).__name__
        hint = (" (one number per example? the loss is their mean)"
                if array is not None and array.ndim == 1 and array.size > 1 else "")
        raise StudentError(f"error: {who} returned a loss of {what}; "
                           f"it must be one number{hint}")
    return float(array.reshape(()))


# ----------------------------------------------------------------------------
# data


def synthetic_data(n_train=5000, n_val=1000, n_test=2000, seed=0):
    """A small FashionMNIST look-alike: noisy 28x28 blob images of ten classes.

    Every class shares three blobs and has two of its own; heavy pixel noise
    makes it about as hard as FashionMNIST for a linear model (about 85 %).
    For trying the pipeline (and testing the kit) without the dataset.
    Returns ``(X_train, y_train, X_val, y_val, X_test, y_test, class_names)``.
    """
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:28, 0:28]

    def blob():
        cr, cc = rng.uniform(5, 23, size=2)
        width = rng.uniform(2.5, 5.0)
        return np.exp(-((rows - cr) ** 2 + (cols - cc) ** 2) / (2 * width ** 2))

    shared = blob() + blob() + blob()
    prototypes = np.zeros((10, 784))
    for k in range(10):
        image = shared + blob() + blob()
        prototypes[k] = (image / image.max()).ravel()

    def sample(n):
        y = rng.integers(0, 10, size=n)
        brightness = rng.uniform(0.5, 1.0, size=(n, 1))
        X = np.clip(prototypes[y] * brightness + rng.normal(0.0, 0.6, size=(n, 784)), 0.0, 1.0)
        return X, y

    parts = [sample(n) for n in (n_train, n_val, n_test)]
    names = tuple(f"class {k}" for k in range(10))
    return (*parts[0], *parts[1], *parts[2], names)


def fashion_data(val_size=VAL_SIZE, train_size=None, download=None):
    """FashionMNIST, with a seeded validation split of the training set.

    The 60000 training images are permuted with ``SPLIT_SEED``; the last
    ``val_size`` become the validation set, the others (or their first
    ``train_size``) the training set.
    Returns ``(X_train, y_train, X_val, y_val, X_test, y_test, class_names)``.
    """
    try:
        from data import fashion_mnist
    except ImportError as error:
        raise UsageError(f"cannot import the data loader from {ROOT / 'data'}: {error}") from None
    try:
        root = fashion_mnist.ensure(download=download)
        X, y = fashion_mnist.load("train", root=root)
        X_test, y_test = fashion_mnist.load("test", root=root)
    except (fashion_mnist.DataNotFoundError, fashion_mnist.DataVerificationError) as error:
        raise UsageError(" ".join(str(error).split())) from None
    if not 0 < val_size < len(X):
        raise UsageError(f"--val-size must be between 1 and {len(X) - 1}, not {val_size}")
    perm = np.random.default_rng(SPLIT_SEED).permutation(len(X))
    train_idx, val_idx = perm[:-val_size], perm[-val_size:]
    if train_size is not None:
        train_idx = train_idx[:train_size]
    X_train, y_train = X[train_idx], y[train_idx]
    X_val, y_val = X[val_idx], y[val_idx]
    return X_train, y_train, X_val, y_val, X_test, y_test, tuple(fashion_mnist.CLASSES)


# ----------------------------------------------------------------------------
# the sanity check


def sanity_check(module, X, y, n_classes, reg, seed, out=print):
    """Print the loss of the untrained model and whether it is plausible.

    With all weights 0 every class gets probability ``1/K``, so the mean
    cross-entropy is exactly ``ln K`` whatever the data; small random weights
    keep the logits near 0 and the loss near ``ln K``.  Returns
    ``(initial_loss, ok)``.
    """
    path = module.__kit_path__
    m = min(SANITY_SAMPLES, len(X))
    Xs, ys = X[:m], y[:m]
    d, K = X.shape[1], n_classes
    expected = math.log(K)
    W, b = call_student(path, "in init_params() (sanity check before training)",
                        module.init_params, d, K, np.random.default_rng(seed))
    W, b = np.asarray(W), np.asarray(b)
    if W.shape != (d, K) or b.shape != (K,):
        raise StudentError(f"error: init_params({d}, {K}, rng) returned W of shape {W.shape} "
                           f"and b of shape {b.shape}; expected ({d}, {K}) and ({K},)")
    loss = as_loss(call_student(path, "in loss_and_grad() (sanity check before training)",
                                module.loss_and_grad, W, b, Xs, ys, reg)[0], "loss_and_grad")
    head = (f"sanity check: the untrained model's loss on {m} training images is "
            f"{loss:.4f}; with {K} classes it should be close to ln {K} = {expected:.4f}")
    if np.isfinite(loss) and abs(loss - expected) < 0.1:
        out(head + ": OK")
        return loss, True
    out(head + ": NOT CLOSE. Possible causes:")
    reasons = []
    zero = as_loss(call_student(path, "in loss_and_grad() (sanity check before training)",
                                module.loss_and_grad, np.zeros((d, K)), np.zeros(K), Xs, ys,
                                reg)[0], "loss_and_grad")
    if not math.isclose(zero, expected, rel_tol=1e-6):
        if math.isclose(zero, m * expected, rel_tol=1e-3):
            reasons.append(f"the loss is a sum over the batch, not a mean: with all weights 0 "
                           f"it is {zero:.1f} = {m} x ln {K}; divide by the batch size")
        elif zero < 0:
            reasons.append(f"the loss is negative ({zero:.4g} with all weights 0): a sign is "
                           "missing, the loss is -log p of the true class")
        else:
            reasons.append(f"with all weights 0 every class has probability 1/{K}, so the loss "
                           f"must be exactly ln {K} = {expected:.4f} on any data; yours is "
                           f"{zero:.6g}: check cross_entropy and log_softmax")
    spread = float(np.mean(np.std(Xs @ W + b, axis=1)))
    scale = float(np.std(W))
    if scale > 0.05 or spread > 0.5:
        reasons.append(f"the initial weights are too large: std(W) = {scale:.3g} (the default "
                       f"scale is 0.01), so the first logits already differ by about "
                       f"{spread:.2g} between classes and the untrained model is confidently "
                       "wrong; check init_params")
    if np.ptp(b) > 1e-3:
        reasons.append(f"the initial bias is not zero (from {b.min():.3g} to {b.max():.3g}): "
                       "it pushes some classes ahead of others before any learning (the logits "
                       "are not centred); start from b = 0")
    if not np.isfinite(loss):
        reasons.append("the loss is not finite: use log_softmax (the log-sum-exp trick), "
                       "never np.log(softmax(...))")
    if not reasons:
        reasons.append("none of the usual ones (weights too large, logits not centred, a sum "
                       "instead of a mean); print the first logits and probabilities")
    for reason in reasons:
        out(f"  - {reason}")
    out("  Training anyway; fix this first if the curves below look wrong.")
    return loss, False


# ----------------------------------------------------------------------------
# training with a progress bar, without touching the student's train


class _Batches:
    """What the student's ``minibatches`` returned, ticking the bar as it goes."""

    def __init__(self, batches, monitor):
        self._batches = batches
        self._monitor = monitor

    def __iter__(self):
        for batch in self._batches:
            self._monitor.tick()
            yield batch

    def __len__(self):
        return len(self._batches)

    def __getitem__(self, index):
        return self._batches[index]


class TrainingMonitor:
    """Progress bars and per-epoch lines around the student's ``train``.

    While active it replaces the module's ``minibatches``, ``loss_and_grad``
    and ``predict`` by wrappers that call the originals unchanged (same
    arguments, same random draws) and watch: a call of ``minibatches`` opens
    an epoch, each batch handed out moves the batch bar, each loss is
    recorded, and ``predict`` on the validation set (or the next epoch, or
    the end of ``train``) closes the epoch and prints its line.
    """

    WRAPPED = ("minibatches", "loss_and_grad", "predict")

    def __init__(self, module, X_val, y_val, epochs, batches_per_epoch, progress=True,
                 write=None):
        self.module = module
        self.X_val, self.y_val = X_val, y_val
        self.epochs = epochs
        self.batches_per_epoch = batches_per_epoch
        self.progress = progress
        self._write = write
        self.train_loss, self.val_acc, self.seconds = [], [], []
        self.steps_seen, self.loss_calls = [], []
        self._open = False
        self._losses, self._acc, self._ticks = [], None, 0
        self._saved = {}

    # --- installing
    def __enter__(self):
        from tqdm import tqdm

        self._tqdm = tqdm
        bar_format = ("{desc:<8} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                      "[{elapsed}<{remaining}]")
        self.epoch_bar = tqdm(total=self.epochs or None, desc="epochs", position=0, leave=True,
                              disable=not self.progress, bar_format=bar_format, dynamic_ncols=True)
        self.batch_bar = tqdm(total=self.batches_per_epoch or None, desc="batches", position=1,
                              leave=False, disable=not self.progress, bar_format=bar_format,
                              dynamic_ncols=True)
        for name in self.WRAPPED:
            if callable(getattr(self.module, name, None)):
                self._saved[name] = getattr(self.module, name)
                setattr(self.module, name, getattr(self, "_" + name))
        self._last = time.perf_counter()
        return self

    def __exit__(self, *exc):
        for name, function in self._saved.items():
            setattr(self.module, name, function)
        if exc[0] is None:
            self.close_epoch()
        else:
            self.epoch_bar.leave = False
        self.batch_bar.close()
        self.epoch_bar.close()
        return False

    def write(self, line):
        if self._write is not None:
            self._write(line)
        else:
            self._tqdm.write(line)

    # --- the wrappers
    def _minibatches(self, *args, **kwargs):
        self.close_epoch()
        self._open_epoch()
        batches = self._saved["minibatches"](*args, **kwargs)
        return _Batches(batches, self)

    def _loss_and_grad(self, *args, **kwargs):
        result = self._saved["loss_and_grad"](*args, **kwargs)
        if not self._open:
            self._open_epoch()
        try:
            self._losses.append(float(np.asarray(result[0]).reshape(())))
        except Exception:  # a malformed loss: the student's train will say so
            pass
        return result

    def _predict(self, *args, **kwargs):
        labels = self._saved["predict"](*args, **kwargs)
        X = args[2] if len(args) > 2 else kwargs.get("X")
        if self.X_val is not None and self._is_val(X):
            try:
                self._acc = float(np.mean(np.asarray(labels) == self.y_val))
            except Exception:
                self._acc = None
            if self._open:
                self.close_epoch()
            elif self.val_acc:  # a second look at the same epoch
                self.val_acc[-1] = self._acc
        return labels

    def _is_val(self, X):
        if X is self.X_val:
            return True
        return (isinstance(X, np.ndarray) and X.shape == self.X_val.shape
                and np.may_share_memory(X, self.X_val))

    # --- epochs
    def tick(self):
        self._ticks += 1
        self.batch_bar.update(1)

    def _open_epoch(self):
        self._open = True
        self._losses, self._acc, self._ticks = [], None, 0
        self.batch_bar.reset(total=self.batches_per_epoch or None)

    def close_epoch(self):
        if not self._open:
            return
        self._open = False
        now = time.perf_counter()
        self.seconds.append(now - self._last)
        self._last = now
        loss = float(np.mean(self._losses)) if self._losses else float("nan")
        self.train_loss.append(loss)
        self.val_acc.append(self._acc)
        self.steps_seen.append(self._ticks)
        self.loss_calls.append(len(self._losses))
        epoch = len(self.train_loss)
        width = len(str(max(self.epochs, epoch)))
        loss_text = f"{loss:.4f}" if self._losses else "  -   "
        acc_text = f"{self._acc:.4f}" if self._acc is not None else "  -   "
        self.write(f"epoch {epoch:>{width}}/{self.epochs}  train loss {loss_text}  "
                   f"val acc {acc_text}  ({self.seconds[-1]:.1f} s)")
        self.epoch_bar.update(1)


def effective_hyperparameters(train_function, overrides):
    """The keyword arguments for the student's ``train`` and the values in force.

    ``overrides`` holds the options given on the command line (None when not
    given); a value not given is left to the student's default.  Returns
    ``(kwargs, in_force, dropped)``: what to pass, every hyper-parameter's
    value (the student's default where not given), and the options the
    student's ``train`` does not accept.
    """
    try:
        parameters = inspect.signature(train_function).parameters
    except (TypeError, ValueError):
        parameters = {}
    takes_any = any(p.kind == p.VAR_KEYWORD for p in parameters.values())
    kwargs, dropped, in_force = {}, [], {}
    for name, value in overrides.items():
        accepted = takes_any or name in parameters
        default = parameters[name].default if name in parameters else inspect.Parameter.empty
        if value is not None:
            if accepted:
                kwargs[name] = value
                in_force[name] = value
            else:
                dropped.append(name)
        elif default is not inspect.Parameter.empty:
            in_force[name] = default
    return kwargs, in_force, dropped


def accepts(function, name):
    try:
        parameters = inspect.signature(function).parameters
    except (TypeError, ValueError):
        return True
    return name in parameters or any(p.kind == p.VAR_KEYWORD for p in parameters.values())


def check_history(history, epochs):
    """The student's ``history`` as two lists of floats, or None where unusable."""
    def series(key, allow_empty):
        if not isinstance(history, dict) or key not in history:
            return None
        try:
            values = [float(v) for v in np.asarray(history[key], dtype=float).ravel()]
        except (TypeError, ValueError):
            return None
        if not values and allow_empty:
            return []
        if epochs is not None and len(values) != epochs:
            return None
        return values
    return series("train_loss", False), series("val_acc", True)


# ----------------------------------------------------------------------------
# pictures


def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


def plot_learning_curves(train_loss, val_acc, path, *, initial_loss=None, test_acc=None,
                         n_classes=10, title="", source_note=""):
    """Training loss and validation accuracy per epoch, side by side."""
    plt = _pyplot()
    from matplotlib.ticker import MaxNLocator

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4), constrained_layout=True)
    epochs = np.arange(1, len(train_loss) + 1)
    left.plot(epochs, train_loss, "o-", color="tab:blue", label="training loss")
    guess = math.log(n_classes)
    start = (f"before training: {initial_loss:.4f}\n"
             if initial_loss is not None and np.isfinite(initial_loss) else "")
    left.text(0.97, 0.80, f"{start}(guessing uniformly: ln {n_classes} = {guess:.4f})",
              transform=left.transAxes, ha="right", va="top", fontsize=9,
              bbox=dict(boxstyle="round", facecolor="white", edgecolor="lightgrey"))
    left.set_xlabel("epoch")
    left.set_ylabel("mean cross-entropy + L2 penalty")
    left.set_title("Training loss (mean of the epoch's batch losses)")
    left.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(epochs):
        left.set_xlim(0.5, len(epochs) + 0.5)
    left.grid(alpha=0.3)
    left.legend(loc="upper right", fontsize=9)

    accs = [np.nan if a is None else a for a in val_acc]
    if accs and not all(np.isnan(accs)):
        right.plot(epochs[:len(accs)], np.asarray(accs) * 100, "o-", color="tab:green",
                   label="validation accuracy")
    else:
        right.text(0.5, 0.5, "no validation accuracy recorded\n(history['val_acc'] is empty)",
                   ha="center", va="center", transform=right.transAxes, color="grey")
    if test_acc is not None:
        right.axhline(test_acc * 100, color="tab:red", ls="--", lw=1,
                      label=f"final test accuracy {test_acc * 100:.2f} %")
    right.set_xlabel("epoch")
    right.set_ylabel("accuracy (%)")
    right.set_title("Validation accuracy after each epoch")
    right.xaxis.set_major_locator(MaxNLocator(integer=True))
    if len(epochs):
        right.set_xlim(0.5, len(epochs) + 0.5)
    right.grid(alpha=0.3)
    right.legend(loc="lower right", fontsize=9)
    fig.suptitle(title + (f"\n{source_note}" if source_note else ""), fontsize=11)
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_weight_templates(W, class_names, path, title=""):
    """Every column of ``W`` as a 28x28 image: what each class's score looks for."""
    plt = _pyplot()
    K = W.shape[1]
    cols = 5
    rows = math.ceil(K / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(2.3 * cols + 1.0, 2.35 * rows + 0.8),
                             constrained_layout=True)
    axes = np.atleast_1d(axes).ravel()
    side = int(round(math.sqrt(W.shape[0])))
    image = None
    for k, ax in enumerate(axes):
        ax.set_xticks([])
        ax.set_yticks([])
        if k >= K:
            ax.axis("off")
            continue
        column = np.nan_to_num(W[:, k])
        limit = float(np.max(np.abs(column))) or 1.0
        if side * side == W.shape[0]:
            image = ax.imshow(column.reshape(side, side), cmap="RdBu_r", vmin=-limit, vmax=limit)
        ax.set_title(f"{k}: {class_names[k]}", fontsize=10)
    fig.suptitle((title + "\n" if title else "") +
                 "red: pixels that raise the class's score, blue: pixels that lower it "
                 "(each image on its own scale)", fontsize=10)
    if image is not None:
        bar = fig.colorbar(image, ax=axes.tolist(), shrink=0.6, ticks=[image.norm.vmin, 0,
                                                                       image.norm.vmax])
        bar.ax.set_yticklabels(["-max", "0", "+max"])
        bar.set_label("weight")
    fig.savefig(path, dpi=110)
    plt.close(fig)


def plot_confusion_matrix(matrix, class_names, path, title=""):
    """Counts of (true class, predicted class) on the test set."""
    plt = _pyplot()
    K = len(class_names)
    fig, ax = plt.subplots(figsize=(8.2, 7.2), constrained_layout=True)
    image = ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(K))
    ax.set_yticks(range(K))
    ax.set_xticklabels(class_names, rotation=40, ha="right")
    ax.set_yticklabels(class_names)
    ax.set_xlabel("predicted class")
    ax.set_ylabel("true class")
    threshold = matrix.max() / 2 if matrix.size else 0
    for i in range(K):
        for j in range(K):
            ax.text(j, i, str(int(matrix[i, j])), ha="center", va="center", fontsize=8,
                    color="white" if matrix[i, j] > threshold else "black")
    fig.colorbar(image, ax=ax, shrink=0.8, label="test images")
    ax.set_title(title or "Confusion matrix on the test set")
    fig.savefig(path, dpi=110)
    plt.close(fig)


# ----------------------------------------------------------------------------
# the command


class OneLineParser(argparse.ArgumentParser):
    """An argument parser whose errors are one line (and exit status 2)."""

    def error(self, message):
        print(f"error: {message} (see --help)", file=sys.stderr)
        sys.exit(2)


def _parser():
    parser = OneLineParser(
        prog="train.py",
        description="Train the classifier of your softmax.py on FashionMNIST: a sanity check, "
                    "a progress bar, the test accuracy, and pictures (learning curves, weight "
                    "templates, confusion matrix) in an output folder.")
    parser.add_argument("--submission", default=str(DEFAULT_SUBMISSION), metavar="PATH",
                        help="your softmax.py (default: the one next to this script)")
    parser.add_argument("--out", metavar="DIR",
                        help="folder for the pictures (default: runs/<date>-<time>/, "
                             "with runs/latest pointing to it)")
    parser.add_argument("--epochs", type=int, help="default: your train()'s default")
    parser.add_argument("--batch-size", type=int, help="default: your train()'s default")
    parser.add_argument("--lr", type=float, help="default: your train()'s default")
    parser.add_argument("--reg", type=float, help="default: your train()'s default")
    parser.add_argument("--seed", type=int, help="default: your train()'s default")
    parser.add_argument("--val-size", type=int, default=VAL_SIZE,
                        help="validation images carved from the training set "
                             f"(default {VAL_SIZE})")
    parser.add_argument("--train-size", type=int,
                        help="train on only this many images (a quick run)")
    parser.add_argument("--data", choices=("fashion", "synthetic"), default="fashion",
                        help="'synthetic': small generated images, to try the pipeline "
                             "without FashionMNIST")
    parser.add_argument("--no-progress", action="store_true", help="no progress bars")
    return parser


def _output_dir(out):
    """The folder for this run's files, created; and whether it is the default."""
    if out:
        folder = Path(out)
        default = False
    else:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder, n = RUNS / stamp, 2
        while folder.exists():
            folder, n = RUNS / f"{stamp}-{n}", n + 1
        default = True
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UsageError(f"cannot create the output folder {folder}: "
                         f"{error.strerror or error}") from None
    if not os.access(folder, os.W_OK):
        raise UsageError(f"cannot write to the output folder {folder}")
    return folder, default


def _point_latest(folder):
    """Make ``runs/latest`` a link to ``folder`` (quietly skipped where impossible)."""
    latest = RUNS / "latest"
    if latest.exists() and not latest.is_symlink():
        return
    temporary = RUNS / f".latest-{os.getpid()}"
    try:
        os.symlink(folder.name, temporary)
        os.replace(temporary, latest)
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass


def main(argv=None):
    """Run the command; returns the exit status."""
    try:
        return _run(argv)
    except UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except StudentError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(argv):
    args = _parser().parse_args(argv)
    for option in ("epochs", "batch_size", "train_size", "val_size"):
        value = getattr(args, option)
        if value is not None and value < 1:
            raise UsageError(f"--{option.replace('_', '-')} must be at least 1, not {value}")
    started = time.perf_counter()
    path = Path(args.submission)
    module = load_submission(path)
    shown = _display(path)
    missing = [name for name in NEEDED if not callable(getattr(module, name, None))]
    if missing:
        raise StudentError(f"error: {shown} defines no function {missing[0]}(): keep the "
                           "names of the stubs")
    for name in forbidden_imports(path):
        print(f"note: {shown} imports {name}; the rules allow only numpy and the standard "
              "library (the grader will refuse it)")
    _preflight(module, path)
    folder, default_folder = _output_dir(args.out)
    try:
        status = _train_and_report(args, module, path, shown, folder, started)
    except BaseException:
        if default_folder:
            try:
                folder.rmdir()  # only if still empty
            except OSError:
                pass
        raise
    if default_folder:
        _point_latest(folder)
    return status


def _preflight(module, path):
    """Call init_params and loss_and_grad once on a tiny batch before loading the data.

    A function that is not written yet, or crashes, is reported in a second
    rather than after the dataset has loaded.
    """
    rng = np.random.default_rng(0)
    context = "(a first try on 8 random images, before loading the data)"
    W, b = call_student(path, context, module.init_params, 784, 10, rng)
    X, y = rng.uniform(0.0, 1.0, size=(8, 784)), np.arange(8) % 10
    call_student(path, context, module.loss_and_grad, np.asarray(W), np.asarray(b), X, y, 1e-4)


def _train_and_report(args, module, path, shown, folder, started):
    t0 = time.perf_counter()
    if args.data == "synthetic":
        n_train = args.train_size or 5000
        X, y, X_val, y_val, X_test, y_test, names = synthetic_data(
            n_train, min(args.val_size, 2000), 2000)
        data_name = "synthetic blobs (--data synthetic)"
    else:
        X, y, X_val, y_val, X_test, y_test, names = fashion_data(args.val_size, args.train_size)
        data_name = "FashionMNIST"
    load_seconds = time.perf_counter() - t0
    K = len(names)
    print(f"Training {shown} on {data_name}: {len(X)} training images, {len(X_val)} validation "
          f"images (a fixed split of the training set), {len(X_test)} test images "
          f"[loaded in {load_seconds:.1f} s]")

    overrides = {"epochs": args.epochs, "batch_size": args.batch_size, "lr": args.lr,
                 "reg": args.reg, "seed": args.seed}
    kwargs, in_force, dropped = effective_hyperparameters(module.train, overrides)
    for name in dropped:
        print(f"note: your train() has no parameter {name}; --{name.replace('_', '-')} ignored")
    shown_params = ", ".join(f"{k}={v:g}" if isinstance(v, float) else f"{k}={v}"
                             for k, v in in_force.items())
    print(f"hyper-parameters: {shown_params} (your train()'s defaults unless given)")

    reg = in_force.get("reg", 1e-4)
    seed = in_force.get("seed", 0)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        initial_loss, _ = sanity_check(module, X, y, K, reg if reg is not None else 0.0, seed)

        epochs = in_force.get("epochs")
        batch_size = in_force.get("batch_size")
        per_epoch = math.ceil(len(X) / batch_size) if isinstance(batch_size, int) else 0
        for name in ("X_val", "y_val", "n_classes"):
            if accepts(module.train, name):
                kwargs[name] = {"X_val": X_val, "y_val": y_val, "n_classes": K}[name]
        monitor_val = X_val if "X_val" in kwargs and "y_val" in kwargs else None
        t0 = time.perf_counter()
        monitor = TrainingMonitor(module, monitor_val, y_val,
                                  epochs if isinstance(epochs, int) else 0, per_epoch,
                                  progress=not args.no_progress)
        with monitor:
            result = call_student(path, "while train.py ran your train()", module.train,
                                  X, y, **kwargs)
        train_seconds = time.perf_counter() - t0
    _report_warnings(caught, path, shown)

    if not isinstance(result, (tuple, list)) or len(result) != 3:
        length = f" of length {len(result)}" if isinstance(result, (tuple, list)) else ""
        raise StudentError(f"error: your train() returned {type(result).__name__}{length}; "
                           "it must return (W, b, history)")
    W, b, history = result
    W, b = np.asarray(W, dtype=float), np.asarray(b, dtype=float)
    d = X.shape[1]
    if W.shape != (d, K) or b.shape != (K,):
        raise StudentError(f"error: your train() returned W of shape {W.shape} and b of shape "
                           f"{b.shape}; expected ({d}, {K}) and ({K},)")
    n_epochs = len(monitor.train_loss) or (epochs if isinstance(epochs, int) else None)
    seen = len(monitor.train_loss)
    print(f"training took {train_seconds:.1f} s ({seen} epoch{'s' if seen != 1 else ''} seen)")
    if not (np.all(np.isfinite(W)) and np.all(np.isfinite(b))):
        print("warning: W or b holds nan or inf after training: the steps diverged "
              "(learning rate too large?) or a nan came from an unstable softmax/log")

    train_loss, val_acc = check_history(history, epochs if isinstance(epochs, int) else None)
    source_note = ""
    if train_loss is None:
        print("note: history['train_loss'] is missing or does not hold one number per epoch "
              "(EP10); the curves show what train.py measured instead")
        train_loss = monitor.train_loss
        source_note = "curves measured by train.py: your history was unusable"
    else:
        _compare_history(train_loss, monitor)
    if val_acc is None or (not val_acc and monitor_val is not None):
        if monitor_val is not None:
            print("note: history['val_acc'] is missing or empty although train() was given "
                  "X_val and y_val (EP10)")
        val_acc = monitor.val_acc if any(a is not None for a in monitor.val_acc) else []

    logits = X_test @ W + b
    predicted = np.argmax(logits, axis=1)
    test_acc = float(np.mean(predicted == y_test))
    matrix = np.bincount(y_test * K + predicted, minlength=K * K).reshape(K, K)
    if data_name == "FashionMNIST":
        bar = "; the grader trains on all 60000 images and gives full points from 0.82"
    else:
        bar = ""
    print(f"test accuracy {test_acc:.4f} on {len(X_test)} test images{bar}")

    label = f"{shown} ({shown_params})"
    plot_learning_curves(train_loss, val_acc, folder / "learning_curves.png",
                         initial_loss=initial_loss, test_acc=test_acc, n_classes=K,
                         title=f"Learning curves of {label}", source_note=source_note)
    plot_weight_templates(W, names, folder / "weights.png",
                          title=f"The ten learned weight templates (columns of W) of {shown}")
    plot_confusion_matrix(matrix, names, folder / "confusion_matrix.png",
                          title=f"Confusion matrix on the {len(X_test)} test images "
                                f"(accuracy {test_acc * 100:.2f} %)")
    metrics = {
        "submission": str(path), "data": data_name, "hyperparameters": in_force,
        "n_train": len(X), "n_val": len(X_val), "n_test": len(X_test),
        "initial_loss": initial_loss, "train_loss": train_loss,
        "val_acc": [None if a is None else a for a in val_acc], "test_accuracy": test_acc,
        "confusion_matrix": matrix.tolist(), "classes": list(names),
        "seconds": {"load": round(load_seconds, 2), "train": round(train_seconds, 2),
                    "total": round(time.perf_counter() - started, 2)},
    }
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    print(f"pictures in {_display(folder)}/: learning_curves.png, weights.png, "
          f"confusion_matrix.png (and metrics.json) [total {time.perf_counter() - started:.1f} s]")
    return 0


def _compare_history(train_loss, monitor):
    """Say when history['train_loss'] is not the plain mean of the batch losses seen."""
    for epoch, (theirs, seen, steps, calls) in enumerate(
            zip(train_loss, monitor.train_loss, monitor.steps_seen, monitor.loss_calls), 1):
        if steps == 0 or steps != calls or not np.isfinite(seen):
            return  # not comparable: train() does not call minibatches/loss_and_grad as asked
        if not math.isclose(theirs, seen, rel_tol=1e-6, abs_tol=1e-9):
            print(f"note: history['train_loss'][{epoch - 1}] is {theirs:.6g}, but the plain mean "
                  f"of epoch {epoch}'s {calls} batch losses is {seen:.6g} (EP10)")
            return


def _report_warnings(caught, path, shown):
    seen = set()
    for item in caught:
        if _same_file(item.filename, path):
            where = f"{shown} line {item.lineno}"
        else:
            where = f"{Path(item.filename).name} line {item.lineno}"
        key = (where, str(item.message))
        if key in seen:
            continue
        seen.add(key)
        print(f"warning ({where}): {item.category.__name__}: {item.message}")
        if len(seen) >= 5:
            break


if __name__ == "__main__":
    sys.exit(main())
