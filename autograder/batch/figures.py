"""The class report's pictures (matplotlib, Agg): PNG bytes, labels in the language in force."""

import io
from functools import lru_cache

from ..i18n import tr

CJK_FONT = "Noto Sans CJK SC"


@lru_cache(maxsize=1)
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import font_manager, pyplot

    try:  # mplfonts ships Noto Sans CJK: Chinese labels need its glyphs
        import mplfonts

        font_manager.fontManager.addfont(
            str(_mplfonts_folder(mplfonts) / "NotoSansCJKsc-Regular.otf"))
        matplotlib.rcParams["font.family"] = ["sans-serif"]
        matplotlib.rcParams["font.sans-serif"] = [CJK_FONT, "DejaVu Sans"]
    except (ImportError, OSError, RuntimeError):
        pass
    matplotlib.rcParams["axes.unicode_minus"] = False
    return pyplot


def _mplfonts_folder(module):
    from pathlib import Path

    return Path(module.__file__).resolve().parent / "fonts"


def _png(figure):
    stream = io.BytesIO()
    figure.tight_layout()
    figure.savefig(stream, format="png", dpi=100, metadata={"Software": None})
    _pyplot().close(figure)
    return stream.getvalue()


def score_distribution(percents):
    """Histogram of the submissions' scores, ``percents`` : (n,) float in [0, 100]."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 3.2))
    axes.hist(percents, bins=[i * 5 for i in range(21)], range=(0, 100), color="#4477aa",
              edgecolor="white")
    axes.set_xlabel(tr("score (%)"))
    axes.set_ylabel(tr("submissions"))
    axes.set_xlim(0, 100)
    axes.set_title(tr("Score distribution"))
    return _png(figure)


def question_bars(labels, means, full):
    """Per question: mean share of its points and share of submissions at full marks (0 to 1)."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 0.35 * len(labels) + 1.2))
    rows = list(range(len(labels)))[::-1]
    axes.barh([r + 0.2 for r in rows], means, height=0.4, color="#4477aa",
              label=tr("mean (share of the points)"))
    axes.barh([r - 0.2 for r in rows], full, height=0.4, color="#ccbb44",
              label=tr("share at full marks"))
    axes.set_yticks(rows, labels)
    axes.set_xlim(0, 1)
    axes.legend(loc="lower right", fontsize="small")
    axes.set_title(tr("Per question"))
    return _png(figure)


def grading_times(seconds):
    """Histogram of grading time per submission, ``seconds`` : (n,) float."""
    plt = _pyplot()
    figure, axes = plt.subplots(figsize=(7, 3.2))
    axes.hist(seconds, bins=20, color="#66ccee", edgecolor="white")
    axes.set_xlabel(tr("grading time per submission (s)"))
    axes.set_ylabel(tr("submissions"))
    axes.set_title(tr("Grading time"))
    return _png(figure)
