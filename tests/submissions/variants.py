"""A catalogue of test submissions, each built from the reference solution.

Every variant is the reference ``solution/softmax.py`` (without its solution
markers) in which some whole top-level functions are replaced, added or
deleted.  ``BUGGY`` variants carry one realistic student mistake and say which
questions must lose points (``loses``) and which may (``may_lose``); every
other question must keep full marks.  ``CORRECT`` variants are unusual but
correct implementations that must get full marks everywhere.

The grader grades each question with only that question's functions taken
from the submission; every other contract function is the reference's (the
module attribute is swapped).  So a bug in ``softmax`` costs nothing in ep05
(which gets the reference ``softmax``) unless the student inlined it in
``cross_entropy_grad``, and a bug in ``loss_and_grad`` costs nothing in ep09 or
ep10.  The end-to-end ``fashion_mnist`` question runs the student's own code.

Whole-file submissions written from scratch live in ``files/``; their module
docstring ends with ``loses:`` and ``may_lose:`` lines (see ``FILES``).
"""

import ast
import json
import re
import sys
import textwrap
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
REFERENCE = ROOT / "solution" / "softmax.py"
FILES_DIR = HERE / "files"

QUESTION_IDS = ("ep01", "ep02", "ep03", "ep04", "ep05", "ep06", "ep07", "ep08",
                "ep09", "ep10", "fashion_mnist")
EXTRA = "__extra__"
"""Key of ``replacements`` whose text is appended at the end of the module."""

_MARKER = re.compile(r"^\s*### (BEGIN|END) SOLUTION\b.*$")


# --------------------------------------------------------------------- sources
@lru_cache(maxsize=1)
def reference_source():
    """The reference solution's text without its ``### BEGIN/END SOLUTION`` lines."""
    lines = REFERENCE.read_text().splitlines(keepends=True)
    return "".join(line for line in lines if not _MARKER.match(line))


def _function_spans(source):
    """``{name: (first_line, last_line)}`` (1-based) of every top-level function."""
    spans = {}
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            spans[node.name] = (first, node.end_lineno)
    return spans


def _top_level_functions(source):
    return [node.name for node in ast.parse(source).body
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef))]


def replace_functions(source, replacements):
    """``source`` with whole top-level functions replaced.

    ``replacements`` maps a function name to the source of its new definition
    (indentation is removed), or to ``None`` to delete the function.  The key
    ``EXTRA`` (``"__extra__"``) holds text appended at the end of the module,
    for new helpers or module-level state.  Raises ``KeyError`` when a named
    function is not defined in ``source``, and ``ValueError`` when a
    replacement does not define exactly the function it replaces.
    """
    spans = _function_spans(source)
    missing = sorted(name for name in replacements
                     if name != EXTRA and name not in spans)
    if missing:
        raise KeyError(f"no top-level function named {', '.join(missing)}")
    lines = source.splitlines(keepends=True)
    for name, (first, last) in sorted(spans.items(), key=lambda item: -item[1][0]):
        if name not in replacements:
            continue
        new = replacements[name]
        if new is None:
            text = ""
        else:
            text = textwrap.dedent(new).strip("\n") + "\n"
            defined = _top_level_functions(text)
            if defined != [name]:
                raise ValueError(f"the replacement of {name} defines {defined}")
        lines[first - 1:last] = [text]
    result = "".join(lines)
    extra = replacements.get(EXTRA)
    if extra:
        result = result.rstrip("\n") + "\n\n\n" + textwrap.dedent(extra).strip("\n") + "\n"
    ast.parse(result)  # a replacement must leave a valid module
    return result


def reference_function(name):
    """The reference source of the top-level function ``name`` (docstring included)."""
    source = reference_source()
    first, last = _function_spans(source)[name]
    return "".join(source.splitlines(keepends=True)[first - 1:last])


BASE = {
    "softmax": '''
def softmax(z):
    """exp of z minus its row maxima, divided by the row sums."""
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)
''',
    "log_softmax": '''
def log_softmax(z):
    """z shifted by its row maxima, minus the log of the shifted row sums of exp."""
    shifted = z - np.max(z, axis=-1, keepdims=True)
    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
''',
    "predict": '''
def predict(W, b, X):
    """The class of the largest logit of each row."""
    return np.argmax(X @ W + b, axis=1)
''',
    "cross_entropy": '''
def cross_entropy(logits, y):
    """Mean negative log-probability of the labels, or of the probability rows y."""
    logp = log_softmax(logits)
    y = np.asarray(y)
    n = logp.shape[0]
    if y.ndim == 1:
        return float(-np.mean(logp[np.arange(n), y]))
    return float(-np.sum(y * logp) / n)
''',
    "init_params": '''
def init_params(n_features, n_classes, rng, scale=0.01):
    """W drawn as rng.normal(0, scale, (d, K)); b zeros."""
    W = rng.normal(0.0, scale, size=(n_features, n_classes))
    b = np.zeros(n_classes)
    return W, b
''',
    "train": '''
def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
          batch_size=128, lr=0.1, reg=1e-4, seed=0):
    """Mini-batch SGD following the contract's protocol."""
    X = np.asarray(X)
    y = np.asarray(y)
    n, d = X.shape
    k = int(n_classes) if n_classes is not None else int(y.max()) + 1
    rng = np.random.default_rng(seed)
    W, b = init_params(d, k, rng)
    history = {"train_loss": [], "val_acc": []}
    monitor = X_val is not None and y_val is not None
    for _ in range(epochs):
        batch_losses = []
        for idx in minibatches(n, batch_size, rng):
            loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)
            W = W - lr * dW
            b = b - lr * db
            batch_losses.append(float(loss))
        history["train_loss"].append(float(np.mean(batch_losses)))
        if monitor:
            accuracy = np.mean(predict(W, b, X_val) == np.asarray(y_val))
            history["val_acc"].append(float(accuracy))
    return W, b, history
''',
    "cross_entropy_grad": '''
def cross_entropy_grad(logits, y):
    """(softmax(logits) - one_hot(y)) / n, or (softmax(logits) - y) / n for probability rows."""
    p = softmax(logits)
    y = np.asarray(y)
    n, k = p.shape
    target = one_hot(y, k) if y.ndim == 1 else y
    return (p - target) / n
''',
    "loss_and_grad": '''
def loss_and_grad(W, b, X, y, reg):
    """Cross-entropy of the logits plus the L2 penalty, and their gradients."""
    Z = X @ W + b
    dZ = cross_entropy_grad(Z, y)
    penalty, dW_reg = l2_penalty(W, reg)
    loss = cross_entropy(Z, y) + penalty
    return loss, X.T @ dZ + dW_reg, np.sum(dZ, axis=0)
''',
}
"""Correct versions of some functions, written out here so that variants made
with ``patched`` do not depend on the exact text of the (evolving) reference."""

STUDENT_SHAPE = {"cross_entropy_grad": BASE["cross_entropy_grad"],
                 "loss_and_grad": BASE["loss_and_grad"],
                 "_cross_entropy_and_grad": None}
"""Applied to every variant before its own replacements.  For speed (see
``bench/``) the reference's ``loss_and_grad`` computes the loss and its
gradient in one fused pass and its ``cross_entropy_grad`` subtracts 1 at the
true classes without ``one_hot``; a student's file builds them from
``one_hot``, ``cross_entropy``, ``cross_entropy_grad`` and ``l2_penalty`` as the
handout says, so that a bug in those reaches training and the end-to-end
check as it would in a real submission."""


def patched(name, *edits, docstring=True):
    """``BASE[name]`` with the text edits ``(old, new)`` applied.

    Every ``old`` must occur in the function; all its occurrences are replaced.
    ``docstring=False`` leaves out the base's one-line docstring first (most
    students write none).  Returns the whole function, ready for
    ``replacements``.
    """
    text = BASE[name]
    if not docstring:
        text = re.sub(r'\n    """[^\n]*"""\n', "\n", text, count=1)
    for old, new in edits:
        if old not in text:
            raise ValueError(f"{old!r} does not occur in the base {name}")
        text = text.replace(old, new)
    return text


def stub(name, signature, message="not implemented yet"):
    """A function that only raises ``NotImplementedError``, as the handout's stubs do."""
    return f"def {name}({signature}):\n    raise NotImplementedError({message!r})\n"


# --------------------------------------------------------------------- variants
@dataclass
class Variant:
    """One test submission: the reference with some functions replaced.

    Attributes
    ----------
    name : str
        Identifier-like name, unique in the catalogue.
    description : str
        One line: what the student did (wrong), in a TA's words.
    replacements : dict
        Argument of ``replace_functions``: function name to new source, or to
        ``None`` for a deleted function; ``EXTRA`` for appended text.
    loses : tuple of str
        Question ids that must lose points.
    may_lose : tuple of str
        Question ids that may lose points; every other question keeps full marks.
    """

    name: str
    description: str
    replacements: dict = field(default_factory=dict)
    loses: tuple = ()
    may_lose: tuple = ()

    def __post_init__(self):
        self.loses, self.may_lose = tuple(self.loses), tuple(self.may_lose)
        if not self.name.isidentifier():
            raise ValueError(f"variant name {self.name!r} is not identifier-like")
        unknown = set(self.loses + self.may_lose) - set(QUESTION_IDS)
        if unknown:
            raise ValueError(f"{self.name}: unknown question ids {sorted(unknown)}")
        if set(self.loses) & set(self.may_lose):
            raise ValueError(f"{self.name}: a question is in both loses and may_lose")

    @property
    def correct(self):
        return not self.loses and not self.may_lose

    def source(self):
        """The variant's ``softmax.py`` text."""
        return replace_functions(reference_source(), {**STUDENT_SHAPE, **self.replacements})


def _buggy(name, description, loses, may_lose=(), **replacements):
    extra = replacements.pop("extra", None)
    if extra is not None:
        replacements[EXTRA] = extra
    return Variant(name, description, replacements, tuple(loses.split()),
                   tuple(may_lose.split()) if isinstance(may_lose, str) else may_lose)


FM = "fashion_mnist"

# ======================================================================== BUGGY
BUGGY = [
    # ------------------------------------------------------------------ ep01
    _buggy(
        "softmax_over_columns",
        "softmax normalises each column (axis=0) instead of each row",
        "ep01 fashion_mnist", "ep02",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=float)
            e = np.exp(z - np.max(z, axis=0))
            return e / np.sum(e, axis=0)
        '''),
    _buggy(
        "softmax_sums_whole_batch",
        "softmax divides by the sum of all entries of the batch, not by each row's sum",
        "ep01 fashion_mnist", "ep02",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=float)
            e = np.exp(z - np.max(z))
            return e / np.sum(e)
        '''),
    _buggy(
        "softmax_keepdims_missing",
        "row sums taken without keepdims, so a batch broadcasts wrongly (or fails when n != K)",
        "ep01 fashion_mnist", "ep02",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=float)
            e = np.exp(z - np.max(z, axis=-1, keepdims=True))
            return e / np.sum(e, axis=-1)
        '''),
    _buggy(
        "softmax_is_elementwise_sigmoid",
        "applies a sigmoid to every score (K separate sigmoids), so rows do not sum to 1",
        "ep01 ep02",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=float)
            return 1.0 / (1.0 + np.exp(-z))
        '''),
    _buggy(
        "softmax_hardcoded_axis_1",
        "uses axis=1, so a single row of shape (K,) raises an AxisError",
        "ep01", "ep02",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=float)
            e = np.exp(z - np.max(z, axis=1, keepdims=True))
            return e / np.sum(e, axis=1, keepdims=True)
        '''),
    _buggy(
        "softmax_shifts_input_in_place",
        "subtracts the row max with z -= ..., modifying the caller's array",
        "ep01", "ep02",
        softmax='''
        def softmax(z):
            z = np.asarray(z)
            z -= np.max(z, axis=-1, keepdims=True)
            e = np.exp(z)
            return e / np.sum(e, axis=-1, keepdims=True)
        '''),
    _buggy(
        "softmax_returns_float32",
        "casts the scores to float32, so float64 input gives float32 output",
        "ep01", "ep02",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=np.float32)
            e = np.exp(z - np.max(z, axis=-1, keepdims=True))
            return e / np.sum(e, axis=-1, keepdims=True)
        '''),
    _buggy(
        "softmax_shift_only_in_numerator",
        "subtracts the max in the numerator but sums the unshifted exp(z) in the denominator",
        "ep01 ep02 fashion_mnist",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=float)
            m = np.max(z, axis=-1, keepdims=True)
            return np.exp(z - m) / np.sum(np.exp(z), axis=-1, keepdims=True)
        '''),
    _buggy(
        "softmax_divides_by_row_max",
        "normalises each row by its largest exp instead of the row sum",
        "ep01 fashion_mnist", "ep02",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=float)
            e = np.exp(z - np.max(z, axis=-1, keepdims=True))
            return e / np.max(e, axis=-1, keepdims=True)
        '''),
    _buggy(
        "softmax_missing",
        "softmax is not defined at all",
        "ep01 ep02 fashion_mnist",
        softmax=None),
    # ------------------------------------------------------------------ ep02
    _buggy(
        "softmax_without_max_shift",
        "softmax is exp(z) / sum(exp(z)) with no max subtraction: overflows for large logits",
        "ep02",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=float)
            e = np.exp(z)
            return e / np.sum(e, axis=-1, keepdims=True)
        '''),
    _buggy(
        "softmax_global_max",
        "subtracts the max of the whole batch, so rows far below it underflow to 0/0",
        "ep02", "ep01",
        softmax='''
        def softmax(z):
            z = np.asarray(z, dtype=float)
            e = np.exp(z - np.max(z))
            return e / np.sum(e, axis=-1, keepdims=True)
        '''),
    _buggy(
        "softmax_clips_logits",
        "clips the logits to [-500, 500] instead of subtracting the max, breaking shift invariance",
        "ep02",
        softmax='''
        def softmax(z):
            z = np.clip(np.asarray(z, dtype=float), -500.0, 500.0)
            e = np.exp(z)
            return e / np.sum(e, axis=-1, keepdims=True)
        '''),
    _buggy(
        "log_softmax_is_log_of_softmax",
        "log_softmax is np.log(softmax(z)), -inf where softmax underflows",
        "ep02",
        log_softmax='''
        def log_softmax(z):
            return np.log(softmax(z))
        '''),
    _buggy(
        "log_softmax_forgets_to_add_max_back",
        "log-sum-exp of the shifted scores, but the max is never added back (off by m)",
        "ep02",
        log_softmax='''
        def log_softmax(z):
            z = np.asarray(z, dtype=float)
            m = np.max(z, axis=-1, keepdims=True)
            return z - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
        '''),
    _buggy(
        "log_softmax_without_max_shift",
        "log_softmax is z - log(sum(exp(z))) with no max subtraction: overflows",
        "ep02",
        log_softmax='''
        def log_softmax(z):
            z = np.asarray(z, dtype=float)
            return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
        '''),
    _buggy(
        "log_softmax_global_max",
        "log_softmax shifts by the max of the whole batch: -inf for rows far below it",
        "ep02",
        log_softmax='''
        def log_softmax(z):
            z = np.asarray(z, dtype=float)
            m = np.max(z)
            return z - m - np.log(np.sum(np.exp(z - m), axis=-1, keepdims=True))
        '''),
    _buggy(
        "log_softmax_log_p_plus_epsilon",
        "log_softmax is log(softmax(z) + 1e-12): finite, but about -27.6 where it should be -1e4",
        "ep02",
        log_softmax='''
        def log_softmax(z):
            return np.log(softmax(z) + 1e-12)
        '''),
    _buggy(
        "log_softmax_keepdims_missing",
        "log of the row sums taken without keepdims: a batch fails to broadcast",
        "ep02 fashion_mnist",
        log_softmax='''
        def log_softmax(z):
            z = np.asarray(z, dtype=float)
            m = np.max(z, axis=-1, keepdims=True)
            return z - m - np.log(np.sum(np.exp(z - m), axis=-1))
        '''),
    _buggy(
        "log_softmax_shifts_input_in_place",
        "log_softmax subtracts the row max with z -= ..., modifying the caller's array",
        "ep02",
        log_softmax='''
        def log_softmax(z):
            z = np.asarray(z)
            z -= np.max(z, axis=-1, keepdims=True)
            return z - np.log(np.sum(np.exp(z), axis=-1, keepdims=True))
        '''),
    _buggy(
        "log_softmax_stub",
        "log_softmax left as the handout's NotImplementedError stub",
        "ep02 fashion_mnist",
        log_softmax=stub("log_softmax", "z")),
    # ------------------------------------------------------------------ ep03
    _buggy(
        "predict_argmax_over_examples",
        "predict takes the argmax over axis 0 (over examples), returning K labels",
        "ep03",
        predict='''
        def predict(W, b, X):
            return np.argmax(X @ W + b, axis=0)
        '''),
    _buggy(
        "predict_ignores_bias",
        "predict uses X @ W and forgets the bias",
        "ep03",
        predict='''
        def predict(W, b, X):
            return np.argmax(X @ W, axis=1)
        '''),
    _buggy(
        "predict_returns_float_labels",
        "predict returns the labels as floats",
        "ep03",
        predict='''
        def predict(W, b, X):
            return np.argmax(X @ W + b, axis=1).astype(float)
        '''),
    _buggy(
        "predict_argmin",
        "predict takes the argmin of the logits",
        "ep03",
        predict='''
        def predict(W, b, X):
            return np.argmin(X @ W + b, axis=1)
        '''),
    _buggy(
        "predict_softmax_over_examples",
        "predict normalises exp(logits) over the batch (axis 0) before the argmax",
        "ep03",
        predict='''
        def predict(W, b, X):
            Z = X @ W + b
            e = np.exp(Z - np.max(Z))
            P = e / np.sum(e, axis=0, keepdims=True)
            return np.argmax(P, axis=1)
        '''),
    _buggy(
        "predict_returns_probabilities",
        "predict returns the softmax probabilities instead of labels",
        "ep03",
        predict='''
        def predict(W, b, X):
            return softmax(X @ W + b)
        '''),
    _buggy(
        "predict_missing",
        "predict is not defined (train only needs it with validation data)",
        "ep03",
        predict=None),
    # ------------------------------------------------------------------ ep04
    _buggy(
        "cross_entropy_sum_not_mean",
        "cross_entropy sums the per-example losses instead of averaging them",
        "ep04", "ep06",
        cross_entropy=patched("cross_entropy", ("-np.mean(", "-np.sum("), docstring=False)),
    _buggy(
        "cross_entropy_naive_softmax_plus_epsilon",
        "cross_entropy is -mean(log(p + 1e-8)) with an unshifted softmax: nan for extreme logits",
        "ep04", "ep06",
        cross_entropy='''
        def cross_entropy(logits, y):
            logits = np.asarray(logits, dtype=float)
            e = np.exp(logits)
            p = e / np.sum(e, axis=1, keepdims=True)
            y = np.asarray(y)
            n = p.shape[0]
            if y.ndim == 1:
                return float(-np.mean(np.log(p[np.arange(n), y] + 1e-8)))
            return float(-np.sum(y * np.log(p + 1e-8)) / n)
        '''),
    _buggy(
        "cross_entropy_wrong_sign",
        "cross_entropy forgets the minus sign, so the loss is negative",
        "ep04 ep06",
        cross_entropy=patched("cross_entropy", ("float(-np.", "float(np."), docstring=False)),
    _buggy(
        "cross_entropy_indexes_columns",
        "picks logp[:, y] (an n x n block) instead of logp[np.arange(n), y]",
        "ep04", "ep06",
        cross_entropy=patched("cross_entropy", ("logp[np.arange(n), y]", "logp[:, y]"),
                              docstring=False)),
    _buggy(
        "cross_entropy_log_of_softmax",
        "cross_entropy takes np.log(softmax(logits)): inf for extreme logits",
        "ep04", "ep06",
        cross_entropy='''
        def cross_entropy(logits, y):
            p = softmax(logits)
            y = np.asarray(y)
            n = p.shape[0]
            if y.ndim == 1:
                return float(-np.mean(np.log(p[np.arange(n), y])))
            return float(-np.sum(y * np.log(p)) / n)
        '''),
    _buggy(
        "cross_entropy_mean_over_all_entries",
        "cross_entropy is -np.mean(Y * logp) over all n*K entries, i.e. divided by K too",
        "ep04 ep06",
        cross_entropy='''
        def cross_entropy(logits, y):
            logp = log_softmax(logits)
            y = np.asarray(y)
            if y.ndim == 1:
                y = one_hot(y, logp.shape[1])
            return float(-np.mean(y * logp))
        '''),
    _buggy(
        "cross_entropy_shifts_logits_in_place",
        "cross_entropy subtracts the row max from logits in place, modifying the caller's array",
        "ep04", "ep06",
        cross_entropy='''
        def cross_entropy(logits, y):
            logits = np.asarray(logits)
            logits -= np.max(logits, axis=1, keepdims=True)
            logp = logits - np.log(np.sum(np.exp(logits), axis=1, keepdims=True))
            y = np.asarray(y)
            n = logp.shape[0]
            if y.ndim == 1:
                return float(-np.mean(logp[np.arange(n), y]))
            return float(-np.sum(y * logp) / n)
        '''),
    _buggy(
        "cross_entropy_per_example_vector",
        "cross_entropy returns the vector of per-example losses, not their mean",
        "ep04 fashion_mnist", "ep06",
        cross_entropy=patched("cross_entropy",
                              ("float(-np.mean(logp[np.arange(n), y]))", "-logp[np.arange(n), y]"),
                              docstring=False)),
    _buggy(
        "cross_entropy_clipped_probabilities",
        "cross_entropy takes log(clip(softmax, 1e-12, 1)): finite but about 27.6 instead of 1e4",
        "ep04", "ep06",
        cross_entropy='''
        def cross_entropy(logits, y):
            p = np.clip(softmax(logits), 1e-12, 1.0)
            y = np.asarray(y)
            n = p.shape[0]
            if y.ndim == 1:
                return float(-np.mean(np.log(p[np.arange(n), y])))
            return float(-np.sum(y * np.log(p)) / n)
        '''),
    _buggy(
        "cross_entropy_stub",
        "cross_entropy left as the handout's NotImplementedError stub",
        "ep04 ep06 fashion_mnist",
        cross_entropy=stub("cross_entropy", "logits, y")),
    # ------------------------------------------------------------------ ep05
    _buggy(
        "grad_not_divided_by_n",
        "cross_entropy_grad returns softmax - Y without the 1/n of the mean",
        "ep05 ep06 fashion_mnist",
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            p = softmax(logits)
            y = np.asarray(y)
            if y.ndim == 1:
                return p - one_hot(y, p.shape[1])
            return p - y
        '''),
    _buggy(
        "grad_subtracts_integer_labels",
        "cross_entropy_grad subtracts the integer label itself from every column (no one-hot)",
        "ep05 fashion_mnist", "ep06",
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            p = softmax(logits)
            y = np.asarray(y)
            n = p.shape[0]
            if y.ndim == 1:
                return (p - y[:, None]) / n
            return (p - y) / n
        '''),
    _buggy(
        "grad_transposed",
        "cross_entropy_grad returns the (K, n) transpose of the gradient",
        "ep05 ep06 fashion_mnist",
        cross_entropy_grad=patched("cross_entropy_grad",
                                   ("(p - target) / n", "((p - target) / n).T"), docstring=False)),
    _buggy(
        "grad_sign_flipped",
        "cross_entropy_grad returns (Y - softmax) / n, the negative gradient",
        "ep05 ep06 fashion_mnist",
        cross_entropy_grad=patched("cross_entropy_grad", ("(p - target)", "(target - p)"),
                                   docstring=False)),
    _buggy(
        "grad_true_class_column_only",
        "cross_entropy_grad fills only the true class entry (p - 1) / n and leaves the rest 0",
        "ep05 fashion_mnist", "ep06",
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            p = softmax(logits)
            y = np.asarray(y)
            n = p.shape[0]
            if y.ndim == 2:
                return (p - y) / n
            rows = np.arange(n)
            dZ = np.zeros_like(p)
            dZ[rows, y] = (p[rows, y] - 1.0) / n
            return dZ
        '''),
    _buggy(
        "grad_naive_softmax",
        "cross_entropy_grad computes its own softmax without the max shift: nan for extreme logits",
        "ep05", "ep06",
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            logits = np.asarray(logits, dtype=float)
            e = np.exp(logits)
            p = e / np.sum(e, axis=1, keepdims=True)
            y = np.asarray(y)
            n, k = p.shape
            target = one_hot(y, k) if y.ndim == 1 else y
            return (p - target) / n
        '''),
    _buggy(
        "grad_divided_by_n_classes",
        "cross_entropy_grad divides by the number of classes K instead of the batch size n",
        "ep05 ep06 fashion_mnist",
        cross_entropy_grad=patched("cross_entropy_grad", ("(p - target) / n", "(p - target) / k"),
                                   docstring=False)),
    _buggy(
        "grad_one_hot_sized_by_largest_label",
        "cross_entropy_grad builds one_hot(y, y.max() + 1): wrong shape when a batch lacks class K-1",
        "ep05", "ep06 fashion_mnist",
        cross_entropy_grad=patched("cross_entropy_grad", ("n, k = p.shape", "n = p.shape[0]"),
                                   ("one_hot(y, k)", "one_hot(y, int(y.max()) + 1)"),
                                   docstring=False)),
    _buggy(
        "grad_stub",
        "cross_entropy_grad left as the handout's NotImplementedError stub",
        "ep05 ep06 fashion_mnist",
        cross_entropy_grad=stub("cross_entropy_grad", "logits, y")),
    # ------------------------------------------------------------------ ep06
    _buggy(
        "one_hot_transposed",
        "one_hot returns a (K, n) array, one column per example",
        "ep06 fashion_mnist",
        one_hot='''
        def one_hot(y, n_classes):
            y = np.asarray(y)
            Y = np.zeros((int(n_classes), y.shape[0]))
            Y[y, np.arange(y.shape[0])] = 1.0
            return Y
        '''),
    _buggy(
        "one_hot_off_by_one",
        "one_hot sets column y - 1 (labels treated as 1-based)",
        "ep06 fashion_mnist",
        one_hot='''
        def one_hot(y, n_classes):
            y = np.asarray(y)
            Y = np.zeros((y.shape[0], int(n_classes)))
            Y[np.arange(y.shape[0]), y - 1] = 1.0
            return Y
        '''),
    _buggy(
        "one_hot_ignores_n_classes",
        "one_hot uses np.eye(y.max() + 1), ignoring n_classes",
        "ep06", "fashion_mnist",
        one_hot='''
        def one_hot(y, n_classes):
            y = np.asarray(y)
            return np.eye(int(y.max()) + 1)[y]
        '''),
    _buggy(
        "one_hot_zeros_called_with_two_sizes",
        "one_hot calls np.zeros(n, K) instead of np.zeros((n, K)) and raises a TypeError",
        "ep06 fashion_mnist",
        one_hot='''
        def one_hot(y, n_classes):
            y = np.asarray(y)
            Y = np.zeros(y.shape[0], n_classes)
            Y[np.arange(y.shape[0]), y] = 1.0
            return Y
        '''),
    _buggy(
        "one_hot_missing",
        "one_hot is not defined",
        "ep06 fashion_mnist",
        one_hot=None),
    _buggy(
        "cross_entropy_integer_labels_only",
        "cross_entropy always indexes logp[arange(n), y], so probability rows raise IndexError",
        "ep06",
        cross_entropy='''
        def cross_entropy(logits, y):
            logp = log_softmax(logits)
            n = logp.shape[0]
            return float(-np.mean(logp[np.arange(n), y]))
        '''),
    _buggy(
        "cross_entropy_soft_labels_as_argmax",
        "cross_entropy turns probability rows into labels with argmax, so soft labels are wrong",
        "ep06",
        cross_entropy='''
        def cross_entropy(logits, y):
            logp = log_softmax(logits)
            y = np.asarray(y)
            if y.ndim == 2:
                y = np.argmax(y, axis=1)
            n = logp.shape[0]
            return float(-np.mean(logp[np.arange(n), y]))
        '''),
    _buggy(
        "grad_integer_labels_only",
        "cross_entropy_grad always calls one_hot(y, K), so probability rows raise",
        "ep06",
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            p = softmax(logits)
            n, k = p.shape
            return (p - one_hot(y, k)) / n
        '''),
    _buggy(
        "grad_soft_labels_not_divided_by_n",
        "for probability rows cross_entropy_grad returns softmax - y without the 1/n",
        "ep06",
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            p = softmax(logits)
            y = np.asarray(y)
            n, k = p.shape
            if y.ndim == 1:
                return (p - one_hot(y, k)) / n
            return p - y
        '''),
    # ------------------------------------------------------------------ ep07
    _buggy(
        "init_params_global_numpy_random",
        "init_params draws W with np.random.normal (global state), ignoring rng",
        "ep07",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            W = np.random.normal(0.0, scale, size=(n_features, n_classes))
            b = np.zeros(n_classes)
            return W, b
        '''),
    _buggy(
        "init_params_transposed_draw",
        "init_params draws rng.standard_normal((K, d)) * scale and transposes it: other weights",
        "ep07",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            W = (rng.standard_normal((n_classes, n_features)) * scale).T
            b = np.zeros(n_classes)
            return W, b
        '''),
    _buggy(
        "init_params_uniform",
        "init_params draws W uniformly from [-scale, scale] instead of N(0, scale^2)",
        "ep07",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            W = rng.uniform(-scale, scale, size=(n_features, n_classes))
            b = np.zeros(n_classes)
            return W, b
        '''),
    _buggy(
        "init_params_bias_drawn_first",
        "init_params draws a random bias first, then W: nonzero bias and shifted weights",
        "ep07",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            b = rng.normal(0.0, scale, size=n_classes)
            W = rng.normal(0.0, scale, size=(n_features, n_classes))
            return W, b
        '''),
    _buggy(
        "init_params_bias_ones",
        "init_params starts the bias at ones instead of zeros",
        "ep07",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            W = rng.normal(0.0, scale, size=(n_features, n_classes))
            b = np.ones(n_classes)
            return W, b
        '''),
    _buggy(
        "init_params_ignores_scale",
        "init_params always uses standard deviation 0.01, whatever scale is passed",
        "ep07",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            W = rng.normal(0.0, 0.01, size=(n_features, n_classes))
            b = np.zeros(n_classes)
            return W, b
        '''),
    _buggy(
        "init_params_scale_as_variance",
        "init_params treats scale as the variance: std sqrt(scale)",
        "ep07",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            W = rng.normal(0.0, np.sqrt(scale), size=(n_features, n_classes))
            b = np.zeros(n_classes)
            return W, b
        '''),
    _buggy(
        "init_params_own_generator",
        "init_params makes its own np.random.default_rng(0) instead of using rng",
        "ep07",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            rng = np.random.default_rng(0)
            W = rng.normal(0.0, scale, size=(n_features, n_classes))
            b = np.zeros(n_classes)
            return W, b
        '''),
    _buggy(
        "init_params_default_scale_0_1",
        "init_params has default scale=0.1 instead of 0.01",
        "ep07",
        init_params=patched("init_params", ("scale=0.01)", "scale=0.1)"))),
    _buggy(
        "init_params_zero_weights",
        "init_params returns all-zero weights (no random draw)",
        "ep07",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            return np.zeros((n_features, n_classes)), np.zeros(n_classes)
        '''),
    _buggy(
        "init_params_stub",
        "init_params left as the handout's NotImplementedError stub",
        "ep07 fashion_mnist",
        init_params=stub("init_params", "n_features, n_classes, rng, scale=0.01")),
    # ------------------------------------------------------------------ ep08
    _buggy(
        "l2_penalty_without_half",
        "l2_penalty is reg * sum(W**2), without the 0.5",
        "ep08",
        l2_penalty='''
        def l2_penalty(W, reg):
            return reg * float(np.sum(W * W)), reg * W
        '''),
    _buggy(
        "l2_penalty_gradient_doubled",
        "l2_penalty has the 0.5 in the penalty but returns dW = 2 * reg * W",
        "ep08",
        l2_penalty='''
        def l2_penalty(W, reg):
            return 0.5 * reg * float(np.sum(W * W)), 2 * reg * W
        '''),
    _buggy(
        "l2_penalty_squares_the_sum",
        "l2_penalty is 0.5 * reg * sum(W)**2 (square of the sum, not sum of squares)",
        "ep08",
        l2_penalty='''
        def l2_penalty(W, reg):
            return 0.5 * reg * float(np.sum(W) ** 2), reg * W
        '''),
    _buggy(
        "l2_penalty_scales_W_in_place",
        "l2_penalty sets dW = W; dW *= reg, which scales the caller's W in place",
        "ep08 fashion_mnist",
        l2_penalty='''
        def l2_penalty(W, reg):
            penalty = 0.5 * reg * float(np.sum(W * W))
            dW = W
            dW *= reg
            return penalty, dW
        '''),
    _buggy(
        "l2_penalty_stub",
        "l2_penalty left as the handout's NotImplementedError stub",
        "ep08 fashion_mnist",
        l2_penalty=stub("l2_penalty", "W, reg")),
    _buggy(
        "loss_and_grad_regularises_bias",
        "loss_and_grad adds the L2 penalty (and its gradient) for b as well",
        "ep08",
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = X @ W + b
            dZ = cross_entropy_grad(Z, y)
            penalty_W, dW_reg = l2_penalty(W, reg)
            penalty_b, db_reg = l2_penalty(b, reg)
            loss = cross_entropy(Z, y) + penalty_W + penalty_b
            return loss, X.T @ dZ + dW_reg, np.sum(dZ, axis=0) + db_reg
        '''),
    _buggy(
        "loss_and_grad_no_penalty_gradient",
        "loss_and_grad adds the penalty to the loss but not reg * W to dW",
        "ep08",
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = X @ W + b
            dZ = cross_entropy_grad(Z, y)
            penalty, _ = l2_penalty(W, reg)
            loss = cross_entropy(Z, y) + penalty
            return loss, X.T @ dZ, np.sum(dZ, axis=0)
        '''),
    _buggy(
        "loss_and_grad_loss_without_penalty",
        "loss_and_grad returns the plain cross-entropy as the loss, without the penalty",
        "ep08",
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = X @ W + b
            dZ = cross_entropy_grad(Z, y)
            _, dW_reg = l2_penalty(W, reg)
            return cross_entropy(Z, y), X.T @ dZ + dW_reg, np.sum(dZ, axis=0)
        '''),
    _buggy(
        "loss_and_grad_data_gradient_sign_flipped",
        "loss_and_grad uses dW = -X.T @ dZ + reg * W (sign error in the chain rule)",
        "ep08 fashion_mnist",
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = X @ W + b
            dZ = cross_entropy_grad(Z, y)
            penalty, dW_reg = l2_penalty(W, reg)
            loss = cross_entropy(Z, y) + penalty
            return loss, -(X.T @ dZ) + dW_reg, np.sum(dZ, axis=0)
        '''),
    _buggy(
        "loss_and_grad_db_mean",
        "loss_and_grad takes db as the mean of dZ over the batch instead of the sum",
        "ep08",
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = X @ W + b
            dZ = cross_entropy_grad(Z, y)
            penalty, dW_reg = l2_penalty(W, reg)
            loss = cross_entropy(Z, y) + penalty
            return loss, X.T @ dZ + dW_reg, np.mean(dZ, axis=0)
        '''),
    _buggy(
        "loss_and_grad_dW_transposed",
        "loss_and_grad computes dZ.T @ X, a (K, d) matrix, instead of X.T @ dZ",
        "ep08 fashion_mnist",
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = X @ W + b
            dZ = cross_entropy_grad(Z, y)
            penalty, dW_reg = l2_penalty(W, reg)
            loss = cross_entropy(Z, y) + penalty
            return loss, dZ.T @ X + dW_reg, np.sum(dZ, axis=0)
        '''),
    _buggy(
        "loss_and_grad_logits_without_bias",
        "loss_and_grad computes the logits as X @ W, leaving out b",
        "ep08 fashion_mnist",
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = X @ W
            dZ = cross_entropy_grad(Z, y)
            penalty, dW_reg = l2_penalty(W, reg)
            loss = cross_entropy(Z, y) + penalty
            return loss, X.T @ dZ + dW_reg, np.sum(dZ, axis=0)
        '''),
    _buggy(
        "loss_and_grad_divides_by_n_twice",
        "loss_and_grad divides X.T @ dZ by n again, though dZ already carries the 1/n",
        "ep08 fashion_mnist",
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = X @ W + b
            dZ = cross_entropy_grad(Z, y)
            penalty, dW_reg = l2_penalty(W, reg)
            loss = cross_entropy(Z, y) + penalty
            return loss, X.T @ dZ / X.shape[0] + dW_reg, np.sum(dZ, axis=0)
        '''),
    _buggy(
        "loss_and_grad_missing",
        "loss_and_grad is not defined",
        "ep08 fashion_mnist",
        loss_and_grad=None),
    # ------------------------------------------------------------------ ep09
    _buggy(
        "minibatches_without_shuffle",
        "minibatches slices np.arange(n) in order, never shuffling",
        "ep09",
        minibatches='''
        def minibatches(n, batch_size, rng):
            order = np.arange(n)
            return [order[i:i + batch_size] for i in range(0, n, batch_size)]
        '''),
    _buggy(
        "minibatches_drops_last_partial_batch",
        "minibatches drops the last, smaller batch",
        "ep09",
        minibatches='''
        def minibatches(n, batch_size, rng):
            perm = rng.permutation(n)
            return [perm[i:i + batch_size] for i in range(0, n - batch_size + 1, batch_size)]
        '''),
    _buggy(
        "minibatches_cached_permutation",
        "minibatches caches the first permutation in a module-level dict and reuses it every epoch",
        "ep09",
        minibatches='''
        def minibatches(n, batch_size, rng):
            if n not in _PERMUTATIONS:
                _PERMUTATIONS[n] = rng.permutation(n)
            perm = _PERMUTATIONS[n]
            return [perm[i:i + batch_size] for i in range(0, n, batch_size)]
        ''',
        extra="_PERMUTATIONS = {}"),
    _buggy(
        "minibatches_global_permutation",
        "minibatches shuffles with np.random.permutation (global state), ignoring rng",
        "ep09",
        minibatches='''
        def minibatches(n, batch_size, rng):
            perm = np.random.permutation(n)
            return [perm[i:i + batch_size] for i in range(0, n, batch_size)]
        '''),
    _buggy(
        "minibatches_with_replacement",
        "minibatches samples indices with replacement (rng.integers), repeating some and missing others",
        "ep09",
        minibatches='''
        def minibatches(n, batch_size, rng):
            idx = rng.integers(0, n, size=n)
            return [idx[i:i + batch_size] for i in range(0, n, batch_size)]
        '''),
    _buggy(
        "minibatches_balanced_array_split",
        "minibatches uses np.array_split into ceil(n / batch_size) parts: balanced sizes, not batch_size",
        "ep09",
        minibatches='''
        def minibatches(n, batch_size, rng):
            perm = rng.permutation(n)
            return np.array_split(perm, int(np.ceil(n / batch_size)))
        '''),
    _buggy(
        "minibatches_choice_without_replacement",
        "minibatches draws rng.choice(n, n, replace=False), a different draw than rng.permutation(n)",
        "ep09",
        minibatches='''
        def minibatches(n, batch_size, rng):
            perm = rng.choice(n, size=n, replace=False)
            return [perm[i:i + batch_size] for i in range(0, n, batch_size)]
        '''),
    _buggy(
        "minibatches_one_short",
        "minibatches slices perm[i:i + batch_size - 1], losing one example per batch",
        "ep09",
        minibatches='''
        def minibatches(n, batch_size, rng):
            perm = rng.permutation(n)
            return [perm[i:i + batch_size - 1] for i in range(0, n, batch_size)]
        '''),
    _buggy(
        "minibatches_missing",
        "minibatches is not defined (train cannot run)",
        "ep09 fashion_mnist",
        minibatches=None),
    _buggy(
        "train_private_loss_and_grad",
        "train calls its own helper _batch_loss_and_grad instead of the module's loss_and_grad",
        "ep09", "ep10",
        train=patched("train", ("loss, dW, db = loss_and_grad(",
                                "loss, dW, db = _batch_loss_and_grad(")),
        extra='''
        def _batch_loss_and_grad(W, b, X, y, reg):
            Z = X @ W + b
            Z = Z - Z.max(axis=1, keepdims=True)
            logp = Z - np.log(np.exp(Z).sum(axis=1, keepdims=True))
            n, k = Z.shape
            loss = -logp[np.arange(n), y].mean() + 0.5 * reg * np.sum(W ** 2)
            dZ = np.exp(logp)
            dZ[np.arange(n), y] -= 1.0
            dZ /= n
            return loss, X.T @ dZ + reg * W, dZ.sum(axis=0)
        '''),
    _buggy(
        "train_reseeds_every_epoch",
        "train calls np.random.default_rng(seed) again at the start of every epoch",
        "ep09", "ep10",
        train=patched("train", ("        batch_losses = []\n",
                                "        rng = np.random.default_rng(seed)\n"
                                "        batch_losses = []\n"))),
    _buggy(
        "train_unseeded_generator",
        "train makes np.random.default_rng() without the seed, so runs are not reproducible",
        "ep09", "ep10",
        train=patched("train", ("np.random.default_rng(seed)", "np.random.default_rng()"))),
    _buggy(
        "train_gradient_ascent",
        "train steps uphill: W += lr * dW and b += lr * db",
        "ep09 fashion_mnist", "ep10",
        train=patched("train", ("W = W - lr * dW", "W = W + lr * dW"),
                      ("b = b - lr * db", "b = b + lr * db"))),
    _buggy(
        "train_ignores_lr",
        "train hard-codes the step size 0.1 instead of using lr",
        "ep09", "ep10",
        train=patched("train", ("W = W - lr * dW", "W = W - 0.1 * dW"),
                      ("b = b - lr * db", "b = b - 0.1 * db"))),
    _buggy(
        "train_zero_init",
        "train starts from zero weights instead of calling init_params",
        "ep09", "ep10",
        train=patched("train", ("W, b = init_params(d, k, rng)",
                                "W, b = np.zeros((d, k)), np.zeros(k)"))),
    _buggy(
        "train_centres_X_in_place",
        "train centres the features with X -= X.mean(axis=0), modifying the caller's X",
        "ep09 fashion_mnist", "ep10",
        train=patched("train", ("    y = np.asarray(y)\n",
                                "    y = np.asarray(y)\n    X -= X.mean(axis=0)\n"))),
    _buggy(
        "train_minibatches_once",
        "train calls minibatches once before the epoch loop and reuses those batches every epoch",
        "ep09", "ep10",
        train=patched("train", ("    for _ in range(epochs):\n",
                                "    batches = minibatches(n, batch_size, rng)\n"
                                "    for _ in range(epochs):\n"),
                      ("for idx in minibatches(n, batch_size, rng):", "for idx in batches:"))),
    _buggy(
        "train_lr_divided_by_batch_size",
        "train steps with lr / len(batch), though the gradient is already a batch mean",
        "ep09 fashion_mnist", "ep10",
        train=patched("train", ("W = W - lr * dW", "W = W - lr / len(idx) * dW"),
                      ("b = b - lr * db", "b = b - lr / len(idx) * db"))),
    _buggy(
        "train_new_generator_per_epoch_for_batches",
        "train shuffles each epoch with np.random.default_rng(seed + epoch) instead of rng",
        "ep09", "ep10",
        train=patched("train", ("for _ in range(epochs):", "for epoch in range(epochs):"),
                      ("minibatches(n, batch_size, rng)",
                       "minibatches(n, batch_size, np.random.default_rng(seed + epoch))"))),
    _buggy(
        "train_one_step_per_epoch",
        "train adds up the batch gradients and takes a single step at the end of each epoch",
        "ep09 fashion_mnist", "ep10",
        train=patched("train", ("        batch_losses = []\n",
                                "        batch_losses = []\n"
                                "        sum_dW, sum_db = np.zeros_like(W), np.zeros_like(b)\n"),
                      ("            W = W - lr * dW\n            b = b - lr * db\n",
                       "            sum_dW = sum_dW + dW\n            sum_db = sum_db + db\n"),
                      ("        history[\"train_loss\"]",
                       "        W = W - lr * sum_dW\n        b = b - lr * sum_db\n"
                       "        history[\"train_loss\"]"))),
    _buggy(
        "train_init_params_with_n_examples",
        "train calls init_params(n, K, rng) with the number of examples instead of features",
        "ep09 ep10 fashion_mnist",
        train=patched("train", ("init_params(d, k, rng)", "init_params(n, k, rng)"))),
    _buggy(
        "train_missing",
        "train is not defined",
        "ep09 ep10 fashion_mnist",
        train=None),
    # ------------------------------------------------------------------ ep10
    _buggy(
        "history_last_batch_loss",
        "history['train_loss'] records the epoch's last batch loss instead of the mean",
        "ep10",
        train=patched("train", ('history["train_loss"].append(float(np.mean(batch_losses)))',
                                'history["train_loss"].append(float(loss))'))),
    _buggy(
        "history_sum_of_batch_losses",
        "history['train_loss'] records the sum of the epoch's batch losses",
        "ep10",
        train=patched("train", ("float(np.mean(batch_losses))", "float(np.sum(batch_losses))"))),
    _buggy(
        "history_loss_weighted_by_batch_size",
        "history['train_loss'] weights each batch loss by its size (sum(loss * m) / n)",
        "ep10",
        train=patched("train", ("batch_losses.append(float(loss))",
                                "batch_losses.append(float(loss) * len(idx))"),
                      ("float(np.mean(batch_losses))", "float(np.sum(batch_losses) / n)"))),
    _buggy(
        "history_val_acc_on_training_data",
        "history['val_acc'] is the accuracy on the training data, not the validation data",
        "ep10",
        train=patched("train", ("predict(W, b, X_val) == np.asarray(y_val)",
                                "predict(W, b, X) == y"))),
    _buggy(
        "history_val_acc_before_updates",
        "history['val_acc'] is measured at the start of each epoch, before its SGD steps",
        "ep10",
        train=patched("train", (
            "        batch_losses = []\n",
            "        batch_losses = []\n"
            "        if monitor:\n"
            "            accuracy = np.mean(predict(W, b, X_val) == np.asarray(y_val))\n"
            "            history[\"val_acc\"].append(float(accuracy))\n"), (
            "        history[\"train_loss\"].append(float(np.mean(batch_losses)))\n"
            "        if monitor:\n"
            "            accuracy = np.mean(predict(W, b, X_val) == np.asarray(y_val))\n"
            "            history[\"val_acc\"].append(float(accuracy))\n",
            "        history[\"train_loss\"].append(float(np.mean(batch_losses)))\n"))),
    _buggy(
        "history_val_acc_only_after_training",
        "history['val_acc'] holds one accuracy measured after the last epoch, not one per epoch",
        "ep10",
        train=patched("train", (
            "        if monitor:\n"
            "            accuracy = np.mean(predict(W, b, X_val) == np.asarray(y_val))\n"
            "            history[\"val_acc\"].append(float(accuracy))\n",
            "    if monitor:\n"
            "        accuracy = np.mean(predict(W, b, X_val) == np.asarray(y_val))\n"
            "        history[\"val_acc\"].append(float(accuracy))\n"))),
    _buggy(
        "history_mutable_default_argument",
        "history is a mutable default argument, so a second call appends to the first call's lists",
        "ep10", "ep09",
        train=patched("train", ("seed=0):", 'seed=0, history={"train_loss": [], "val_acc": []}):'),
                      ('    history = {"train_loss": [], "val_acc": []}\n', ""))),
    _buggy(
        "history_misspelled_keys",
        "history uses the keys 'train_losses' and 'val_accuracy'",
        "ep10",
        train=patched("train", ('"train_loss"', '"train_losses"'), ('"val_acc"', '"val_accuracy"'))),
    _buggy(
        "history_val_acc_in_percent",
        "history['val_acc'] is stored in percent (0-100) instead of a fraction",
        "ep10",
        train=patched("train", ("float(accuracy)", "float(100 * accuracy)"))),
    _buggy(
        "history_val_acc_counts_correct",
        "history['val_acc'] is the number of correct predictions, not the fraction",
        "ep10",
        train=patched("train", ("np.mean(predict(W, b, X_val) == np.asarray(y_val))",
                                "np.sum(predict(W, b, X_val) == np.asarray(y_val))"))),
    _buggy(
        "history_always_evaluates_validation",
        "train evaluates predict(W, b, X_val) every epoch even when no validation data is given",
        "ep10 fashion_mnist", "ep09",
        train=patched("train", ("monitor = X_val is not None and y_val is not None",
                                "monitor = True"))),
    _buggy(
        "history_loss_on_full_training_set",
        "history['train_loss'] is loss_and_grad on the whole training set after the epoch",
        "ep10", "ep09",
        train=patched("train", ("float(np.mean(batch_losses))",
                                "float(loss_and_grad(W, b, X, y, reg)[0])"))),
    # ---------------------------------------------------------- fashion_mnist
    _buggy(
        "default_lr_0_001",
        "train's default learning rate is 0.001: too slow for 10 epochs",
        "fashion_mnist",
        train=patched("train", ("lr=0.1,", "lr=0.001,"))),
    _buggy(
        "default_one_epoch",
        "train's default is epochs=1: one pass reaches only about 0.80 test accuracy",
        "fashion_mnist",
        train=patched("train", ("epochs=10,", "epochs=1,"))),
    _buggy(
        "default_batch_size_full_dataset",
        "train's default batch_size is 60000: only 10 full-batch steps",
        "fashion_mnist",
        train=patched("train", ("batch_size=128,", "batch_size=60000,"))),
    _buggy(
        "default_reg_0_1",
        "train's default reg is 0.1: the L2 penalty crushes the weights",
        "fashion_mnist", "ep10",
        train=patched("train", ("reg=1e-4,", "reg=0.1,"))),
    _buggy(
        "default_lr_0_0001_and_one_epoch",
        "train's defaults are lr=1e-4 and epochs=1 (copied from a debugging run)",
        "fashion_mnist",
        train=patched("train", ("epochs=10,", "epochs=1,"), ("lr=0.1,", "lr=1e-4,"))),
]


# ====================================================================== CORRECT
def _correct(name, description, **replacements):
    extra = replacements.pop("extra", None)
    if extra is not None:
        replacements[EXTRA] = extra
    return Variant(name, description, replacements)


CORRECT = [
    _correct(
        "correct_train_passes_one_hot_rows",
        "train turns y into one-hot rows once and passes those rows to loss_and_grad, "
        "whose cross_entropy and cross_entropy_grad accept them",
        train=patched("train",
                      ("    history = {", "    Y = one_hot(y, k)\n    history = {"),
                      ("loss_and_grad(W, b, X[idx], y[idx], reg)",
                       "loss_and_grad(W, b, X[idx], Y[idx], reg)"))),
    _correct(
        "correct_python_loops",
        "row-by-row Python loops in softmax, log_softmax, predict, the loss, its gradient and one_hot",
        softmax='''
        def softmax(z):
            z = np.asarray(z)
            if z.dtype.kind != "f":
                z = z.astype(np.float64)
            if z.ndim == 1:
                e = np.exp(z - z.max())
                return e / e.sum()
            out = np.empty_like(z)
            for i in range(z.shape[0]):
                e = np.exp(z[i] - z[i].max())
                out[i] = e / e.sum()
            return out
        ''',
        log_softmax='''
        def log_softmax(z):
            z = np.asarray(z)
            if z.dtype.kind != "f":
                z = z.astype(np.float64)
            if z.ndim == 1:
                shifted = z - z.max()
                return shifted - np.log(np.exp(shifted).sum())
            out = np.empty_like(z)
            for i in range(z.shape[0]):
                shifted = z[i] - z[i].max()
                out[i] = shifted - np.log(np.exp(shifted).sum())
            return out
        ''',
        predict='''
        def predict(W, b, X):
            labels = np.zeros(X.shape[0], dtype=np.int64)
            for i in range(X.shape[0]):
                scores = X[i] @ W + b
                best = 0
                for k in range(1, scores.shape[0]):
                    if scores[k] > scores[best]:
                        best = k
                labels[i] = best
            return labels
        ''',
        cross_entropy='''
        def cross_entropy(logits, y):
            logp = log_softmax(logits)
            y = np.asarray(y)
            n = logp.shape[0]
            total = 0.0
            for i in range(n):
                if y.ndim == 1:
                    total -= logp[i, y[i]]
                else:
                    total -= float(np.dot(y[i], logp[i]))
            return total / n
        ''',
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            p = softmax(logits)
            y = np.asarray(y)
            n, k = p.shape
            dZ = np.empty_like(p)
            for i in range(n):
                target = one_hot(y[i:i + 1], k)[0] if y.ndim == 1 else y[i]
                dZ[i] = (p[i] - target) / n
            return dZ
        ''',
        one_hot='''
        def one_hot(y, n_classes):
            Y = np.zeros((len(y), n_classes))
            for i, label in enumerate(y):
                Y[i, int(label)] = 1.0
            return Y
        '''),
    _correct(
        "correct_einsum",
        "predict, l2_penalty and loss_and_grad written with np.einsum",
        predict='''
        def predict(W, b, X):
            return (np.einsum("nd,dk->nk", X, W) + b).argmax(axis=1)
        ''',
        l2_penalty='''
        def l2_penalty(W, reg):
            return 0.5 * reg * float(np.einsum("ij,ij->", W, W)), reg * W
        ''',
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = np.einsum("nd,dk->nk", X, W) + b
            dZ = cross_entropy_grad(Z, y)
            penalty, dW_reg = l2_penalty(W, reg)
            dW = np.einsum("nd,nk->dk", X, dZ) + dW_reg
            db = np.einsum("nk->k", dZ)
            return cross_entropy(Z, y) + penalty, dW, db
        '''),
    _correct(
        "correct_logaddexp_reduce",
        "log_softmax through np.logaddexp.reduce, softmax as exp(log_softmax)",
        log_softmax='''
        def log_softmax(z):
            z = np.asarray(z)
            if z.dtype.kind != "f":
                z = z.astype(np.float64)
            return z - np.logaddexp.reduce(z, axis=-1, keepdims=True)
        ''',
        softmax='''
        def softmax(z):
            return np.exp(log_softmax(z))
        '''),
    _correct(
        "correct_log1p_logsumexp",
        "hand-written log-sum-exp with np.log1p; cross_entropy as mean(lse - z_y) without log_softmax",
        log_softmax='''
        def log_softmax(z):
            z = np.asarray(z)
            if z.dtype.kind != "f":
                z = z.astype(np.float64)
            return z - _logsumexp(z)
        ''',
        cross_entropy='''
        def cross_entropy(logits, y):
            z = np.asarray(logits, dtype=float)
            lse = _logsumexp(z)[:, 0]
            y = np.asarray(y)
            if y.ndim == 1:
                return float(np.mean(lse - z[np.arange(len(z)), y]))
            return float(np.mean(np.sum(y * (lse[:, None] - z), axis=1)))
        ''',
        extra='''
        def _logsumexp(z):
            """log(sum(exp(z))) along the last axis, kept as a column."""
            m = np.max(z, axis=-1, keepdims=True)
            rest = np.sum(np.exp(z - m), axis=-1, keepdims=True) - 1.0
            return m + np.log1p(rest)
        '''),
    _correct(
        "correct_float32_preserving",
        "every function computes in the input's floating dtype (float32 stays float32)",
        softmax='''
        def softmax(z):
            z = np.asarray(z)
            z = z.astype(np.result_type(z.dtype, np.float32), copy=False)
            e = np.exp(z - z.max(axis=-1, keepdims=True))
            return e / e.sum(axis=-1, keepdims=True)
        ''',
        log_softmax='''
        def log_softmax(z):
            z = np.asarray(z)
            z = z.astype(np.result_type(z.dtype, np.float32), copy=False)
            shifted = z - z.max(axis=-1, keepdims=True)
            return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        ''',
        cross_entropy_grad=patched(
            "cross_entropy_grad",
            ("(p - target) / n", "(p - target.astype(p.dtype, copy=False)) / p.dtype.type(n)"),
            docstring=False),
        one_hot='''
        def one_hot(y, n_classes, dtype=np.float64):
            y = np.asarray(y)
            Y = np.zeros((y.shape[0], int(n_classes)), dtype=dtype)
            Y[np.arange(y.shape[0]), y] = 1
            return Y
        ''',
        l2_penalty='''
        def l2_penalty(W, reg):
            W = np.asarray(W)
            return 0.5 * reg * float(np.sum(np.square(W))), W.dtype.type(reg) * W
        ''',
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = X @ W + b
            dZ = cross_entropy_grad(Z, y)
            penalty, dW_reg = l2_penalty(W, reg)
            loss = cross_entropy(Z, y) + penalty
            return loss, X.T @ dZ + dW_reg, dZ.sum(axis=0, dtype=dZ.dtype)
        '''),
    _correct(
        "correct_softmax_via_log_softmax",
        "softmax is np.exp(log_softmax(z)); the gradient reuses it",
        softmax='''
        def softmax(z):
            return np.exp(log_softmax(z))
        '''),
    _correct(
        "correct_one_hot_everywhere",
        "one_hot via np.eye(K)[y]; loss and gradient always convert integer labels to one-hot rows",
        one_hot='''
        def one_hot(y, n_classes):
            return np.eye(n_classes)[np.asarray(y)]
        ''',
        cross_entropy='''
        def cross_entropy(logits, y):
            logp = log_softmax(logits)
            y = np.asarray(y)
            Y = one_hot(y, logp.shape[1]) if y.ndim == 1 else y
            return float(-np.sum(Y * logp) / logp.shape[0])
        ''',
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            p = softmax(logits)
            y = np.asarray(y)
            Y = one_hot(y, p.shape[1]) if y.ndim == 1 else y
            return np.subtract(p, Y) / p.shape[0]
        '''),
    _correct(
        "correct_take_along_axis",
        "cross_entropy picks log-probabilities with np.take_along_axis; the gradient uses put_along_axis",
        cross_entropy='''
        def cross_entropy(logits, y):
            logp = log_softmax(logits)
            y = np.asarray(y)
            if y.ndim == 2:
                return float(-(y * logp).sum(axis=1).mean())
            picked = np.take_along_axis(logp, y[:, None].astype(np.intp), axis=1)
            return float(-picked.mean())
        ''',
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            p = softmax(logits)
            y = np.asarray(y)
            n = p.shape[0]
            if y.ndim == 2:
                return (p - y) / n
            dZ = np.array(p, dtype=p.dtype, copy=True)
            index = y[:, None].astype(np.intp)
            np.put_along_axis(dZ, index, np.take_along_axis(dZ, index, axis=1) - 1, axis=1)
            return dZ / n
        '''),
    _correct(
        "correct_cs231n_style",
        "in-place p[arange, y] -= 1 gradient, predict via softmax probabilities, "
        "standard_normal * scale, shuffle(arange), a batch generator and in-place SGD steps",
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            y = np.asarray(y)
            dZ = softmax(logits)
            n = dZ.shape[0]
            if y.ndim == 2:
                dZ = dZ - y
            else:
                dZ[np.arange(n), y] -= 1
            dZ /= n
            return dZ
        ''',
        predict='''
        def predict(W, b, X):
            probabilities = softmax(X @ W + b)
            return np.argmax(probabilities, axis=1)
        ''',
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            W = rng.standard_normal((n_features, n_classes)) * scale
            return W, np.zeros(n_classes)
        ''',
        minibatches='''
        def minibatches(n, batch_size, rng):
            order = np.arange(n)
            rng.shuffle(order)
            for start in range(0, n, batch_size):
                yield order[start:start + batch_size]
        ''',
        train='''
        def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
                  batch_size=128, lr=0.1, reg=1e-4, seed=0):
            n, d = X.shape
            K = n_classes if n_classes is not None else int(np.max(y)) + 1
            rng = np.random.default_rng(seed)
            W, b = init_params(d, K, rng)
            W = np.array(W, dtype=float)
            b = np.array(b, dtype=float)
            history = {"train_loss": [], "val_acc": []}
            for epoch in range(epochs):
                losses = []
                for batch in minibatches(n, batch_size, rng):
                    loss, dW, db = loss_and_grad(W, b, X[batch], y[batch], reg)
                    W -= lr * dW
                    b -= lr * db
                    losses.append(loss)
                history["train_loss"].append(float(np.mean(losses)))
                if X_val is not None and y_val is not None:
                    history["val_acc"].append(float((predict(W, b, X_val) == y_val).mean()))
            return W, b, history
        '''),
    _correct(
        "correct_transposed_algebra",
        "predict and loss_and_grad written with W.T and transposes; l2_penalty with np.vdot",
        predict='''
        def predict(W, b, X):
            scores = W.T @ X.T + b[:, None]
            return scores.argmax(axis=0)
        ''',
        l2_penalty='''
        def l2_penalty(W, reg):
            return 0.5 * reg * float(np.vdot(W, W)), reg * W
        ''',
        loss_and_grad='''
        def loss_and_grad(W, b, X, y, reg):
            Z = (W.T @ X.T).T + b
            dZ = cross_entropy_grad(Z, y)
            penalty, dW_reg = l2_penalty(W, reg)
            dW = (dZ.T @ X).T + dW_reg
            db = np.ones(X.shape[0]) @ dZ
            return penalty + cross_entropy(Z, y), dW, db
        '''),
    _correct(
        "correct_generator_batches_running_sum",
        "minibatches as a while-loop generator; train keeps a running loss sum and extra history keys",
        minibatches='''
        def minibatches(n, batch_size, rng):
            perm = rng.permutation(n)
            start = 0
            while start < n:
                yield perm[start:start + batch_size]
                start += batch_size
        ''',
        train='''
        def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
                  batch_size=128, lr=0.1, reg=1e-4, seed=0):
            X = np.asarray(X)
            y = np.asarray(y)
            if n_classes is None:
                n_classes = int(y.max()) + 1
            rng = np.random.default_rng(seed)
            W, b = init_params(X.shape[1], n_classes, rng)
            history = {"train_loss": [], "val_acc": [], "epoch": [], "steps": []}
            steps = 0
            for epoch in range(epochs):
                total, count = 0.0, 0
                for idx in minibatches(X.shape[0], batch_size, rng):
                    loss, dW, db = loss_and_grad(W, b, X[idx], y[idx], reg)
                    W, b = W - lr * dW, b - lr * db
                    total += float(loss)
                    count += 1
                    steps += 1
                history["train_loss"].append(total / count)
                history["epoch"].append(epoch + 1)
                history["steps"].append(steps)
                if X_val is None or y_val is None:
                    continue
                correct = predict(W, b, X_val) == np.asarray(y_val)
                history["val_acc"].append(correct.sum() / len(correct))
            return W, b, history
        '''),
    _correct(
        "correct_flat_draw_and_np_split",
        "init_params draws d*K normals by keyword and reshapes; minibatches cuts with np.split",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            W = rng.normal(loc=0.0, scale=scale, size=n_features * n_classes)
            W = W.reshape(n_features, n_classes)
            return W, np.zeros_like(W[0])
        ''',
        minibatches='''
        def minibatches(n, batch_size, rng):
            return np.split(rng.permutation(n), np.arange(batch_size, n, batch_size))
        '''),
    _correct(
        "correct_train_copies_and_list_mean",
        "train copies X and W, keeps per-epoch loss lists and averages them with sum/len",
        train='''
        def train(X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10,
                  batch_size=128, lr=0.1, reg=1e-4, seed=0):
            X = np.array(X, copy=True)
            y = np.array(y, copy=True)
            n_examples, n_features = X.shape
            n_classes = int(y.max()) + 1 if n_classes is None else int(n_classes)
            rng = np.random.default_rng(seed)
            W, b = init_params(n_features, n_classes, rng)
            W, b = W.copy(), b.copy()
            train_loss, val_acc = [], []
            have_validation = X_val is not None and y_val is not None
            for _ in range(epochs):
                epoch_losses = [
                    _step(W, b, X[idx], y[idx], lr, reg)
                    for idx in minibatches(n_examples, batch_size, rng)
                ]
                train_loss.append(sum(epoch_losses) / len(epoch_losses))
                if have_validation:
                    val_acc.append(float(np.mean(predict(W, b, X_val) == y_val)))
            return W, b, {"train_loss": train_loss, "val_acc": val_acc}
        ''',
        extra='''
        def _step(W, b, X_batch, y_batch, lr, reg):
            """One SGD step on W and b in place; returns the batch loss."""
            loss, dW, db = loss_and_grad(W, b, X_batch, y_batch, reg)
            W -= lr * dW
            b -= lr * db
            return float(loss)
        '''),
    _correct(
        "correct_inline_stable_formulas",
        "softmax and log_softmax through a shared shifted-exp helper; l2_penalty via np.linalg.norm",
        softmax='''
        def softmax(z):
            shifted, e = _shifted_exp(z)
            return e / e.sum(axis=-1, keepdims=True)
        ''',
        log_softmax='''
        def log_softmax(z):
            shifted, e = _shifted_exp(z)
            return shifted - np.log(e.sum(axis=-1, keepdims=True))
        ''',
        l2_penalty='''
        def l2_penalty(W, reg):
            return 0.5 * reg * np.linalg.norm(W) ** 2, np.multiply(reg, W)
        ''',
        extra='''
        def _shifted_exp(z):
            z = np.asarray(z)
            if not np.issubdtype(z.dtype, np.floating):
                z = z.astype(float)
            shifted = z - z.max(axis=-1, keepdims=True)
            return shifted, np.exp(shifted)
        '''),
    _correct(
        "correct_predict_loop_and_list_batches",
        "predict loops over examples with np.argmax per row; minibatches builds its list with a loop",
        predict='''
        def predict(W, b, X):
            return np.array([int(np.argmax(row @ W + b)) for row in X], dtype=np.int64)
        ''',
        minibatches='''
        def minibatches(n, batch_size, rng):
            perm = rng.permutation(n)
            batches = []
            for start in range(0, n, batch_size):
                batches.append(perm[start:min(start + batch_size, n)])
            return batches
        '''),
]


# ======================================================================== FILES
@dataclass
class FileSubmission:
    """A whole ``softmax.py`` written from scratch, kept in ``files/``.

    Its labels come from the last ``loses:`` and ``may_lose:`` lines of the
    module docstring (absent or empty: a correct file).
    """

    name: str
    path: Path
    description: str
    loses: tuple = ()
    may_lose: tuple = ()

    @property
    def correct(self):
        return not self.loses and not self.may_lose

    def source(self):
        return self.path.read_text()


def _file_submission(path):
    doc = ast.get_docstring(ast.parse(path.read_text())) or ""
    labels = {"loses": (), "may_lose": ()}
    for line in doc.splitlines():
        match = re.match(r"^\s*(loses|may_lose):(.*)$", line)
        if match:
            labels[match[1]] = tuple(match[2].split())
    for ids in labels.values():
        unknown = set(ids) - set(QUESTION_IDS)
        if unknown:
            raise ValueError(f"{path.name}: unknown question ids {sorted(unknown)}")
    description = doc.strip().splitlines()[0] if doc.strip() else path.stem
    return FileSubmission(path.stem, path, description, labels["loses"], labels["may_lose"])


def file_submissions():
    """The whole-file submissions of ``files/``, sorted by name."""
    return [_file_submission(p) for p in sorted(FILES_DIR.glob("*.py"))]


def all_submissions():
    """Every submission of the catalogue: ``BUGGY``, ``CORRECT``, then ``files/``."""
    return list(BUGGY) + list(CORRECT) + file_submissions()


def write_submissions(directory):
    """Write every submission to ``directory/<name>/softmax.py`` plus ``labels.json``.

    The layout suits ``make grade-all SUBMISSIONS=directory``; ``labels.json``
    maps each name to its description, ``loses`` and ``may_lose``.
    """
    directory = Path(directory)
    labels = {}
    for submission in all_submissions():
        folder = directory / submission.name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "softmax.py").write_text(submission.source())
        labels[submission.name] = {"description": submission.description,
                                   "loses": list(submission.loses),
                                   "may_lose": list(submission.may_lose)}
    (directory / "labels.json").write_text(json.dumps(labels, indent=1) + "\n")
    return labels


try:  # checks-B's variants (ep06-ep10)
    from . import variants_b
except ImportError:  # run as a script
    import variants_b
_more_buggy, _more_correct = variants_b.variants(_buggy, _correct, patched)
BUGGY += _more_buggy
CORRECT += _more_correct


def _check_catalogue():
    names = [v.name for v in BUGGY + CORRECT]
    duplicates = sorted({n for n in names if names.count(n) > 1})
    if duplicates:
        raise ValueError(f"duplicate variant names: {duplicates}")
    for variant in BUGGY:
        if not variant.loses:
            raise ValueError(f"buggy variant {variant.name} loses nothing")
    for variant in CORRECT:
        if not variant.correct:
            raise ValueError(f"correct variant {variant.name} has labels")


try:  # the entries of other helpers, in files of their own
    from . import variants_a
except ImportError:  # run as a script
    import variants_a
BUGGY += variants_a.buggy_variants(_buggy, patched)
_check_catalogue()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python tests/submissions/variants.py OUTPUT_DIRECTORY")
    written = write_submissions(sys.argv[1])
    print(f"wrote {len(written)} submissions to {sys.argv[1]}")
