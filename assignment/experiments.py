#!/usr/bin/env python3
"""Sanity-check experiments, one per exploration point, run on your code.

    .venv/bin/python assignment/experiments.py              # all ten, on assignment/softmax.py
    .venv/bin/python assignment/experiments.py ep02 ep07    # some of them
    .venv/bin/python assignment/experiments.py --submission path/to/softmax.py ep04

Each experiment calls the functions of your ``softmax.py``, prints what they
return next to what they should return, and says what to look for.  The
grader checks the same properties far more thoroughly; these are for
understanding, and for catching a mistake early.  A function you have not
written yet is reported ("EP4: implement cross_entropy() first") and the
other experiments still run.

EP7 to EP10 train on a small problem: 8000 FashionMNIST training images
and 2000 validation images when the dataset is installed (``--data
fashion``), else small generated images (``--data synthetic``); the default
``--data auto`` takes FashionMNIST when it can be found without a download.
"""

import os

for _name in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_name, "1")

import math  # noqa: E402
import sys  # noqa: E402
import textwrap  # noqa: E402
import time  # noqa: E402
import warnings  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import gradcheck  # noqa: E402
import train as kit  # noqa: E402  (train.py: loading, error messages, data)

SMALL_TRAIN, SMALL_VAL = 8000, 2000


class Context:
    """What an experiment gets besides the student's module: output and data."""

    def __init__(self, data="auto", out=print):
        self.data_mode = data
        self.out = out
        self._small = None

    def say(self, text=""):
        self.out(text)

    def explain(self, text):
        """A paragraph of explanation, wrapped, after 'What to look for:'."""
        body = textwrap.fill(" ".join(text.split()), width=78, initial_indent="  ",
                             subsequent_indent="  ")
        self.out("What to look for:\n" + body)

    def small_problem(self):
        """``(X, y, X_val, y_val, description)``, loaded once."""
        if self._small is None:
            self._small = self._load_small()
        return self._small

    def _load_small(self):
        mode = self.data_mode
        if mode in ("auto", "fashion"):
            try:
                X, y, X_val, y_val, *_ = kit.fashion_data(
                    val_size=SMALL_VAL, train_size=SMALL_TRAIN,
                    download=None if mode == "fashion" else False)
                return X, y, X_val, y_val, (f"FashionMNIST: {SMALL_TRAIN} training and "
                                            f"{SMALL_VAL} validation images")
            except kit.UsageError as error:
                if mode == "fashion":
                    raise
                self.out(f"(FashionMNIST not found without a download: {str(error)[:120]}...; "
                         "using generated images instead)")
        X, y, X_val, y_val, *_ = kit.synthetic_data(SMALL_TRAIN, SMALL_VAL, 10)
        return X, y, X_val, y_val, (f"generated 28x28 blob images: {SMALL_TRAIN} training and "
                                    f"{SMALL_VAL} validation images")


EXPERIMENTS = {}


def experiment(key, title):
    def register(function):
        EXPERIMENTS[key] = (title, function)
        return function
    return register


def _sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def _fmt(array, digits=4):
    return np.array2string(np.asarray(array, dtype=float), precision=digits, suppress_small=False,
                           floatmode="maxprec", max_line_width=100)


def _warn_errors():
    """numpy's defaults: warn on overflow, invalid values and division by 0."""
    return np.errstate(over="warn", invalid="warn", divide="warn", under="ignore")


def _warnings_text(caught):
    messages = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    return "; ".join(messages) if messages else "no warning"


# ----------------------------------------------------------------------------
# the ten experiments


@experiment("ep01", "softmax vs sigmoid")
def ep01(sub, ctx):
    z = np.array([[2.0, 0.5], [-1.0, 3.0], [0.0, 0.0], [10.0, -10.0]])
    p = np.asarray(sub.softmax(z))
    sig = _sigmoid(z[:, 0] - z[:, 1])
    ctx.say("Two classes, scores [a, b]: softmax's first entry next to sigmoid(a - b)")
    ctx.say(f"  {'a':>6} {'b':>6}  {'softmax([a, b])[0]':>19}  {'sigmoid(a - b)':>15}")
    for (a, b), first, s in zip(z, p[:, 0], sig):
        ctx.say(f"  {a:>6g} {b:>6g}  {first:>19.12f}  {s:>15.12f}")
    gap = float(np.max(np.abs(p[:, 0] - sig)))
    ctx.say(f"  largest difference: {gap:.1e} -> "
            f"{'the same function' if gap < 1e-12 else 'NOT the same: check softmax'}")
    three = np.array([2.0, 1.0, 0.1])
    separate = _sigmoid(three)
    together = np.asarray(sub.softmax(three))
    ctx.say(f"Three classes, scores {_fmt(three)}:")
    ctx.say(f"  three separate sigmoids: {_fmt(separate)}  sum {separate.sum():.4f}")
    ctx.say(f"  softmax:                 {_fmt(together)}  sum {together.sum():.4f}")
    ctx.explain("""With two classes the two columns agree to the last digits: softmax of [a, b]
        is sigmoid(a - b), so softmax is the many-class sigmoid.  With three classes separate
        sigmoids answer three unrelated yes/no questions and their sum is not 1; softmax shares
        one unit of probability among the classes, which is what 'which one class is it?'
        needs.""")


@experiment("ep02", "numerical stability")
def ep02(sub, ctx):
    z = np.array([1000.0, 0.0])
    with warnings.catch_warnings(record=True) as caught, _warn_errors():
        warnings.simplefilter("always")
        e = np.exp(z)
        naive = e / e.sum()
    ctx.say(f"z = {_fmt(z)}")
    ctx.say(f"  naive exp(z) / sum(exp(z)): {_fmt(naive)}   ({_warnings_text(caught)})")
    with warnings.catch_warnings(record=True) as caught, _warn_errors():
        warnings.simplefilter("always")
        yours = np.asarray(sub.softmax(z))
    ctx.say(f"  your softmax(z):            {_fmt(yours)}   ({_warnings_text(caught)})")
    rows = np.array([[1000.0, 0.0], [0.0, -1000.0], [-1000.0, -1001.0]])
    with warnings.catch_warnings(record=True) as caught, _warn_errors():
        warnings.simplefilter("always")
        batch = np.asarray(sub.softmax(rows))
    ctx.say(f"rows shifted by very different amounts, {rows.tolist()}:")
    ctx.say(f"  your softmax: {_fmt(batch).replace(chr(10), chr(10) + '                ')}"
            f"   ({_warnings_text(caught)})")
    big = np.array([1e4, 0.0, -1e4])
    with warnings.catch_warnings(record=True) as caught, _warn_errors():
        warnings.simplefilter("always")
        via_log = np.log(np.asarray(sub.softmax(big)))
    ctx.say(f"z = {_fmt(big)}")
    ctx.say(f"  np.log(your softmax(z)): {_fmt(via_log)}   ({_warnings_text(caught)})")
    with warnings.catch_warnings(record=True) as caught, _warn_errors():
        warnings.simplefilter("always")
        logp = np.asarray(sub.log_softmax(big))
    ctx.say(f"  your log_softmax(z):     {_fmt(logp)}   ({_warnings_text(caught)})")
    if not (np.all(np.isfinite(yours)) and np.all(np.isfinite(batch))):
        ctx.say("  -> softmax is NOT finite everywhere: subtract each row's own maximum first")
    elif not np.all(np.isfinite(logp)):
        ctx.say("  -> log_softmax is NOT finite: compute it from the shifted scores "
                "(log-sum-exp), never as np.log(softmax(z))")
    else:
        ctx.say("  -> all finite")
    ctx.explain("""exp(1000) overflows to inf, inf / inf is nan: the naive formula fails with an
        overflow warning.  Yours should give [1, 0] silently, because it subtracts each row's
        maximum first (softmax(z - c) = softmax(z)); the three rows of the batch need three
        different maxima.  np.log of a probability that underflowed to 0 is -inf, while
        log_softmax, computed from the shifted scores (log-sum-exp), stays finite:
        [0, -1e4, -2e4].""")


@experiment("ep03", "softmax vs argmax")
def ep03(sub, ctx):
    rng = np.random.default_rng(3)
    X, W, b = rng.normal(size=(8, 5)), rng.normal(size=(5, 4)), rng.normal(size=4)
    logits = X @ W + b
    yours = np.asarray(sub.predict(W, b, X))
    by_logits = np.argmax(logits, axis=1)
    ctx.say(f"8 examples, 4 classes: your predict(W, b, X)      = {yours.tolist()}")
    ctx.say(f"                       argmax of the logits       = {by_logits.tolist()}")
    try:
        by_softmax = np.argmax(np.asarray(sub.softmax(logits)), axis=1)
        ctx.say(f"                       argmax of softmax(logits)  = {by_softmax.tolist()}")
    except NotImplementedError:
        ctx.say("                       (argmax of softmax: softmax not written yet)")
    same = yours.shape == by_logits.shape and bool(np.all(yours == by_logits))
    ctx.say(f"  -> {'identical' if same else 'DIFFERENT: predict is the argmax of X @ W + b'}")
    ctx.say("Moving one logit through the top: scores [1.0, z1, -0.5]")
    ctx.say(f"  {'z1':>6}  {'argmax':>6}  {'softmax p1':>10}")
    for z1 in (0.8, 0.9, 0.99, 1.01, 1.1, 1.2):
        z = np.array([1.0, z1, -0.5])
        p1 = float(np.asarray(sub.softmax(z))[1]) if _has(sub.softmax, z) else float("nan")
        ctx.say(f"  {z1:>6.2f}  {int(np.argmax(z)):>6d}  {p1:>10.4f}")
    ctx.explain("""The three label lists agree: softmax never changes which logit is largest,
        so prediction needs no softmax.  In the second table argmax stays flat and then jumps
        from 0 to 1: its derivative is 0 (or undefined), so it cannot tell the weights which
        way to move.  Softmax's p1 changes a little for every little change of z1; that
        smooth change is what the gradient uses.""")


def _has(function, *args):
    try:
        function(*args)
        return True
    except NotImplementedError:
        return False


@experiment("ep04", "cross-entropy loss")
def ep04(sub, ctx):
    rng = np.random.default_rng(4)
    ctx.say("The loss before any training (init_params, pixel-like inputs in [0, 1]):")
    ctx.say(f"  {'K':>4}  {'your loss':>10}  {'ln K':>8}  {'all-zero logits':>15}")
    for K in (2, 10, 100):
        X = rng.uniform(0.0, 1.0, size=(500, 784))
        y = rng.integers(0, K, size=500)
        W, b = sub.init_params(784, K, np.random.default_rng(0))
        loss = float(np.asarray(sub.cross_entropy(X @ np.asarray(W) + np.asarray(b), y)))
        zero = float(np.asarray(sub.cross_entropy(np.zeros((500, K)), y)))
        ctx.say(f"  {K:>4}  {loss:>10.4f}  {math.log(K):>8.4f}  {zero:>15.4f}")
    ctx.say("A confident mistake: the true class gets probability p, three classes in all")
    ctx.say(f"  {'p(true)':>8}  {'cross-entropy':>13}  {'d/dz_true':>9}  "
            f"{'squared error':>13}  {'d/dz_true':>9}")
    for p_true in (0.9, 0.5, 0.1, 0.01, 1e-4):
        rest = (1 - p_true) / 2
        z = np.log(np.array([[p_true, rest, rest]]))
        p = np.array([p_true, rest, rest])
        target = np.array([1.0, 0.0, 0.0])
        ce = float(np.asarray(sub.cross_entropy(z, np.array([0]))))
        ce_grad = p_true - 1.0
        mse = float(np.sum((p - target) ** 2))
        jacobian = np.diag(p) - np.outer(p, p)  # d p_k / d z_j
        mse_grad = float((2 * (p - target)) @ jacobian[:, 0])
        ctx.say(f"  {p_true:>8g}  {ce:>13.4f}  {ce_grad:>9.4f}  {mse:>13.4f}  {mse_grad:>9.4f}")
    ctx.explain("""First table: small random weights give logits near 0, so every class gets
        about 1/K and the loss is about ln K (2.303 for the ten FashionMNIST classes); all-zero
        logits give ln K exactly.  A first loss far from ln K means a bug (a sum instead of a
        mean, weights too large) before any training.  Second table: as the model becomes
        confidently wrong, the cross-entropy grows without bound and its gradient on the true
        logit tends to -1, a strong push to fix the mistake.  The squared error stays below 2
        and its gradient shrinks to 0: the worse the mistake, the slower it is corrected.""")


@experiment("ep05", "the gradient p - y")
def ep05(sub, ctx):
    rng = np.random.default_rng(5)
    logits = rng.normal(0.0, 2.0, size=(3, 4))
    y = np.array([0, 3, 1])
    dZ = np.asarray(sub.cross_entropy_grad(logits, y))
    ctx.say(f"cross_entropy_grad on 3 examples, labels {y.tolist()}; the rows of p - one_hot(y), "
            "divided by n = 3:")
    ctx.say("  " + _fmt(dZ).replace("\n", "\n  "))
    ctx.say(f"  row sums: {_fmt(dZ.sum(axis=1))} (should be 0)")
    ctx.say("")
    gradcheck.check_cross_entropy_grad(sub, out=ctx.say)
    ctx.say("")
    gradcheck.check_loss_and_grad(sub, out=ctx.say)
    ctx.explain("""Each row of the gradient is (p - one_hot(y)) / n: the true class's entry is
        negative (raise that logit), the others positive, and every row sums to 0.  The
        gradient checker nudges every entry by h both ways and compares the slope of the loss
        with your formula.  A correct gradient gives relative errors around 1e-9 or smaller;
        a missing 1/n gives errors near 1 with 'a constant factor' in the verdict; a wrong
        term gives errors that differ from entry to entry.  Use gradcheck.check_gradient on
        any function you differentiate by hand.""")


@experiment("ep06", "NLL = cross-entropy under one-hot")
def ep06(sub, ctx):
    rng = np.random.default_rng(6)
    y = np.array([2, 0, 1, 1])
    Y = np.asarray(sub.one_hot(y, 3))
    ctx.say(f"one_hot({y.tolist()}, 3) =")
    ctx.say("  " + _fmt(Y, 1).replace("\n", "\n  "))
    Z = rng.normal(size=(4, 3))
    with_labels = float(np.asarray(sub.cross_entropy(Z, y)))
    with_rows = float(np.asarray(sub.cross_entropy(Z, Y)))
    logp = np.asarray(sub.log_softmax(Z))
    nll = float(-np.mean(logp[np.arange(4), y]))
    full = float(-np.mean(np.sum(Y * logp, axis=1)))
    ctx.say(f"  cross_entropy(Z, y)               = {with_labels:.12f}")
    ctx.say(f"  cross_entropy(Z, one_hot(y, 3))   = {with_rows:.12f}")
    ctx.say(f"  NLL: -mean log p[i, y_i]          = {nll:.12f}")
    ctx.say(f"  -mean sum_k Y[i, k] log p[i, k]   = {full:.12f}")
    grad_gap = float(np.max(np.abs(np.asarray(sub.cross_entropy_grad(Z, y))
                                   - np.asarray(sub.cross_entropy_grad(Z, Y)))))
    ctx.say(f"  gradients for y and one_hot(y): largest difference {grad_gap:.1e}")
    soft = 0.9 * Y + 0.1 / 3
    ctx.say(f"  soft labels 0.9 * one_hot + 0.1 / 3: cross_entropy = "
            f"{float(np.asarray(sub.cross_entropy(Z, soft))):.12f}")
    ctx.explain("""The four numbers agree: with a one-hot row only the true class's term of
        -sum_k y_k log p_k survives, and that is -log p of the true class, the negative
        log-likelihood.  The two label forms must give the same loss and gradient.  Soft labels
        (here 'label smoothing') are a genuine distribution: every class contributes, and the
        loss differs.""")


def _zero_init(original):
    def init_params(n_features, n_classes, rng, scale=0.01):
        W, b = original(n_features, n_classes, rng, scale)  # the same draws, then zeroed
        return np.zeros_like(np.asarray(W)), np.zeros_like(np.asarray(b))
    return init_params


def _train(sub, X, y, X_val, y_val, **kwargs):
    """The student's train with validation data; returns (W, b, history, seconds)."""
    started = time.perf_counter()
    W, b, history = sub.train(X, y, X_val=X_val, y_val=y_val, n_classes=10, **kwargs)
    return np.asarray(W), np.asarray(b), history, time.perf_counter() - started


def _accuracy(W, b, X, y):
    return float(np.mean(np.argmax(X @ W + b, axis=1) == y))


def _series(history, key):
    try:
        return [float(v) for v in history[key]]
    except (TypeError, KeyError, ValueError):
        return []


@experiment("ep07", "zero vs random initialisation")
def ep07(sub, ctx):
    X, y, X_val, y_val, description = ctx.small_problem()
    ctx.say(f"Data: {description}")
    _, dW, _ = sub.loss_and_grad(np.zeros((X.shape[1], 10)), np.zeros(10), X[:500], y[:500], 0.0)
    dW = np.asarray(dW)
    gaps = [np.linalg.norm(dW[:, i] - dW[:, j]) for i in range(10) for j in range(i + 1, 10)]
    ctx.say(f"At W = 0 the first gradient's ten columns differ: the closest two are "
            f"{min(gaps):.3g} apart (column norms {np.linalg.norm(dW, axis=0).min():.3g} to "
            f"{np.linalg.norm(dW, axis=0).max():.3g})")
    epochs = 5
    original = sub.init_params
    W_r, b_r, h_r, _ = _train(sub, X, y, X_val, y_val, epochs=epochs)
    sub.init_params = _zero_init(original)
    try:
        W_z, b_z, h_z, _ = _train(sub, X, y, X_val, y_val, epochs=epochs)
    finally:
        sub.init_params = original
    acc_r, acc_z = _series(h_r, "val_acc"), _series(h_z, "val_acc")
    ctx.say(f"Your train(), {epochs} epochs, validation accuracy per epoch:")
    ctx.say(f"  small random W: {_fmt(acc_r)}")
    ctx.say(f"  W = 0:          {_fmt(acc_z)}")
    ctx.say(f"  final: random {_accuracy(W_r, b_r, X_val, y_val):.4f}, "
            f"zero {_accuracy(W_z, b_z, X_val, y_val):.4f}; after training with W = 0 the "
            f"closest two columns of W are {_min_column_gap(W_z):.3g} apart")
    if np.array_equal(W_r, W_z):
        ctx.say("  (the two runs are identical: does your train() call init_params?)")
    ctx.explain("""Both runs learn, to nearly the same accuracy (on all of FashionMNIST: 0.8347
        from W = 0, 0.8349 from small random weights).  A linear softmax classifier has no
        hidden units that could stay identical: at W = 0 every class gets p = 1/K, but each
        column of the gradient, X.T @ (p - Y)[:, k] / n, averages the images of a different
        class, so the columns part ways at the first step.  The 'symmetry' argument of the
        course notes is about hidden layers, where units fed the same weights get the same
        gradient forever; small random weights are the habit such networks need.""")


def _min_column_gap(W):
    K = W.shape[1]
    return min(np.linalg.norm(W[:, i] - W[:, j]) for i in range(K) for j in range(i + 1, K))


@experiment("ep08", "L2 regularisation")
def ep08(sub, ctx):
    rng = np.random.default_rng(8)
    W = rng.normal(size=(4, 3))
    lr, reg = 0.5, 0.1
    penalty, dW = sub.l2_penalty(W, reg)
    decayed = W - lr * np.asarray(dW)
    gap = float(np.max(np.abs(decayed - (1 - lr * reg) * W)))
    ctx.say(f"l2_penalty(W, {reg}) = {float(np.asarray(penalty)):.6f}; "
            f"0.5 * reg * sum(W**2) = {0.5 * reg * np.sum(W ** 2):.6f}")
    ctx.say(f"One step on the penalty alone, W - lr * dW, against (1 - lr * reg) * W = "
            f"{1 - lr * reg:g} * W: largest difference {gap:.1e}")
    if gap < 1e-12:
        ctx.say("  -> the same: each step multiplies W by (1 - lr * reg), 'weight decay'")
    else:
        ratio = float(np.sum(np.asarray(dW) * W) / np.sum(W * W)) / reg
        ctx.say(f"  -> NOT the same: your dW is about {ratio:.3g} * reg * W; the gradient of "
                "0.5 * reg * sum(W**2) is reg * W")
    X, y, X_val, y_val, description = ctx.small_problem()
    ctx.say(f"Data: {description}; your train(), 5 epochs, for several reg:")
    ctx.say(f"  {'reg':>8}  {'|W| (Frobenius)':>15}  {'max |W_ij|':>10}  "
            f"{'last train loss':>15}  {'val acc':>7}")
    for strength in (0.0, 1e-4, 1e-3, 1e-2, 1e-1):
        W_t, b_t, history, _ = _train(sub, X, y, X_val, y_val, epochs=5, reg=strength)
        losses = _series(history, "train_loss")
        last = f"{losses[-1]:.4f}" if losses else "-"
        ctx.say(f"  {strength:>8g}  {np.linalg.norm(W_t):>15.3f}  {np.abs(W_t).max():>10.4f}  "
                f"{last:>15}  {_accuracy(W_t, b_t, X_val, y_val):>7.4f}")
    ctx.explain("""The penalty's gradient reg * W makes every SGD step shrink the weights by
        the factor (1 - lr * reg): 'weight decay'.  In the table the norm of W falls as reg
        grows; the training loss (which includes the penalty) rises; the validation accuracy
        barely moves for small reg and drops once the penalty dominates.  L1 would push many
        weights to exactly 0 instead; L2 keeps them all, small, and keeps the objective
        smooth.""")


@experiment("ep09", "mini-batches")
def ep09(sub, ctx):
    rng = np.random.default_rng(9)
    first = [np.asarray(i).tolist() for i in sub.minibatches(10, 4, rng)]
    second = [np.asarray(i).tolist() for i in sub.minibatches(10, 4, rng)]
    ctx.say(f"minibatches(10, 4, rng), called twice with the same rng:")
    ctx.say(f"  epoch 1: {first}")
    ctx.say(f"  epoch 2: {second}")
    sizes = [len(batch) for batch in first]
    every = sorted(i for batch in first for i in batch) == list(range(10))
    ctx.say(f"  sizes {sizes} (should be [4, 4, 2]); every index once: "
            f"{'yes' if every else 'NO'}; a new order the second time: "
            f"{'yes' if first != second else 'NO'}")
    X, y, X_val, y_val, description = ctx.small_problem()
    n = len(X)
    ctx.say(f"Data: {description}; one epoch of your train() per batch size:")
    ctx.say(f"  {'batch':>6}  {'steps':>6}  {'seconds':>7}  {'us/example':>10}  "
            f"{'train loss':>10}  {'val acc':>7}")
    for batch_size in (8, 32, 128, 512, n):
        W_t, b_t, history, seconds = _train(sub, X, y, X_val, y_val, epochs=1,
                                            batch_size=batch_size)
        losses = _series(history, "train_loss")
        loss = f"{losses[-1]:.4f}" if losses else "-"
        accuracy = _accuracy(W_t, b_t, X_val, y_val)
        ctx.say(f"  {batch_size:>6}  {math.ceil(n / batch_size):>6}  {seconds:>7.3f}  "
                f"{seconds / n * 1e6:>10.1f}  {loss:>10}  {accuracy:>7.4f}")
    ctx.explain("""Every call of minibatches draws a new permutation, so the batches group
        different examples every epoch, and the last batch is the remainder.  In one epoch a
        small batch takes many cheap, noisy steps and gets further; a full batch (the last
        row) takes one accurate step and learns little.  Per example, small batches cost more
        time (Python overhead per step; numpy is efficient on larger matrices).  128 is a
        common compromise; with a different batch size the learning rate often needs
        retuning.""")


def _curve(ctx, train_loss, val_acc):
    ctx.say(f"  {'epoch':>5}  {'train loss':>10}  {'val acc':>7}")
    top = max([v for v in train_loss if np.isfinite(v)] + [1e-12])
    for epoch, loss in enumerate(train_loss, 1):
        acc = f"{val_acc[epoch - 1]:.4f}" if epoch <= len(val_acc) else "-"
        bar = "#" * int(round(30 * loss / top)) if np.isfinite(loss) else "nan"
        ctx.say(f"  {epoch:>5}  {loss:>10.4f}  {acc:>7}  {bar}")


@experiment("ep10", "monitoring")
def ep10(sub, ctx):
    X, y, X_val, y_val, description = ctx.small_problem()
    ctx.say(f"Data: {description}; your train(), 8 epochs, your history:")
    _, _, history, _ = _train(sub, X, y, X_val, y_val, epochs=8)
    train_loss, val_acc = _series(history, "train_loss"), _series(history, "val_acc")
    if not train_loss:
        ctx.say("  history['train_loss'] is missing or empty: EP10 asks for one number per epoch")
    _curve(ctx, train_loss, val_acc)
    small = 100
    ctx.say(f"The same with only {small} training images and reg = 0, 30 epochs:")
    W_s, b_s, history, _ = _train(sub, X[:small], y[:small], X_val, y_val, epochs=30, reg=0.0,
                                  batch_size=20)
    train_loss, val_acc = _series(history, "train_loss"), _series(history, "val_acc")
    every = list(range(0, len(train_loss), 5)) + ([len(train_loss) - 1]
                                                    if len(train_loss) % 5 != 1 else [])
    _curve_rows(ctx, train_loss, val_acc, every)
    ctx.say(f"  accuracy on those {small} training images "
            f"{_accuracy(W_s, b_s, X[:small], y[:small]):.4f}, on the validation images "
            f"{_accuracy(W_s, b_s, X_val, y_val):.4f}")
    ctx.explain("""The training loss answers 'is the optimiser working?': it should fall
        quickly, then slowly; a loss that rises or jumps around means the learning rate is too
        large, a flat one near ln 10 that nothing is learned.  The validation accuracy answers
        'does it generalise?'.  With 100 images the model learns them almost by heart (the
        training loss keeps falling, the training accuracy gets near 1) while the validation
        accuracy stays far below: that gap is overfitting, and only monitoring both shows it.
        make train draws these curves for the full data.""")


def _curve_rows(ctx, train_loss, val_acc, rows):
    ctx.say(f"  {'epoch':>5}  {'train loss':>10}  {'val acc':>7}")
    for index in rows:
        acc = f"{val_acc[index]:.4f}" if index < len(val_acc) else "-"
        ctx.say(f"  {index + 1:>5}  {train_loss[index]:>10.4f}  {acc:>7}")


# ----------------------------------------------------------------------------
# running them


def normalise_key(text):
    """``"ep01"``, ``"EP1"``, ``"1"`` -> ``"ep01"``; None when not one of the ten."""
    digits = text.lower().removeprefix("ep")
    if not digits.isdigit():
        return None
    key = f"ep{int(digits):02d}"
    return key if key in EXPERIMENTS else None


def run(module, keys=None, *, data="auto", out=print):
    """Run the experiments ``keys`` (default all) on ``module``.

    Returns the number of experiments that failed in the student's code (a
    function not written yet counts as skipped, not failed).
    """
    ctx = Context(data, out)
    path = getattr(module, "__kit_path__", None) or getattr(module, "__file__", "softmax.py")
    failures = 0
    for key in keys or list(EXPERIMENTS):
        title, function = EXPERIMENTS[key]
        label = f"EP{int(key[2:])}"
        out("=" * 78)
        out(f"{label}: {title}")
        out("-" * 78)
        try:
            with np.errstate(all="ignore"):
                function(module, ctx)
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except kit.UsageError as error:
            out(f"{label}: cannot run: {error}")
            failures += 1
        except BaseException as error:
            missing = kit.not_implemented_in(error, path)
            if missing is not None:
                out(f"{label}: implement {missing}() first (it still raises "
                    "NotImplementedError), then run this experiment again.")
            else:
                out(f"{label}: stopped by an error in your code")
                out(kit.describe_error(error, path))
                failures += 1
        out("")
    return failures


def main(argv=None):
    parser = kit.OneLineParser(
        prog="experiments.py",
        description="Sanity-check experiments on your softmax.py, one per exploration point.")
    parser.add_argument("experiments", nargs="*", metavar="epNN",
                        help="which ones (ep01 ... ep10, default all)")
    parser.add_argument("--submission", default=str(HERE / "softmax.py"), metavar="PATH",
                        help="your softmax.py (default: the one next to this script)")
    parser.add_argument("--data", choices=("auto", "fashion", "synthetic"), default="auto",
                        help="data of EP7-EP10 (default: FashionMNIST if installed, else "
                             "generated images)")
    args = parser.parse_args(argv)
    keys = []
    for text in args.experiments:
        key = normalise_key(text)
        if key is None:
            print(f"error: unknown experiment {text!r}: choose from "
                  f"{', '.join(EXPERIMENTS)}", file=sys.stderr)
            return 2
        keys.append(key)
    try:
        module = kit.load_submission(args.submission)
    except kit.UsageError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except kit.StudentError as error:
        print(error, file=sys.stderr)
        return 1
    try:
        failures = run(module, keys, data=args.data)
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # e.g. piped into head
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
