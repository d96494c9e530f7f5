"""Experiments EP7 to EP10: initialisation, L2 regularisation, mini-batches, monitoring."""

import math
import time

import numpy as np

from autograder.i18n import N_, tr

from .experiments import experiment
from .explore_numbers import fmt


def _zero_init(original):
    def init_params(n_features, n_classes, rng, scale=0.01):
        W, b = original(n_features, n_classes, rng, scale)  # the same draws, then zeroed
        return np.zeros_like(np.asarray(W)), np.zeros_like(np.asarray(b))
    return init_params


def train_small(sub, X, y, X_val, y_val, **kwargs):
    """The student's train with validation data; returns ``(W, b, history, seconds)``."""
    started = time.perf_counter()
    W, b, history = sub.train(X, y, X_val=X_val, y_val=y_val, n_classes=10, **kwargs)
    return np.asarray(W), np.asarray(b), history, time.perf_counter() - started


def accuracy(W, b, X, y):
    """Fraction of ``X : (n, d)`` whose argmax of ``X @ W + b`` is ``y : (n,)``."""
    return float(np.mean(np.argmax(X @ W + b, axis=1) == y))


def series(history, key):
    try:
        return [float(v) for v in history[key]]
    except (TypeError, KeyError, ValueError):
        return []


def _min_column_gap(W):
    K = W.shape[1]
    return min(np.linalg.norm(W[:, i] - W[:, j]) for i in range(K) for j in range(i + 1, K))


@experiment("ep07", N_("zero vs random initialisation"))
def ep07(sub, ctx):
    X, y, X_val, y_val, description = ctx.small_problem()
    ctx.say(tr("Data: {data}", data=description))
    _, dW, _ = sub.loss_and_grad(np.zeros((X.shape[1], 10)), np.zeros(10), X[:500], y[:500], 0.0)
    dW = np.asarray(dW)
    gaps = [np.linalg.norm(dW[:, i] - dW[:, j]) for i in range(10) for j in range(i + 1, 10)]
    norms = np.linalg.norm(dW, axis=0)
    ctx.say(tr("At W = 0 the first gradient's ten columns differ: the closest two are {gap:.3g} "
               "apart (column norms {low:.3g} to {high:.3g})", gap=min(gaps), low=norms.min(),
               high=norms.max()))
    epochs = 5
    original = sub.init_params
    W_r, b_r, h_r, _ = train_small(sub, X, y, X_val, y_val, epochs=epochs)
    sub.init_params = _zero_init(original)
    try:
        W_z, b_z, h_z, _ = train_small(sub, X, y, X_val, y_val, epochs=epochs)
    finally:
        sub.init_params = original
    ctx.say(tr("Your train(), {epochs} epochs, validation accuracy per epoch:", epochs=epochs))
    ctx.say(tr("  small random W: {values}", values=fmt(series(h_r, "val_acc"))))
    ctx.say(tr("  W = 0:          {values}", values=fmt(series(h_z, "val_acc"))))
    ctx.say(tr("  final: random {random:.4f}, zero {zero:.4f}; after training with W = 0 the "
               "closest two columns of W are {gap:.3g} apart",
               random=accuracy(W_r, b_r, X_val, y_val), zero=accuracy(W_z, b_z, X_val, y_val),
               gap=_min_column_gap(W_z)))
    if np.array_equal(W_r, W_z):
        ctx.say(tr("  (the two runs are identical: does your train() call init_params?)"))
    ctx.explain(tr(
        "Both runs learn, to nearly the same accuracy (on all of FashionMNIST: 0.8347 from "
        "W = 0, 0.8349 from small random weights). A linear softmax classifier has no hidden "
        "units that could stay identical: at W = 0 every class gets p = 1/K, but each column "
        "of the gradient, X.T @ (p - Y)[:, k] / n, averages the images of a different class, "
        "so the columns part ways at the first step. The 'symmetry' argument of the course "
        "notes is about hidden layers, where units fed the same weights get the same gradient "
        "forever; small random weights are the habit such networks need."))


@experiment("ep08", N_("L2 regularisation"))
def ep08(sub, ctx):
    rng = np.random.default_rng(8)
    W = rng.normal(size=(4, 3))
    lr, reg = 0.5, 0.1
    penalty, dW = sub.l2_penalty(W, reg)
    decayed = W - lr * np.asarray(dW)
    gap = float(np.max(np.abs(decayed - (1 - lr * reg) * W)))
    ctx.say(tr("l2_penalty(W, {reg}) = {penalty:.6f}; 0.5 * reg * sum(W**2) = {expected:.6f}",
               reg=reg, penalty=float(np.asarray(penalty)), expected=0.5 * reg * np.sum(W ** 2)))
    ctx.say(tr("One step on the penalty alone, W - lr * dW, against (1 - lr * reg) * W = "
               "{factor:g} * W: largest difference {gap:.1e}", factor=1 - lr * reg, gap=gap))
    if gap < 1e-12:
        ctx.say(tr("  -> the same: each step multiplies W by (1 - lr * reg), 'weight decay'"))
    else:
        ratio = float(np.sum(np.asarray(dW) * W) / np.sum(W * W)) / reg
        ctx.say(tr("  -> NOT the same: your dW is about {ratio:.3g} * reg * W; the gradient of "
                   "0.5 * reg * sum(W**2) is reg * W", ratio=ratio))
    X, y, X_val, y_val, description = ctx.small_problem()
    ctx.say(tr("Data: {data}; your train(), 5 epochs, for several reg:", data=description))
    ctx.say(f"  {'reg':>8}  {tr('|W| (Frobenius)'):>15}  {'max |W_ij|':>10}  "
            f"{tr('last train loss'):>15}  {tr('val acc'):>7}")
    for strength in (0.0, 1e-4, 1e-3, 1e-2, 1e-1):
        W_t, b_t, history, _ = train_small(sub, X, y, X_val, y_val, epochs=5, reg=strength)
        losses = series(history, "train_loss")
        last = f"{losses[-1]:.4f}" if losses else "-"
        ctx.say(f"  {strength:>8g}  {np.linalg.norm(W_t):>15.3f}  {np.abs(W_t).max():>10.4f}  "
                f"{last:>15}  {accuracy(W_t, b_t, X_val, y_val):>7.4f}")
    ctx.explain(tr(
        "The penalty's gradient reg * W makes every SGD step shrink the weights by the factor "
        "(1 - lr * reg): 'weight decay'. In the table the norm of W falls as reg grows; the "
        "training loss (which includes the penalty) rises; the validation accuracy barely moves "
        "for small reg and drops once the penalty dominates. L1 would push many weights to "
        "exactly 0 instead; L2 keeps them all, small, and keeps the objective smooth."))


@experiment("ep09", N_("mini-batches"))
def ep09(sub, ctx):
    rng = np.random.default_rng(9)
    first = [np.asarray(i).tolist() for i in sub.minibatches(10, 4, rng)]
    second = [np.asarray(i).tolist() for i in sub.minibatches(10, 4, rng)]
    ctx.say(tr("minibatches(10, 4, rng), called twice with the same rng:"))
    ctx.say(tr("  epoch 1: {batches}", batches=first))
    ctx.say(tr("  epoch 2: {batches}", batches=second))
    sizes = [len(batch) for batch in first]
    every = sorted(i for batch in first for i in batch) == list(range(10))
    ctx.say(tr("  sizes {sizes} (should be [4, 4, 2]); every index once: {every}; a new order "
               "the second time: {new}", sizes=sizes, every=tr("yes") if every else tr("NO"),
               new=tr("yes") if first != second else tr("NO")))
    X, y, X_val, y_val, description = ctx.small_problem()
    n = len(X)
    ctx.say(tr("Data: {data}; one epoch of your train() per batch size:", data=description))
    ctx.say(f"  {'batch':>6}  {'steps':>6}  {'seconds':>7}  {'us/example':>10}  "
            f"{tr('train loss'):>10}  {tr('val acc'):>7}")
    for batch_size in (8, 32, 128, 512, n):
        W_t, b_t, history, seconds = train_small(sub, X, y, X_val, y_val, epochs=1,
                                                 batch_size=batch_size)
        losses = series(history, "train_loss")
        loss = f"{losses[-1]:.4f}" if losses else "-"
        ctx.say(f"  {batch_size:>6}  {math.ceil(n / batch_size):>6}  {seconds:>7.3f}  "
                f"{seconds / n * 1e6:>10.1f}  {loss:>10}  {accuracy(W_t, b_t, X_val, y_val):>7.4f}")
    ctx.explain(tr(
        "Every call of minibatches draws a new permutation, so the batches group different "
        "examples every epoch, and the last batch is the remainder. In one epoch a small batch "
        "takes many cheap, noisy steps and gets further; a full batch (the last row) takes one "
        "accurate step and learns little. Per example, small batches cost more time (Python "
        "overhead per step; numpy is efficient on larger matrices). 128 is a common compromise; "
        "with a different batch size the learning rate often needs retuning."))


def _curve_rows(ctx, train_loss, val_acc, rows):
    ctx.say(f"  {tr('epoch'):>5}  {tr('train loss'):>10}  {tr('val acc'):>7}")
    for index in rows:
        acc = f"{val_acc[index]:.4f}" if index < len(val_acc) else "-"
        ctx.say(f"  {index + 1:>5}  {train_loss[index]:>10.4f}  {acc:>7}")


@experiment("ep10", N_("monitoring"))
def ep10(sub, ctx):
    X, y, X_val, y_val, description = ctx.small_problem()
    ctx.say(tr("Data: {data}; your train(), 8 epochs, your history:", data=description))
    _, _, history, _ = train_small(sub, X, y, X_val, y_val, epochs=8)
    train_loss, val_acc = series(history, "train_loss"), series(history, "val_acc")
    if not train_loss:
        ctx.say(tr("  history['train_loss'] is missing or empty: EP10 asks for one number per "
                   "epoch"))
    _curve_rows(ctx, train_loss, val_acc, range(len(train_loss)))
    small = 100
    ctx.say(tr("The same with only {count} training images and reg = 0, 30 epochs:", count=small))
    W_s, b_s, history, _ = train_small(sub, X[:small], y[:small], X_val, y_val, epochs=30,
                                       reg=0.0, batch_size=20)
    train_loss, val_acc = series(history, "train_loss"), series(history, "val_acc")
    rows = sorted(set(range(0, len(train_loss), 5)) | ({len(train_loss) - 1} if train_loss
                                                       else set()))
    _curve_rows(ctx, train_loss, val_acc, rows)
    ctx.say(tr("  accuracy on those {count} training images {train:.4f}, on the validation "
               "images {val:.4f}", count=small, train=accuracy(W_s, b_s, X[:small], y[:small]),
               val=accuracy(W_s, b_s, X_val, y_val)))
    ctx.explain(tr(
        "The training loss answers 'is the optimiser working?': it should fall quickly, then "
        "slowly; a loss that rises or jumps around means the learning rate is too large, a flat "
        "one near ln 10 that nothing is learned. The validation accuracy answers 'does it "
        "generalise?'. With 100 images the model learns them almost by heart (the training loss "
        "keeps falling, the training accuracy gets near 1) while the validation accuracy stays "
        "far below: that gap is overfitting, and only monitoring both shows it. The train "
        "command draws these curves for the full data."))
