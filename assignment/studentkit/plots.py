"""The pictures: learning curves, weight templates, confusion matrix, mistakes, sweep map.

Every text goes through ``tr``.  Chinese is drawn with Noto Sans CJK shipped
by the ``mplfonts`` package (no system font needed); Latin text keeps
DejaVu Sans, matplotlib's font fallback takes CJK glyphs from Noto.
"""

import math
import os
import sys
from pathlib import Path

import numpy as np

from autograder.i18n import tr

CJK_FONT_FILE = "NotoSansCJKsc-Regular.otf"
CJK_FONT_NAME = "Noto Sans CJK SC"


def cjk_font_path():
    """The Noto Sans CJK file shipped by ``mplfonts``, or None when it is not installed."""
    try:
        import mplfonts
    except ImportError:
        return None
    path = Path(mplfonts.__file__).resolve().parent / "fonts" / CJK_FONT_FILE
    return path if path.is_file() else None


def pyplot():
    """matplotlib's pyplot with the CJK font; off-screen (Agg) unless a backend was chosen.

    A notebook's kernel chooses its inline backend through ``MPLBACKEND``.
    """
    import matplotlib

    if "matplotlib.pyplot" not in sys.modules and not os.environ.get("MPLBACKEND"):
        matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    path = cjk_font_path()
    if path is not None and CJK_FONT_NAME not in matplotlib.rcParams["font.family"]:
        font_manager.fontManager.addfont(str(path))
        # fallback goes through the names of font.family (a generic family gives one font)
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", CJK_FONT_NAME]
    return plt


def _save(fig, path):
    if path is not None:
        fig.savefig(path, dpi=110)
        pyplot().close(fig)
    return fig


def plot_learning_curves(train_loss, val_acc, path=None, *, train_acc=None, initial_loss=None,
                         n_classes=10, title="", source_note=""):
    """Training loss (left) and training and validation accuracy (right) per epoch.

    Parameters
    ----------
    train_loss : list of float, one per epoch
    val_acc, train_acc : list of float or None, one per epoch
    path : Path, optional
        Where to save the PNG (the figure is closed); None returns the figure.

    No test accuracy here: these curves are for choosing settings.
    """
    plt = pyplot()
    from matplotlib.ticker import MaxNLocator

    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.4), constrained_layout=True)
    epochs = np.arange(1, len(train_loss) + 1)
    left.plot(epochs, train_loss, "o-", color="tab:blue", label=tr("training loss"))
    guess = math.log(n_classes)
    start = (tr("before training: {loss:.4f}", loss=initial_loss) + "\n"
             if initial_loss is not None and np.isfinite(initial_loss) else "")
    left.text(0.97, 0.80, start + tr("(guessing uniformly: ln {K} = {guess:.4f})",
                                     K=n_classes, guess=guess),
              transform=left.transAxes, ha="right", va="top", fontsize=9,
              bbox=dict(boxstyle="round", facecolor="white", edgecolor="lightgrey"))
    left.set_xlabel(tr("epoch"))
    left.set_ylabel(tr("mean cross-entropy + L2 penalty"))
    left.set_title(tr("Training loss (mean of the epoch's batch losses)"))
    right.set_xlabel(tr("epoch"))
    right.set_ylabel(tr("accuracy (%)"))
    right.set_title(tr("Training and validation accuracy after each epoch"))
    drawn = False
    for values, color, label in ((train_acc, "tab:blue", tr("training accuracy")),
                                 (val_acc, "tab:green", tr("validation accuracy"))):
        accs = [np.nan if a is None else a for a in (values or [])]
        if accs and not all(np.isnan(accs)):
            right.plot(epochs[:len(accs)], np.asarray(accs) * 100, "o-", color=color,
                       label=label)
            drawn = True
    if not drawn:
        right.text(0.5, 0.5, tr("no validation accuracy recorded\n(history['val_acc'] is empty)"),
                   ha="center", va="center", transform=right.transAxes, color="grey")
    for ax in (left, right):
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        if len(epochs):
            ax.set_xlim(0.5, len(epochs) + 0.5)
        ax.grid(alpha=0.3)
    left.legend(loc="upper right", fontsize=9)
    if drawn:
        right.legend(loc="lower right", fontsize=9)
    fig.suptitle(title + (f"\n{source_note}" if source_note else ""), fontsize=11)
    return _save(fig, path)


def plot_weight_templates(W, class_names, path=None, title=""):
    """Every column of ``W : (d, K)`` as a 28x28 image: what each class's score looks for."""
    plt = pyplot()
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
                 tr("red: pixels that raise the class's score, blue: pixels that lower it "
                    "(each image on its own scale)"), fontsize=10)
    if image is not None:
        bar = fig.colorbar(image, ax=axes.tolist(), shrink=0.6,
                           ticks=[image.norm.vmin, 0, image.norm.vmax])
        bar.ax.set_yticklabels(["-max", "0", "+max"])
        bar.set_label(tr("weight"))
    return _save(fig, path)


def plot_confusion_matrix(matrix, class_names, path=None, title=""):
    """Counts of (true class, predicted class): ``matrix : (K, K) int``."""
    plt = pyplot()
    K = len(class_names)
    fig, ax = plt.subplots(figsize=(8.2, 7.2), constrained_layout=True)
    image = ax.imshow(matrix, cmap="Blues")
    ax.set_xticks(range(K))
    ax.set_yticks(range(K))
    ax.set_xticklabels(class_names, rotation=40, ha="right")
    ax.set_yticklabels(class_names)
    ax.set_xlabel(tr("predicted class"))
    ax.set_ylabel(tr("true class"))
    threshold = matrix.max() / 2 if matrix.size else 0
    for i in range(K):
        for j in range(K):
            ax.text(j, i, str(int(matrix[i, j])), ha="center", va="center", fontsize=8,
                    color="white" if matrix[i, j] > threshold else "black")
    fig.colorbar(image, ax=ax, shrink=0.8, label=tr("images"))
    ax.set_title(title)
    return _save(fig, path)


def plot_misclassified(X, y, predicted, probabilities, class_names, path=None, title="",
                       count=20):
    """The most confident mistakes: image, true class, predicted class and its probability.

    Parameters
    ----------
    X : (n, 784) float
    y, predicted : (n,) int
    probabilities : (n, K) float
        The model's softmax; mistakes are ordered by the probability of the
        wrong class, most confident first.
    """
    plt = pyplot()
    wrong = np.flatnonzero(predicted != y)
    confidence = probabilities[wrong, predicted[wrong]]
    chosen = wrong[np.argsort(-confidence, kind="stable")][:count]
    cols = 5
    rows = max(1, math.ceil(len(chosen) / cols))
    fig, axes = plt.subplots(rows, cols, figsize=(2.4 * cols, 2.6 * rows + 0.6),
                             constrained_layout=True)
    axes = np.atleast_1d(axes).ravel()
    side = int(round(math.sqrt(X.shape[1])))
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    for ax, i in zip(axes, chosen):
        if side * side == X.shape[1]:
            ax.imshow(X[i].reshape(side, side), cmap="gray_r", vmin=0, vmax=1)
        ax.set_title(tr("true: {true}\nsaid: {said} ({p:.0%})", true=class_names[y[i]],
                        said=class_names[predicted[i]], p=probabilities[i, predicted[i]]),
                     fontsize=8)
    for ax in axes[len(chosen):]:
        ax.axis("off")
    if not len(chosen):
        axes[0].text(0.5, 0.5, tr("no mistakes"), ha="center", va="center")
    fig.suptitle(title, fontsize=10)
    return _save(fig, path)


def plot_sweep(results, path=None, title=""):
    """A heat map of validation accuracy over a grid of two hyper-parameters.

    Parameters
    ----------
    results : sweep.SweepResult
        ``rows``, ``cols`` (name and values) and ``val_acc : (len(rows), len(cols))``.
    """
    plt = pyplot()
    row_name, row_values = results.rows
    col_name, col_values = results.cols
    grid = np.asarray(results.val_acc, dtype=float) * 100
    fig, ax = plt.subplots(figsize=(1.3 * len(col_values) + 3, 1.0 * len(row_values) + 2.2),
                           constrained_layout=True)
    image = ax.imshow(grid, cmap="viridis", aspect="auto")
    ax.set_xticks(range(len(col_values)))
    ax.set_yticks(range(len(row_values)))
    ax.set_xticklabels(["" if v is None else f"{v:g}" for v in col_values])
    ax.set_yticklabels([f"{v:g}" for v in row_values])
    ax.set_xlabel(col_name)
    ax.set_ylabel(row_name)
    best = np.unravel_index(np.nanargmax(grid), grid.shape) if np.isfinite(grid).any() else None
    for i in range(len(row_values)):
        for j in range(len(col_values)):
            text = "nan" if not np.isfinite(grid[i, j]) else f"{grid[i, j]:.1f}"
            if best == (i, j):
                text = f"[{text}]"
            ax.text(j, i, text, ha="center", va="center", fontsize=9, color="white")
    fig.colorbar(image, ax=ax, label=tr("validation accuracy (%)"))
    ax.set_title(title or tr("Validation accuracy of each setting ([best])"))
    return _save(fig, path)
