"""Experiments EP1 to EP6: softmax, its stability, argmax, cross-entropy and its gradient."""

import math
import warnings

import numpy as np

from autograder.i18n import N_, tr

from . import gradcheck
from .experiments import experiment


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def fmt(array, digits=4):
    """A numpy array on one or a few lines, ``digits`` significant digits."""
    return np.array2string(np.asarray(array, dtype=float), precision=digits, suppress_small=False,
                           floatmode="maxprec", max_line_width=100)


def _warn_errors():
    """numpy's defaults: warn on overflow, invalid values and division by 0."""
    return np.errstate(over="warn", invalid="warn", divide="warn", under="ignore")


def _warnings_text(caught):
    messages = sorted({f"{w.category.__name__}: {w.message}" for w in caught})
    return "; ".join(messages) if messages else tr("no warning")


def _watched(function, *args):
    """``(function(*args) as an array, the warnings it raised as text)``."""
    with warnings.catch_warnings(record=True) as caught, _warn_errors():
        warnings.simplefilter("always")
        value = np.asarray(function(*args))
    return value, _warnings_text(caught)


@experiment("ep01", N_("softmax vs sigmoid"))
def ep01(sub, ctx):
    z = np.array([[2.0, 0.5], [-1.0, 3.0], [0.0, 0.0], [10.0, -10.0]])
    p = np.asarray(sub.softmax(z))
    sig = sigmoid(z[:, 0] - z[:, 1])
    ctx.say(tr("Two classes, scores [a, b]: softmax's first entry next to sigmoid(a - b)"))
    ctx.say(f"  {'a':>6} {'b':>6}  {'softmax([a, b])[0]':>19}  {'sigmoid(a - b)':>15}")
    for (a, b), first, s in zip(z, p[:, 0], sig):
        ctx.say(f"  {a:>6g} {b:>6g}  {first:>19.12f}  {s:>15.12f}")
    gap = float(np.max(np.abs(p[:, 0] - sig)))
    verdict = tr("the same function") if gap < 1e-12 else tr("NOT the same: check softmax")
    ctx.say(tr("  largest difference: {gap:.1e} -> {verdict}", gap=gap, verdict=verdict))
    three = np.array([2.0, 1.0, 0.1])
    separate = sigmoid(three)
    together = np.asarray(sub.softmax(three))
    ctx.say(tr("Three classes, scores {scores}:", scores=fmt(three)))
    ctx.say(tr("  three separate sigmoids: {values}  sum {total:.4f}", values=fmt(separate),
               total=separate.sum()))
    ctx.say(tr("  softmax:                 {values}  sum {total:.4f}", values=fmt(together),
               total=together.sum()))
    ctx.explain(tr(
        "With two classes the two columns agree to the last digits: softmax of [a, b] is "
        "sigmoid(a - b), so softmax is the many-class sigmoid. With three classes separate "
        "sigmoids answer three unrelated yes/no questions and their sum is not 1; softmax shares "
        "one unit of probability among the classes, which is what 'which one class is it?' "
        "needs."))


@experiment("ep02", N_("numerical stability"))
def ep02(sub, ctx):
    z = np.array([1000.0, 0.0])
    naive, naive_warnings = _watched(lambda v: np.exp(v) / np.exp(v).sum(), z)
    ctx.say(f"z = {fmt(z)}")
    ctx.say(tr("  naive exp(z) / sum(exp(z)): {values}   ({warnings})", values=fmt(naive),
               warnings=naive_warnings))
    yours, caught = _watched(sub.softmax, z)
    ctx.say(tr("  your softmax(z):            {values}   ({warnings})", values=fmt(yours),
               warnings=caught))
    rows = np.array([[1000.0, 0.0], [0.0, -1000.0], [-1000.0, -1001.0]])
    batch, caught = _watched(sub.softmax, rows)
    ctx.say(tr("rows shifted by very different amounts, {rows}:", rows=rows.tolist()))
    ctx.say(tr("  your softmax: {values}   ({warnings})",
               values=fmt(batch).replace("\n", "\n                "), warnings=caught))
    big = np.array([1e4, 0.0, -1e4])
    via_log, caught = _watched(lambda v: np.log(np.asarray(sub.softmax(v))), big)
    ctx.say(f"z = {fmt(big)}")
    ctx.say(tr("  np.log(your softmax(z)): {values}   ({warnings})", values=fmt(via_log),
               warnings=caught))
    logp, caught = _watched(sub.log_softmax, big)
    ctx.say(tr("  your log_softmax(z):     {values}   ({warnings})", values=fmt(logp),
               warnings=caught))
    if not (np.all(np.isfinite(yours)) and np.all(np.isfinite(batch))):
        ctx.say(tr("  -> softmax is NOT finite everywhere: subtract each row's own maximum first"))
    elif not np.all(np.isfinite(logp)):
        ctx.say(tr("  -> log_softmax is NOT finite: compute it from the shifted scores "
                   "(log-sum-exp), never as np.log(softmax(z))"))
    else:
        ctx.say(tr("  -> all finite"))
    ctx.explain(tr(
        "exp(1000) overflows to inf, inf / inf is nan: the naive formula fails with an overflow "
        "warning. Yours should give [1, 0] silently, because it subtracts each row's maximum "
        "first (softmax(z - c) = softmax(z)); the three rows of the batch need three different "
        "maxima. np.log of a probability that underflowed to 0 is -inf, while log_softmax, "
        "computed from the shifted scores (log-sum-exp), stays finite: [0, -1e4, -2e4]."))


def _has(function, *args):
    try:
        function(*args)
        return True
    except NotImplementedError:
        return False


@experiment("ep03", N_("softmax vs argmax"))
def ep03(sub, ctx):
    rng = np.random.default_rng(3)
    X, W, b = rng.normal(size=(8, 5)), rng.normal(size=(5, 4)), rng.normal(size=4)
    logits = X @ W + b
    yours = np.asarray(sub.predict(W, b, X))
    by_logits = np.argmax(logits, axis=1)
    ctx.say(tr("8 examples, 4 classes: your predict(W, b, X)      = {labels}",
               labels=yours.tolist()))
    ctx.say(tr("                       argmax of the logits       = {labels}",
               labels=by_logits.tolist()))
    if _has(sub.softmax, logits):
        by_softmax = np.argmax(np.asarray(sub.softmax(logits)), axis=1)
        ctx.say(tr("                       argmax of softmax(logits)  = {labels}",
                   labels=by_softmax.tolist()))
    else:
        ctx.say(tr("                       (argmax of softmax: softmax not written yet)"))
    same = yours.shape == by_logits.shape and bool(np.all(yours == by_logits))
    ctx.say("  -> " + (tr("identical") if same
                       else tr("DIFFERENT: predict is the argmax of X @ W + b")))
    ctx.say(tr("Moving one logit through the top: scores [1.0, z1, -0.5]"))
    ctx.say(f"  {'z1':>6}  {'argmax':>6}  {'softmax p1':>10}")
    for z1 in (0.8, 0.9, 0.99, 1.01, 1.1, 1.2):
        z = np.array([1.0, z1, -0.5])
        p1 = float(np.asarray(sub.softmax(z))[1]) if _has(sub.softmax, z) else float("nan")
        ctx.say(f"  {z1:>6.2f}  {int(np.argmax(z)):>6d}  {p1:>10.4f}")
    ctx.explain(tr(
        "The three label lists agree: softmax never changes which logit is largest, so "
        "prediction needs no softmax. In the second table argmax stays flat and then jumps from "
        "0 to 1: its derivative is 0 (or undefined), so it cannot tell the weights which way to "
        "move. Softmax's p1 changes a little for every little change of z1; that smooth change "
        "is what the gradient uses."))


@experiment("ep04", N_("cross-entropy loss"))
def ep04(sub, ctx):
    rng = np.random.default_rng(4)
    ctx.say(tr("The loss before any training (init_params, pixel-like inputs in [0, 1]):"))
    ctx.say(f"  {'K':>4}  {tr('your loss'):>10}  {'ln K':>8}  {tr('all-zero logits'):>15}")
    for K in (2, 10, 100):
        X = rng.uniform(0.0, 1.0, size=(500, 784))
        y = rng.integers(0, K, size=500)
        W, b = sub.init_params(784, K, np.random.default_rng(0))
        loss = float(np.asarray(sub.cross_entropy(X @ np.asarray(W) + np.asarray(b), y)))
        zero = float(np.asarray(sub.cross_entropy(np.zeros((500, K)), y)))
        ctx.say(f"  {K:>4}  {loss:>10.4f}  {math.log(K):>8.4f}  {zero:>15.4f}")
    ctx.say(tr("A confident mistake: the true class gets probability p, three classes in all"))
    ctx.say(f"  {tr('p(true)'):>8}  {tr('cross-entropy'):>13}  {'d/dz_true':>9}  "
            f"{tr('squared error'):>13}  {'d/dz_true':>9}")
    for p_true in (0.9, 0.5, 0.1, 0.01, 1e-4):
        rest = (1 - p_true) / 2
        z = np.log(np.array([[p_true, rest, rest]]))
        p = np.array([p_true, rest, rest])
        target = np.array([1.0, 0.0, 0.0])
        ce = float(np.asarray(sub.cross_entropy(z, np.array([0]))))
        mse = float(np.sum((p - target) ** 2))
        jacobian = np.diag(p) - np.outer(p, p)  # d p_k / d z_j
        mse_grad = float((2 * (p - target)) @ jacobian[:, 0])
        ctx.say(f"  {p_true:>8g}  {ce:>13.4f}  {p_true - 1.0:>9.4f}  {mse:>13.4f}  "
                f"{mse_grad:>9.4f}")
    ctx.explain(tr(
        "First table: small random weights give logits near 0, so every class gets about 1/K "
        "and the loss is about ln K (2.303 for the ten FashionMNIST classes); all-zero logits "
        "give ln K exactly. A first loss far from ln K means a bug (a sum instead of a mean, "
        "weights too large) before any training. Second table: as the model becomes "
        "confidently wrong, the cross-entropy grows without bound and its gradient on the true "
        "logit tends to -1, a strong push to fix the mistake. The squared error stays below 2 "
        "and its gradient shrinks to 0: the worse the mistake, the slower it is corrected."))


@experiment("ep05", N_("the gradient p - y"))
def ep05(sub, ctx):
    rng = np.random.default_rng(5)
    logits = rng.normal(0.0, 2.0, size=(3, 4))
    y = np.array([0, 3, 1])
    dZ = np.asarray(sub.cross_entropy_grad(logits, y))
    ctx.say(tr("cross_entropy_grad on 3 examples, labels {labels}; the rows of p - one_hot(y), "
               "divided by n = 3:", labels=y.tolist()))
    ctx.say("  " + fmt(dZ).replace("\n", "\n  "))
    ctx.say(tr("  row sums: {sums} (should be 0)", sums=fmt(dZ.sum(axis=1))))
    ctx.say("")
    gradcheck.check_cross_entropy_grad(sub, out=ctx.say)
    ctx.say("")
    gradcheck.check_loss_and_grad(sub, out=ctx.say)
    ctx.explain(tr(
        "Each row of the gradient is (p - one_hot(y)) / n: the true class's entry is negative "
        "(raise that logit), the others positive, and every row sums to 0. The gradient checker "
        "nudges every entry by h both ways and compares the slope of the loss with your "
        "formula. A correct gradient gives relative errors around 1e-9 or smaller; a missing "
        "1/n gives errors near 1 with 'a constant factor' in the verdict; a wrong term gives "
        "errors that differ from entry to entry. Use check_gradient on any function you "
        "differentiate by hand."))


@experiment("ep06", N_("NLL = cross-entropy under one-hot"))
def ep06(sub, ctx):
    rng = np.random.default_rng(6)
    y = np.array([2, 0, 1, 1])
    Y = np.asarray(sub.one_hot(y, 3))
    ctx.say(f"one_hot({y.tolist()}, 3) =")
    ctx.say("  " + fmt(Y, 1).replace("\n", "\n  "))
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
    ctx.say(tr("  gradients for y and one_hot(y): largest difference {gap:.1e}", gap=grad_gap))
    soft = 0.9 * Y + 0.1 / 3
    ctx.say(tr("  soft labels 0.9 * one_hot + 0.1 / 3: cross_entropy = {loss:.12f}",
               loss=float(np.asarray(sub.cross_entropy(Z, soft)))))
    ctx.explain(tr(
        "The four numbers agree: with a one-hot row only the true class's term of -sum_k y_k "
        "log p_k survives, and that is -log p of the true class, the negative log-likelihood. "
        "The two label forms must give the same loss and gradient. Soft labels (here 'label "
        "smoothing') are a genuine distribution: every class contributes, and the loss "
        "differs."))
