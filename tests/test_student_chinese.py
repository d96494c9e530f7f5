"""The student's tools in Chinese: every line translated, every glyph drawn."""

import io
import warnings

import matplotlib
import numpy as np
import pytest
from conftest import SOLUTION, STUBS

from assignment.studentkit import experiments, gradcheck, plots, sweep
from assignment.studentkit import train_command as kit
from assignment.studentkit.loading import load_submission
from autograder import i18n

matplotlib.use("Agg")
MISSING_GLYPH = r"(?s).*Glyph .* missing from (current )?font.*"


@pytest.fixture
def glyphs_checked():
    """A missing glyph (a box instead of a character) fails the test."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=MISSING_GLYPH)
        yield


def _draw(fig):
    fig.savefig(io.BytesIO(), format="png")
    plots.pyplot().close(fig)


def _sweep_result():
    return sweep.SweepResult(("lr", [0.1, 0.3]), ("reg", [0.0, 1e-3]),
                             np.array([[0.8, 0.81], [0.82, 0.79]]),
                             np.array([[0.85, 0.84], [0.9, 0.8]]), np.ones((2, 2)),
                             [{"lr": 0.1, "reg": 0.0}] * 4)


def test_every_picture_draws_its_chinese_text(untranslated, glyphs_checked):
    rng = np.random.default_rng(0)
    names = tuple(i18n.tr(name) for name in ("T-shirt/top", "Ankle boot")) * 5
    _draw(plots.plot_learning_curves([2.0, 1.0], [0.5, 0.6], train_acc=[0.55, 0.7],
                                     initial_loss=2.3, title=i18n.tr("training loss")))
    _draw(plots.plot_weight_templates(rng.normal(size=(784, 10)), names,
                                      title=i18n.tr("weight")))
    _draw(plots.plot_confusion_matrix(np.eye(10, dtype=int), names, title="混淆矩阵"))
    _draw(plots.plot_misclassified(rng.uniform(size=(3, 784)), np.array([0, 1, 2]),
                                   np.array([1, 2, 0]), np.full((3, 10), 0.1), names,
                                   title=i18n.tr("no mistakes")))
    _draw(plots.plot_sweep(_sweep_result()))
    assert not untranslated


def test_without_the_shipped_font_the_glyph_check_fails(glyphs_checked):
    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig = matplotlib.figure.Figure()
        fig.suptitle("验证准确率")
        with pytest.raises(UserWarning, match="missing from"):
            fig.savefig(io.BytesIO(), format="png")


def test_the_font_comes_from_a_package():
    path = plots.cjk_font_path()
    assert path is not None and path.parent.parent.name == "mplfonts"


def test_training_speaks_chinese_end_to_end(tmp_path, capsys, untranslated, glyphs_checked):
    status = kit.main(["--submission", str(SOLUTION), "--data", "synthetic", "--epochs", "2",
                       "--train-size", "1000", "--no-progress", "--out", str(tmp_path / "run"),
                       "--lang", "zh"])
    out = capsys.readouterr()
    assert status == 0, out.err
    assert "合理性检查" in out.out and "第 1/2 轮" in out.out
    assert out.out.strip().splitlines()[-1].startswith("测试准确率")
    assert not untranslated, untranslated


def test_a_sweep_in_chinese(tmp_path, capsys, untranslated, glyphs_checked):
    status = kit.main(["--submission", str(SOLUTION), "--data", "synthetic", "--epochs", "1",
                       "--train-size", "500", "--no-progress", "--sweep", "lr=0.1,0.3",
                       "--out", str(tmp_path / "s"), "--lang", "zh"])
    assert status == 0, capsys.readouterr().err
    assert "在验证集上最佳" in capsys.readouterr().out
    assert not untranslated, untranslated


def test_gradcheck_speaks_chinese(untranslated):
    lines = []
    module = load_submission(SOLUTION)
    gradcheck.check_loss_and_grad(module, out=lines.append)
    wrong = gradcheck.check_gradient(lambda v: float(np.sum(v ** 2)), np.ones(3), -2 * np.ones(3),
                                     out=lines.append)
    text = "\n".join(lines)
    assert not wrong and "中心差分" in text and "符号反了" in text
    assert not untranslated, untranslated


@pytest.mark.parametrize("path", [SOLUTION, STUBS])
def test_the_experiments_speak_chinese(path, untranslated):
    lines = []
    keys = ["ep01", "ep02", "ep03", "ep04", "ep05", "ep06", "ep08", "ep09", "ep10"]
    experiments.run(load_submission(path), keys, data="synthetic", out=lines.append,
                    sizes=(300, 200))
    text = "\n".join(lines)
    assert ("要看什么" in text) if path == SOLUTION else ("请先实现" in text)
    assert not untranslated, untranslated


def test_the_command_line_follows_lang(monkeypatch, capsys):
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    try:
        assert gradcheck.main(["--submission", str(STUBS)]) == 1
        assert "请先实现 cross_entropy_grad()" in capsys.readouterr().out
        assert gradcheck.main(["--submission", str(STUBS), "--lang", "en"]) == 1
        assert "implement cross_entropy_grad() first" in capsys.readouterr().out
    finally:
        i18n.set_language("en")
