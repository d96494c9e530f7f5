"""Sanity checks of the submission catalogue, without the real grader.

Run with::

    /tmp/req/venv/bin/python tests/submissions/check_variants.py [--fashion DIR] [NAME ...]

Every variant of ``variants.py`` (and every file of ``files/``) is built,
imported from a temporary file and compared with the reference solution:

* a CORRECT submission must agree with the reference to 1e-10 on random
  float64 inputs for every function (``train`` on a small problem included:
  same W, b and history), and must look like the reference in every question;
* a BUGGY submission must differ from the reference in every question of its
  ``loses`` and in no question outside ``loses`` and ``may_lose``.

"In a question" imitates the grader: the submission's module gets the
reference for every contract function the question does not test, then a few
fixed probes call the tested functions and compare them with the reference
under the same swap: values (grader tolerance), shapes, dtypes, exceptions,
modified arguments, the final state of a given generator, numpy's global
random state, and (ep02 only) overflow / invalid / divide warnings.  ``train``
is probed with served functions that record their calls and are slightly
perturbed, so private copies or a skipped ``init_params`` show.  Without
``--fashion`` the fashion_mnist question is approximated by ``train`` with its
defaults on synthetic blobs (only "it changes something" is checked).

With ``--fashion DIR`` (a directory holding FashionMNIST's four
``*-idx?-ubyte.gz`` files, also looked for in ``DIR/FashionMNIST/raw``; e.g.
``/usr/share/datasets/fashion-mnist`` from Debian's dataset-fashion-mnist),
every correct submission, every submission labelled with fashion_mnist and
every one whose synthetic run differs from the reference is also trained with
the defaults on the 60000 training images (one BLAS thread, at most 300 s),
and its test accuracy measured with the reference ``predict``: a submission
labelled ``loses fashion_mnist`` must score below 0.82 (or fail), one without
the label must reach 0.82.  ``--fashion-cache FILE`` keeps those accuracies
by source hash between runs.  About 90 trainings, 5-15 minutes.

Prints one line per submission; exits 1 when any check fails.
"""

import argparse
import gzip
import hashlib
import importlib.util
import itertools
import json
import multiprocessing
import signal
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(HERE))
sys.path.insert(1, str(ROOT))

import variants  # noqa: E402

try:
    from autograder.contract import FUNCTIONS, QUESTIONS  # noqa: E402
    TESTED = {q.id: tuple(q.tested) for q in QUESTIONS}
except Exception:  # the kit's contract module is someone else's work in progress
    FUNCTIONS = ("softmax", "log_softmax", "predict", "cross_entropy", "cross_entropy_grad",
                 "one_hot", "init_params", "l2_penalty", "loss_and_grad", "minibatches",
                 "train")
    TESTED = {"ep01": ("softmax",), "ep02": ("softmax", "log_softmax"), "ep03": ("predict",),
              "ep04": ("cross_entropy",), "ep05": ("cross_entropy_grad",),
              "ep06": ("one_hot", "cross_entropy", "cross_entropy_grad"),
              "ep07": ("init_params",), "ep08": ("l2_penalty", "loss_and_grad"),
              "ep09": ("minibatches", "train"), "ep10": ("train",),
              "fashion_mnist": FUNCTIONS}

UNIT_QUESTIONS = tuple(f"ep{i:02d}" for i in range(1, 11))
FM = "fashion_mnist"
FULL_MARKS_ACCURACY = 0.82
FASHION_TIME_LIMIT = 300
VARIANT_TIME_LIMIT = 120
TOLERANCE = {np.dtype(np.float64): (1e-7, 1e-9), np.dtype(np.float32): (2e-4, 1e-5)}
STRICT = 1e-10


# ========================================================================= loading
class Loader:
    """Imports module sources from a temporary directory under unique names."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self.count = itertools.count()

    def load(self, source, tag):
        number = next(self.count)
        name = f"_submission_{number}_{tag}"
        path = self.directory / f"{name}.py"
        path.write_text(source)
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spec.loader.exec_module(module)
        return module


# ===================================================================== observation
@dataclass
class Outcome:
    """What one call did: its value or exception, and its side effects."""

    value: object = None
    error: str = None
    warnings: tuple = ()
    mutated: tuple = ()
    rng_states: tuple = ()
    global_rng_changed: bool = False


@dataclass
class Policy:
    """How a probe's outcomes are compared."""

    dtype_rule: str = "float64"  # "float64": float64 stays float64; "kind": any float / int
    check_warnings: bool = False
    rtol: float = None
    atol: float = None


def _arrays(args, kwargs):
    yield from ((i, a) for i, a in enumerate(args) if isinstance(a, np.ndarray))
    yield from ((k, a) for k, a in kwargs.items() if isinstance(a, np.ndarray))


def _generators(args, kwargs):
    yield from (g for g in list(args) + list(kwargs.values())
                if isinstance(g, np.random.Generator))


def _global_state():
    state = np.random.get_state(legacy=False)
    return state["state"]["key"].tobytes(), state["state"]["pos"]


def observe(function, *args, materialize=False, **kwargs):
    """Call ``function`` as the grader's worker does and record what happened."""
    if function is None:
        return Outcome(error="missing function")
    before = {where: a.copy() for where, a in _arrays(args, kwargs)}
    global_before = _global_state()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            with np.errstate(over="warn", divide="warn", invalid="warn", under="ignore"):
                value = function(*args, **kwargs)
                if materialize and not isinstance(value, (list, tuple, np.ndarray)):
                    value = list(itertools.islice(iter(value), 100_000))
        except Exception as error:
            return Outcome(error=f"{type(error).__name__}: {str(error)[:120]}")
    after = dict(_arrays(args, kwargs))
    mutated = tuple(where for where, old in before.items()
                    if not (after[where].shape == old.shape
                            and np.array_equal(after[where], old, equal_nan=True)))
    trouble = tuple(sorted({str(w.message).split(" encountered")[0] for w in caught
                            if issubclass(w.category, RuntimeWarning)}))
    return Outcome(value=value, warnings=trouble, mutated=mutated,
                   rng_states=tuple(repr(g.bit_generator.state)
                                    for g in _generators(args, kwargs)),
                   global_rng_changed=_global_state() != global_before)


# ====================================================================== comparison
def _as_array(value):
    if isinstance(value, (np.ndarray, np.generic, int, float, bool)):
        return np.asarray(value)
    return None


def compare_values(expected, got, policy, where="value"):
    """Differences between a reference value and a submission's, as short strings."""
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [f"{where}: {type(got).__name__} instead of a dict"]
        problems = []
        for key, value in expected.items():
            if key not in got:
                problems.append(f"{where}: no key {key!r}")
            else:
                problems += compare_values(value, got[key], policy, f"{where}[{key!r}]")
        return problems
    if isinstance(expected, (list, tuple)):
        if isinstance(got, np.ndarray) and got.ndim >= 1:
            got = list(got)
        if not isinstance(got, (list, tuple)):
            return [f"{where}: {type(got).__name__} instead of a sequence"]
        if len(got) != len(expected):
            return [f"{where}: {len(got)} items instead of {len(expected)}"]
        problems = []
        for i, (e, g) in enumerate(zip(expected, got)):
            problems += compare_values(e, g, policy, f"{where}[{i}]")
            if problems:
                break
        return problems
    if isinstance(expected, str) or expected is None:
        return [] if got == expected else [f"{where}: {got!r} instead of {expected!r}"]
    e, g = _as_array(expected), _as_array(got)
    if e is None:
        raise TypeError(f"cannot compare reference value {expected!r}")
    if g is None or g.dtype == object:
        return [f"{where}: {type(got).__name__} instead of a number or array"]
    if g.shape != e.shape:
        return [f"{where}: shape {g.shape} instead of {e.shape}"]
    if e.dtype.kind in "iu":
        if g.dtype.kind not in "iu":
            return [f"{where}: dtype {g.dtype} instead of an integer dtype"]
        return [] if np.array_equal(e, g) else [f"{where}: different integers"]
    if e.dtype.kind == "b":
        return [] if np.array_equal(e, g) else [f"{where}: different booleans"]
    if g.dtype.kind not in "fiub":
        return [f"{where}: dtype {g.dtype}"]
    if e.dtype.kind == "f" and g.dtype.kind != "f" and policy.dtype_rule != "loose":
        return [f"{where}: dtype {g.dtype} instead of a floating dtype"]
    if policy.dtype_rule == "float64" and e.dtype == np.float64 and e.ndim > 0 \
            and g.dtype != np.float64:
        return [f"{where}: dtype {g.dtype} instead of float64"]
    dtype = np.dtype(np.float32) if np.float32 in (e.dtype, g.dtype) else np.dtype(np.float64)
    rtol, atol = TOLERANCE[dtype]
    rtol = policy.rtol if policy.rtol is not None else rtol
    atol = policy.atol if policy.atol is not None else atol
    e64, g64 = e.astype(np.float64), g.astype(np.float64)
    finite_e = np.isfinite(e64)
    if not np.array_equal(finite_e, np.isfinite(g64)):
        return [f"{where}: non-finite entries differ"]
    scale = max(1.0, float(np.max(np.abs(e64[finite_e]), initial=0.0)))
    with np.errstate(invalid="ignore"):
        ok = np.isclose(g64, e64, rtol=rtol, atol=atol * scale, equal_nan=True)
    if not np.all(ok):
        worst = float(np.max(np.abs(np.where(finite_e, g64 - e64, 0.0))))
        return [f"{where}: wrong values (largest difference {worst:.3g})"]
    return []


def compare_outcomes(expected, got, policy):
    """Differences between the reference's outcome and the submission's."""
    if expected.error:
        raise RuntimeError(f"the reference failed a probe: {expected.error}")
    if got.error:
        return [f"raised {got.error}"]
    problems = compare_values(expected.value, got.value, policy)
    if got.mutated and not expected.mutated:
        problems.append(f"modified argument(s) {', '.join(map(str, got.mutated))}")
    if got.rng_states != expected.rng_states:
        problems.append("left the given generator in another state")
    if got.global_rng_changed and not expected.global_rng_changed:
        problems.append("used numpy's global random state")
    if policy.check_warnings:
        extra = sorted(set(got.warnings) - set(expected.warnings))
        if extra:
            problems.append("warned: " + "; ".join(extra))
    return problems


# ==================================================================== probe inputs
def _rng(seed):
    return np.random.default_rng(seed)


def _logits(seed, shape, scale=3.0, dtype=np.float64):
    return _rng(seed).normal(0.0, scale, shape).astype(dtype)


def _labels(seed, n, k, dtype=np.int64):
    return _rng(seed).integers(0, k, size=n).astype(dtype)


def _soft_labels(seed, n, k):
    return _rng(seed).dirichlet(np.ones(k), size=n)


HUGE = [
    np.array([[1e4, 0.0, -1e4]]),
    np.array([[1000.0, 1000.0], [-1000.0, -999.0]]),
    np.array([[800.0, 0.0, 0.0, 0.0]]),
    np.array([[-1e4, -1e4 + 1.0, -1e4 + 2.0]]),
]


def _blobs(seed, n, d, k):
    """Gaussian blobs: an easy problem with every class present."""
    rng = _rng(seed)
    centres = rng.normal(0.0, 2.0, (k, d))
    y = np.arange(n) % k
    rng.shuffle(y)
    X = centres[y] + rng.normal(0.0, 1.0, (n, d))
    return X, y.astype(np.int64)


TRAIN_CONFIGS = {
    "A (val data, partial batches)": dict(
        data=(30, 4, 3, 12), kwargs=dict(epochs=3, batch_size=7, lr=0.3, reg=0.01, seed=5)),
    "B (n_classes=4, no val data)": dict(
        data=(25, 3, 3, 0), kwargs=dict(n_classes=4, epochs=2, batch_size=10, lr=0.05,
                                        reg=0.0, seed=11)),
    "C (one batch, one step)": dict(
        data=(20, 5, 3, 10), kwargs=dict(epochs=1, batch_size=64, lr=0.5, reg=0.1, seed=3)),
}


def _train_arguments(config):
    n, d, k, n_val = config["data"]
    X, y = _blobs(101, n, d, k)
    kwargs = dict(config["kwargs"])
    if n_val:
        kwargs["X_val"], kwargs["y_val"] = _blobs(202, n_val, d, k)
    return (X, y), kwargs


# ============================================================ served reference copies
class Served:
    """Reference functions that record their calls and are slightly perturbed.

    They stand in for the served reference functions while ``train`` is probed:
    a ``train`` that calls private copies, skips ``init_params`` or ignores what
    it returns then gives another W than the reference ``train`` given the same
    served functions.
    """

    def __init__(self, reference):
        self.reference, self.log = reference, []

    def init_params(self, n_features, n_classes, rng, *args, **kwargs):
        self.log.append(("init_params", n_features, n_classes, args, tuple(kwargs.items())))
        W, b = self.reference.init_params(n_features, n_classes, rng, *args, **kwargs)
        return W + 0.05, b + 0.02

    def loss_and_grad(self, W, b, X, y, reg):
        self.log.append(("loss_and_grad", np.shape(X), float(reg)))
        loss, dW, db = self.reference.loss_and_grad(W, b, X, y, reg)
        return loss + 0.125, dW * 1.25, db * 0.75

    def minibatches(self, n, batch_size, rng):
        self.log.append(("minibatches", n, batch_size))
        return list(self.reference.minibatches(n, batch_size, rng))[::-1]

    def predict(self, W, b, X):
        return self.reference.predict(W, b, X)


TRAIN_HELPERS = ("init_params", "loss_and_grad", "minibatches", "predict")


def _train_record(module, reference, question, config, record):
    """Call ``module.train`` with instrumented served functions; return ``record(...)``."""
    served = Served(reference)
    saved = {}
    for name in TRAIN_HELPERS:
        if name not in TESTED[question]:
            saved[name] = module.__dict__.get(name)
            setattr(module, name, getattr(served, name))
    try:
        args, kwargs = _train_arguments(config)
        train = module.__dict__.get("train")

        def call(*a, **k):
            return record(train(*a, **k), served.log)

        return observe(call if train is not None else None, *args, **kwargs)
    finally:
        for name, value in saved.items():
            setattr(module, name, value)


def _protocol_record(result, log):
    W, b, _ = result
    return {"W": np.asarray(W), "b": np.asarray(b), "calls": [repr(entry) for entry in log]}


def _history_record(result, log):
    history = result[2]
    return {key: [float(v) for v in history[key]] for key in ("train_loss", "val_acc")}


# ========================================================================== probes
def probes(question, module, reference):
    """``[(label, outcome, policy)]`` of one question's probes on ``module``."""
    out = []

    def run(label, name, *args, policy=Policy(), materialize=False, **kwargs):
        if any(isinstance(a, np.ndarray) and a.dtype == np.float32
               for a in list(args) + list(kwargs.values())):
            policy = replace(policy, dtype_rule="kind")  # float32 in: float32 or float64 out
        outcome = observe(module.__dict__.get(name), *args, materialize=materialize, **kwargs)
        out.append((f"{name} {label}", outcome, policy))

    if question == "ep01":
        run("1-D", "softmax", _logits(1, (5,)))
        run("4x6", "softmax", _logits(2, (4, 6)))
        run("5x5", "softmax", _logits(3, (5, 5)))
        run("two classes", "softmax", _logits(4, (6, 2)))
        run("one row", "softmax", _logits(5, (1, 4)))
        run("float32", "softmax", _logits(2, (4, 6), dtype=np.float32))
        run("bound 20", "softmax", _rng(6).uniform(-20, 20, (4, 5)))
    elif question == "ep02":
        policy = Policy(check_warnings=True)
        for name in ("softmax", "log_softmax"):
            run("[1e4, 0, -1e4]", name, np.array([1e4, 0.0, -1e4]), policy=policy)
            for i, z in enumerate(HUGE):
                run(f"huge #{i}", name, z.copy(), policy=policy)
            run("row offsets 1e4", name,
                _logits(7, (4, 5)) + np.array([[1e4], [-1e4], [0.0], [5e3]]), policy=policy)
            run("shift 1e5", name, _logits(8, (3, 4)) + 1e5, policy=policy)
            run("rows of different scale", name,
                np.array([[1000.0, 999.0, 998.0], [1e-3, 0.0, -1e-3],
                          [-1000.0, -1001.0, -999.5]]), policy=policy)
            run("moderate", name, _logits(9, (3, 4)), policy=policy)
            run("moderate 1-D", name, _logits(10, (6,)), policy=policy)
            run("float32 huge", name, np.array([[1e4, 0.0, -1e4]], dtype=np.float32),
                policy=policy)
            run("bound 1e4", name, _rng(11).uniform(-1e4, 1e4, (4, 6)), policy=policy)
    elif question == "ep03":
        for label, (d, k, n), dtype in [("6x4", (6, 4, 9), np.float64),
                                        ("one example", (6, 4, 1), np.float64),
                                        ("float32", (5, 3, 7), np.float32),
                                        ("n < K", (4, 10, 3), np.float64)]:
            rng = _rng(d * 100 + k * 10 + n)
            W = rng.normal(0, 1, (d, k)).astype(dtype)
            b = rng.normal(0, 2, k).astype(dtype)
            X = rng.normal(0, 1, (n, d)).astype(dtype)
            run(label, "predict", W, b, X)
    elif question in ("ep04", "ep05"):
        name = "cross_entropy" if question == "ep04" else "cross_entropy_grad"
        run("6x4", name, _logits(12, (6, 4)), _labels(13, 6, 4))
        run("zeros", name, np.zeros((5, 7)), _labels(14, 5, 7))
        run("labels miss class K-1", name, _logits(15, (5, 3)), np.array([0, 1, 0, 1, 1]))
        run("extreme", name, np.array([[1e4, 0.0, -1e4], [0.0, 1e4, -1e4], [-1e4, 0.0, 1e4]]),
            np.array([2, 0, 2]))
        run("bound 1e4", name, _rng(16).uniform(-1e4, 1e4, (4, 5)), _labels(17, 4, 5))
        run("float32", name, _logits(18, (6, 4), dtype=np.float32), _labels(19, 6, 4))
        run("int32 labels", name, _logits(20, (7, 5)), _labels(21, 7, 5, np.int32))
        run("one example", name, _logits(22, (1, 6)), np.array([4]))
    elif question == "ep06":
        kind = Policy(dtype_rule="kind")
        run("[2, 0, 1, 1], K=3", "one_hot", np.array([2, 0, 1, 1]), 3, policy=kind)
        run("[0, 1], K=5", "one_hot", np.array([0, 1]), 5, policy=kind)
        run("[3], K=4", "one_hot", np.array([3]), 4, policy=kind)
        run("int32, K=6", "one_hot", _labels(23, 8, 6, np.int32), 6, policy=kind)
        for name in ("cross_entropy", "cross_entropy_grad"):
            z = _logits(24, (6, 4))
            y = _labels(25, 6, 4)
            run("one-hot rows", name, z.copy(), np.eye(4)[y])
            run("soft labels", name, z.copy(), _soft_labels(26, 6, 4))
            run("integer labels (consistency)", name, z.copy(), y.copy())
            y_missing = np.array([0, 2, 1, 0, 2])
            run("one-hot rows, class missing", name, _logits(27, (5, 5)), np.eye(5)[y_missing])
            run("integer labels, class missing", name, _logits(27, (5, 5)), y_missing.copy())
            run("soft labels, extreme logits", name,
                np.array([[1e4, 0.0, -1e4], [0.0, 1e4, -1e4]]), _soft_labels(28, 2, 3))
    elif question == "ep07":
        run("default scale", "init_params", 5, 3, _rng(7))
        run("scale=0.5", "init_params", 4, 6, _rng(8), scale=0.5)
        run("positional scale 2.0", "init_params", 3, 2, _rng(9), 2.0)
        run("d=1, K=10", "init_params", 1, 10, _rng(10))
    elif question == "ep08":
        W = _logits(29, (5, 3), scale=1.0)
        run("reg=0.3", "l2_penalty", W.copy(), 0.3)
        run("reg=0", "l2_penalty", W.copy(), 0.0)
        run("float32", "l2_penalty", W.astype(np.float32), 1.5)
        for reg in (0.2, 0.0, 1.0):
            rng = _rng(30)
            W, b = rng.normal(0, 1, (5, 3)), rng.normal(0, 1, 3)
            X, y = rng.normal(0, 1, (7, 5)), rng.integers(0, 3, 7)
            run(f"reg={reg}", "loss_and_grad", W, b, X, y, reg)
    elif question == "ep09":
        pairs = [(10, 3), (12, 4), (5, 8), (7, 1), (1, 1), (60, 25)]
        for seed, (n, batch_size) in enumerate(pairs):
            rng = _rng(40 + seed)
            run(f"n={n} batch={batch_size}", "minibatches", n, batch_size, rng, materialize=True)
            run(f"n={n} batch={batch_size} second epoch", "minibatches", n, batch_size, rng,
                materialize=True)
        for label, config in TRAIN_CONFIGS.items():
            for repeat in ("", " again"):
                out.append((f"train protocol {label}{repeat}",
                            _train_record(module, reference, question, config,
                                          _protocol_record), Policy()))
    elif question == "ep10":
        for label, config in TRAIN_CONFIGS.items():
            for repeat in ("", " again"):
                out.append((f"train history {label}{repeat}",
                            _train_record(module, reference, question, config,
                                          _history_record), Policy()))
    elif question == FM:
        X, y = _blobs(303, 600, 8, 4)
        train = module.__dict__.get("train")
        outcome = observe((lambda *a: train(*a)[:2]) if train else None, X, y)
        out.append(("train with the defaults on blobs", outcome, Policy()))
    else:
        raise ValueError(question)
    return out


# =================================================================== per question
class Judge:
    """Runs the question probes and the strict comparison against the reference."""

    def __init__(self, loader):
        self.loader = loader
        self.reference_source = variants.reference_source()
        self.reference = loader.load(self.reference_source, "reference")
        self.expected = {}

    def module_for(self, source, question, tag):
        """A fresh import of ``source`` with the functions ``question`` does not test served."""
        module = self.loader.load(source, tag)
        for name in FUNCTIONS:
            if name not in TESTED[question]:
                setattr(module, name, getattr(self.reference, name))
        return module

    def expected_probes(self, question):
        if question not in self.expected:
            module = self.module_for(self.reference_source, question, "reference")
            self.expected[question] = probes(question, module, self.reference)
        return self.expected[question]

    def question_differences(self, source, question, tag):
        """Short descriptions of how ``source`` differs from the reference in ``question``."""
        try:
            module = self.module_for(source, question, tag)
        except Exception as error:
            return [f"import failed: {type(error).__name__}: {error}"]
        got = probes(question, module, self.reference)
        problems = []
        for (label, expected, policy), (_, outcome, _) in zip(self.expected_probes(question), got):
            problems += [f"{label}: {p}" for p in compare_outcomes(expected, outcome, policy)]
        return problems

    # ----------------------------------------------------------------- strict
    def strict_differences(self, source, tag):
        """Differences from the reference beyond 1e-10, calling every function directly."""
        module = self.loader.load(source, tag)
        reference = self.loader.load(self.reference_source, "reference")
        problems = []
        policy = Policy(rtol=STRICT, atol=STRICT)
        for label, name, make in strict_calls():
            args, kwargs = make()
            expected = observe(getattr(reference, name), *args, **kwargs)
            args, kwargs = make()
            got = observe(module.__dict__.get(name), *args,
                          materialize=name == "minibatches", **kwargs)
            if name == "minibatches" and expected.error is None:
                expected.value = list(expected.value)
            problems += [f"{name} {label}: {p}"
                         for p in compare_outcomes(expected, got, policy)]
        return problems


def strict_calls():
    """``(label, function, make)`` with ``make() -> (args, kwargs)`` fresh float64 inputs."""
    X, y = _blobs(404, 40, 5, 3)
    X_val, y_val = _blobs(405, 15, 5, 3)
    W, b = _rng(406).normal(0, 1, (5, 3)), _rng(407).normal(0, 1, 3)
    z = _logits(408, (6, 4))
    labels = _labels(409, 6, 4)
    soft = _soft_labels(410, 6, 4)

    def fixed(*args, **kwargs):
        return lambda: ([a.copy() if isinstance(a, np.ndarray) else a for a in args],
                        dict(kwargs))

    return [
        ("batch", "softmax", fixed(z)),
        ("row", "softmax", fixed(_logits(411, (7,)))),
        ("huge", "softmax", fixed(HUGE[0])),
        ("batch", "log_softmax", fixed(z)),
        ("row", "log_softmax", fixed(_logits(411, (7,)))),
        ("huge", "log_softmax", fixed(HUGE[0])),
        ("random", "predict", fixed(W, b, X)),
        ("labels", "cross_entropy", fixed(z, labels)),
        ("soft labels", "cross_entropy", fixed(z, soft)),
        ("huge", "cross_entropy", fixed(HUGE[0], np.array([2]))),
        ("labels", "cross_entropy_grad", fixed(z, labels)),
        ("soft labels", "cross_entropy_grad", fixed(z, soft)),
        ("random", "one_hot", fixed(labels, 6)),
        ("default scale", "init_params", lambda: ([6, 3, _rng(412)], {})),
        ("scale 0.3", "init_params", lambda: ([6, 3, _rng(413)], {"scale": 0.3})),
        ("random", "l2_penalty", fixed(W, 0.7)),
        ("random", "loss_and_grad", fixed(W, b, X, y, 0.05)),
        ("n=23 batch=5", "minibatches", lambda: ([23, 5, _rng(414)], {})),
        ("with validation", "train",
         lambda: ([X.copy(), y.copy()], dict(X_val=X_val.copy(), y_val=y_val.copy(), epochs=3,
                                             batch_size=8, lr=0.2, reg=0.01, seed=4))),
        ("without validation", "train",
         lambda: ([X.copy(), y.copy()], dict(epochs=2, batch_size=16, lr=0.1, seed=9))),
    ]


# ========================================================================= results
@dataclass
class Result:
    name: str
    kind: str
    problems: list = field(default_factory=list)
    caught: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    fashion_candidate: bool = False

    def line(self):
        status = "PROBLEM" if self.problems else "ok"
        text = f"{status:7s} {self.kind:7s} {self.name}"
        if self.caught:
            text += f"  differs in: {' '.join(self.caught)}"
        for note in self.notes:
            text += f"  [{note}]"
        for problem in self.problems:
            text += f"\n          - {problem}"
        return text


def judge_submission(judge, name, kind, source, loses, may_lose):
    result = Result(name, kind)
    for question in UNIT_QUESTIONS + (FM,):
        differences = judge.question_differences(source, question, name)
        if differences:
            result.caught.append(question)
        if question == FM:
            result.fashion_candidate = (bool(differences) or FM in loses or FM in may_lose
                                        or (not loses and not may_lose))
            if FM in loses and not differences:
                result.problems.append("labelled loses fashion_mnist, but train with the "
                                       "defaults on blobs matches the reference")
            continue
        if question in loses and not differences:
            result.problems.append(f"labelled loses {question}, but no probe of {question} "
                                   "tells it from the reference")
        if differences and question not in loses and question not in may_lose:
            result.problems.append(f"not labelled for {question}, but differs there: "
                                   + "; ".join(differences[:3]))
    if not loses and not may_lose:
        result.problems += [f"strict: {p}" for p in judge.strict_differences(source, name)]
    return result


# ========================================================================= fashion
def _read_idx(path):
    with gzip.open(path, "rb") as handle:
        data = handle.read()
    dims = data[3]
    shape = tuple(int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims))
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_fashion(directory):
    directory = Path(directory)
    for candidate in (directory, directory / "FashionMNIST" / "raw", directory / "raw"):
        if (candidate / "train-images-idx3-ubyte.gz").exists():
            break
    else:
        raise SystemExit(f"no train-images-idx3-ubyte.gz under {directory}")

    def images(stem):
        return _read_idx(candidate / f"{stem}-images-idx3-ubyte.gz").reshape(-1, 784) / 255.0

    def labels(stem):
        return _read_idx(candidate / f"{stem}-labels-idx1-ubyte.gz").astype(np.int64)

    return images("train"), labels("train"), images("t10k"), labels("t10k")


_FASHION = {}


class FashionCache:
    """FashionMNIST results keyed by the SHA-256 of the submission's source."""

    def __init__(self, path):
        self.path = Path(path) if path else None
        self.entries = {}
        if self.path and self.path.exists():
            self.entries = json.loads(self.path.read_text())

    @staticmethod
    def key(source):
        return hashlib.sha256(source.encode()).hexdigest()

    def get(self, source):
        value = self.entries.get(self.key(source))
        return tuple(value) if value else None

    def put(self, source, value):
        if self.path is None or value[0] != "accuracy":
            return
        self.entries[self.key(source)] = list(value)
        self.path.write_text(json.dumps(self.entries, indent=1))


def _fashion_worker(source, queue):
    """Child process: train with the defaults, report the test accuracy."""
    try:
        try:
            from threadpoolctl import threadpool_limits
            threadpool_limits(1)  # several trainings share the machine
        except ImportError:
            pass
        started = time.monotonic()
        X_train, y_train, X_test, y_test = _FASHION["data"]
        with tempfile.TemporaryDirectory() as directory:
            loader = Loader(directory)
            module = loader.load(source, "fashion")
            reference = loader.load(variants.reference_source(), "reference")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                with np.errstate(all="ignore"):
                    W, b, _ = module.train(X_train, y_train)
                    predicted = reference.predict(np.asarray(W, dtype=float),
                                                  np.asarray(b, dtype=float), X_test)
            queue.put(("accuracy", float(np.mean(predicted == y_test)),
                       time.monotonic() - started))
    except BaseException as error:  # noqa: BLE001 - report whatever the submission did
        queue.put(("error", f"{type(error).__name__}: {str(error)[:100]}", None))


def run_fashion(jobs, parallel=2, progress=None):
    """``{name: (kind, value, seconds)}`` for ``jobs = [(name, source)]``.

    ``kind`` is ``"accuracy"`` (value: the test accuracy) or ``"error"``
    (value: what went wrong; seconds: None).
    """
    context = multiprocessing.get_context("fork")
    results, pending = {}, list(jobs)
    running = []
    while pending or running:
        while pending and len(running) < parallel:
            name, source = pending.pop(0)
            queue = context.Queue()
            process = context.Process(target=_fashion_worker, args=(source, queue))
            process.start()
            running.append((name, process, queue, time.monotonic()))
        time.sleep(0.2)
        for entry in list(running):
            name, process, queue, started = entry
            if not queue.empty():
                results[name] = queue.get()
                process.join(timeout=10)
                running.remove(entry)
                if progress:
                    progress(name, results[name])
            elif not process.is_alive():
                results[name] = ("error", f"process ended with code {process.exitcode}", None)
                running.remove(entry)
            elif time.monotonic() - started > FASHION_TIME_LIMIT:
                process.kill()
                process.join()
                results[name] = ("error", f"more than {FASHION_TIME_LIMIT} s", None)
                running.remove(entry)
    return results


# ============================================================================ main
class _Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise _Timeout()


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="only these submissions")
    parser.add_argument("--fashion", metavar="DIR",
                        help="also train on FashionMNIST from DIR to check fashion_mnist labels")
    parser.add_argument("--fashion-cache", metavar="FILE",
                        help="JSON file of FashionMNIST results by source hash, reused and "
                             "updated between runs")
    parser.add_argument("--parallel", type=int, default=2,
                        help="FashionMNIST trainings at a time (default 2)")
    options = parser.parse_args(argv)

    submissions = [("buggy", v.name, v.source, v.loses, v.may_lose) for v in variants.BUGGY]
    submissions += [("correct", v.name, v.source, v.loses, v.may_lose) for v in variants.CORRECT]
    submissions += [("file", f"files/{f.path.name}", f.source, f.loses, f.may_lose)
                    for f in variants.file_submissions()]
    if options.names:
        submissions = [s for s in submissions if s[1] in options.names
                       or s[1].removeprefix("files/") in options.names]

    signal.signal(signal.SIGALRM, _alarm)
    results, sources = [], {}
    with tempfile.TemporaryDirectory() as directory:
        judge = Judge(Loader(directory))
        for kind, name, make_source, loses, may_lose in submissions:
            signal.alarm(VARIANT_TIME_LIMIT)
            try:
                source = make_source()
                sources[name] = source
                tag = name.replace("files/", "file_").replace(".py", "")
                result = judge_submission(judge, tag, kind, source, loses, may_lose)
                result.name = name
            except _Timeout:
                result = Result(name, kind, problems=[f"took over {VARIANT_TIME_LIMIT} s"])
            except Exception as error:
                result = Result(name, kind, problems=[
                    f"checking failed: {type(error).__name__}: {error}",
                    traceback.format_exc(limit=3).strip().splitlines()[-2].strip()])
            finally:
                signal.alarm(0)
            results.append((result, loses, may_lose))
            print(result.line(), flush=True)

    if options.fashion:
        _FASHION["data"] = load_fashion(options.fashion)
        jobs = [("__reference__", variants.reference_source())]
        jobs += [(r.name, sources[r.name]) for r, _, _ in results
                 if r.fashion_candidate and r.name in sources]
        cache = FashionCache(options.fashion_cache)
        accuracies = {name: cache.get(source) for name, source in jobs}
        accuracies = {name: value for name, value in accuracies.items() if value}
        todo = [(name, source) for name, source in jobs if name not in accuracies]
        print(f"\nFashionMNIST: {len(jobs)} submissions, {len(todo)} to train with the "
              "defaults ...", flush=True)
        by_name = dict(jobs)

        def progress(name, value):
            cache.put(by_name[name], value)
            print(f"        trained {name}: {value[1]}", flush=True)

        accuracies.update(run_fashion(todo, parallel=options.parallel, progress=progress))
        print(f"reference: {accuracies['__reference__'][:2]}")
        for result, loses, may_lose in results:
            if result.name not in accuracies:
                continue
            kind, value, seconds = accuracies[result.name]
            full = kind == "accuracy" and value >= FULL_MARKS_ACCURACY
            shown = f"{value:.4f}" if kind == "accuracy" else value
            shown += f" in {seconds:.0f} s" if seconds is not None else ""
            label = ("loses" if FM in loses else "may_lose" if FM in may_lose else "keeps")
            problem = (label == "loses" and full) or (label == "keeps" and not full)
            result.problems += [f"fashion_mnist labelled {label} but got {shown}"] if problem else []
            print(f"{'PROBLEM' if problem else 'ok':7s} fashion {result.name}: {shown} "
                  f"(labelled {label})", flush=True)

    failed = [r for r, _, _ in results if r.problems]
    counts = {kind: sum(1 for r, _, _ in results if r.kind == kind)
              for kind in ("buggy", "correct", "file")}
    print(f"\n{len(results)} submissions ({counts['buggy']} buggy, {counts['correct']} correct, "
          f"{counts['file']} files): {len(failed)} with problems")
    for result in failed:
        print(f"  {result.name}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
