"""Signs that something is wrong: before training (the first loss) and during it (the curve).

:func:`sanity_check` compares the untrained model's loss with ``ln K``;
:func:`loss_trouble` reads a training-loss curve and names likely causes
when it rises or becomes nan; :func:`chance_warning` notices a trained model
that guesses.
"""

import math

import numpy as np

from autograder.i18n import N_, tr

from .loading import CodeFailed, as_loss, call_student

SANITY_SAMPLES = 1000
CLEAR_RISE = 1.25  # a loss 25 % above the best epoch so far is no longer SGD noise
CHANCE_FACTOR = 1.5  # a validation accuracy below 1.5 / K is hardly better than guessing
_CAUSES = N_("Likely causes: the gradient has the wrong sign (the step is W - lr * dW; run "
           "gradcheck), the learning rate is too large (try one 10 times smaller), or the "
           "gradient is too large (a sum over the batch instead of a mean).")


def loss_trouble(train_loss, initial_loss=None):
    """A warning with likely causes when the loss is not finite or rises; else None.

    Parameters
    ----------
    train_loss : list of float
        The mean training loss of each epoch so far.
    initial_loss : float, optional
        The untrained model's loss (the sanity check's): a first epoch clearly
        above it is a rise too.
    """
    losses = list(train_loss)
    for epoch, loss in enumerate(losses, 1):
        if not math.isfinite(loss):
            return tr("warning: the training loss became {value} in epoch {epoch}. Likely "
                      "causes: the steps diverged (learning rate too large: try one 10 times "
                      "smaller), or an unstable softmax or log (subtract each row's maximum; "
                      "compute log_softmax with log-sum-exp, never np.log(softmax(z))).",
                      value=loss, epoch=epoch)
    if (initial_loss is not None and math.isfinite(initial_loss) and losses
            and losses[0] > CLEAR_RISE * initial_loss):
        return tr("warning: the training loss rises (before training: {first:.4g}, epoch 1: "
                  "{last:.4g}): the steps go uphill.", first=initial_loss,
                  last=losses[0]) + " " + tr(_CAUSES)
    if len(losses) < 2:
        return None
    rises_every_epoch = len(losses) >= 3 and all(b > a for a, b in zip(losses, losses[1:]))
    best = min(losses[:-1])
    if rises_every_epoch or losses[-1] > CLEAR_RISE * best:
        return tr("warning: the training loss rises (epoch 1: {first:.4g}, epoch {epoch}: "
                  "{last:.4g}): the steps go uphill.", first=losses[0], last=losses[-1],
                  epoch=len(losses)) + " " + tr(_CAUSES)
    return None


def chance_warning(accuracy, n_classes, train_loss, initial_loss):
    """A warning when a trained model guesses: chance accuracy, and a loss that did not fall.

    A short run on hard data can still be near chance while its loss falls:
    that is slow learning, not a bug, and gets no warning.

    Parameters
    ----------
    accuracy : float or None
        Validation accuracy after training.
    train_loss : list of float
        The mean training loss of each epoch.
    initial_loss : float
        The untrained model's loss.
    """
    if accuracy is None or accuracy > CHANCE_FACTOR / n_classes:
        return None
    last = train_loss[-1] if train_loss else math.nan
    if math.isfinite(last) and math.isfinite(initial_loss) and last < 0.95 * initial_loss:
        return None
    return tr("warning: after training the validation accuracy is {accuracy:.4f}, what guessing "
              "one of {K} classes gives: nothing was learned. Check that train() updates W and b "
              "with W - lr * dW after every batch and returns the trained values, and run "
              "gradcheck.", accuracy=accuracy, K=n_classes)


def sanity_check(module, X, y, n_classes, reg, seed, out=print):
    """Print the loss of the untrained model and whether it is plausible.

    With all weights 0 every class gets probability ``1/K``, so the mean
    cross-entropy is exactly ``ln K`` whatever the data; small random weights
    keep the logits near 0 and the loss near ``ln K``.

    Returns
    -------
    (float, bool)
        The initial loss and whether it is close to ``ln K``.
    """
    path = module.__kit_path__
    m = min(SANITY_SAMPLES, len(X))
    Xs, ys = X[:m], y[:m]
    d, K = X.shape[1], n_classes
    expected = math.log(K)
    context = tr("in {function}() (sanity check before training)", function="init_params")
    W, b = call_student(path, context, module.init_params, d, K, np.random.default_rng(seed))
    W, b = np.asarray(W), np.asarray(b)
    if W.shape != (d, K) or b.shape != (K,):
        raise CodeFailed(tr("error: init_params({d}, {K}, rng) returned W of shape {W_shape} and "
                            "b of shape {b_shape}; expected ({d}, {K}) and ({K},)", d=d, K=K,
                            W_shape=W.shape, b_shape=b.shape))
    context = tr("in {function}() (sanity check before training)", function="loss_and_grad")
    loss = as_loss(call_student(path, context, module.loss_and_grad, W, b, Xs, ys, reg)[0],
                   "loss_and_grad")
    head = tr("sanity check: the untrained model's loss on {m} training images is {loss:.4f}; "
              "with {K} classes it should be close to ln {K} = {expected:.4f}", m=m, loss=loss,
              K=K, expected=expected)
    if np.isfinite(loss) and abs(loss - expected) < 0.1:
        out(head + tr(": OK"))
        return loss, True
    out(head + tr(": NOT CLOSE. Possible causes:"))
    reasons = []
    zero = as_loss(call_student(path, context, module.loss_and_grad, np.zeros((d, K)),
                                np.zeros(K), Xs, ys, reg)[0], "loss_and_grad")
    if not math.isclose(zero, expected, rel_tol=1e-6):
        if math.isclose(zero, m * expected, rel_tol=1e-3):
            reasons.append(tr("the loss is a sum over the batch, not a mean: with all weights 0 "
                              "it is {zero:.1f} = {m} x ln {K}; divide by the batch size",
                              zero=zero, m=m, K=K))
        elif zero < 0:
            reasons.append(tr("the loss is negative ({zero:.4g} with all weights 0): a sign is "
                              "missing, the loss is -log p of the true class", zero=zero))
        else:
            reasons.append(tr("with all weights 0 every class has probability 1/{K}, so the loss "
                              "must be exactly ln {K} = {expected:.4f} on any data; yours is "
                              "{zero:.6g}: check cross_entropy and log_softmax", K=K,
                              expected=expected, zero=zero))
    spread = float(np.mean(np.std(Xs @ W + b, axis=1)))
    scale = float(np.std(W))
    if scale > 0.05 or spread > 0.5:
        reasons.append(tr("the initial weights are too large: std(W) = {scale:.3g} (the default "
                          "scale is 0.01), so the first logits already differ by about "
                          "{spread:.2g} between classes and the untrained model is confidently "
                          "wrong; check init_params", scale=scale, spread=spread))
    if np.ptp(b) > 1e-3:
        reasons.append(tr("the initial bias is not zero (from {low:.3g} to {high:.3g}): it "
                          "pushes some classes ahead of others before any learning; start from "
                          "b = 0", low=b.min(), high=b.max()))
    if not np.isfinite(loss):
        reasons.append(tr("the loss is not finite: use log_softmax (the log-sum-exp trick), "
                          "never np.log(softmax(...))"))
    if not reasons:
        reasons.append(tr("none of the usual ones (weights too large, a bias that is not zero, "
                          "a sum instead of a mean); print the first logits and probabilities"))
    for reason in reasons:
        out(f"  - {reason}")
    out(tr("  Training anyway; fix this first if the curves below look wrong."))
    return loss, False
