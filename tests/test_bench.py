"""The fast parts of ``make bench`` (no timing is asserted anywhere)."""

import json

import numpy as np
import pytest

from bench import ROOT, contestants, grader_figures, report


@pytest.fixture(scope="module")
def reference():
    return contestants.load_reference()


def _problem(n=300, d=12, k=4, seed=3):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, d)), rng.integers(0, k, n)


@pytest.mark.parametrize("batch_size, reg", [(32, 1e-4), (128, 0.05), (500, 0.0)])
def test_torch_identical_protocol_is_the_reference_computation(reference, batch_size, reg):
    pytest.importorskip("torch")
    X, y = _problem()
    kwargs = dict(epochs=3, batch_size=batch_size, lr=0.1, reg=reg, seed=7, n_classes=5)
    W_ref, b_ref, _ = reference.train(X, y, **kwargs)
    W, b = contestants.train_torch(reference, X, y, **kwargs)
    assert W.dtype == np.float64 and W.shape == W_ref.shape
    np.testing.assert_allclose(W, W_ref, rtol=0, atol=1e-10)
    np.testing.assert_allclose(b, b_ref, rtol=0, atol=1e-10)


def test_torch_identical_protocol_in_float32_stays_float32(reference):
    pytest.importorskip("torch")
    X, y = _problem()
    W, b = contestants.train_torch(reference, X.astype(np.float32), y, epochs=2)
    W_ref, _, _ = reference.train(X, y, epochs=2)
    assert W.dtype == np.float32 and b.dtype == np.float32
    np.testing.assert_allclose(W, W_ref, rtol=0, atol=1e-5)


def test_sklearn_weights_come_in_the_reference_layout(reference):
    pytest.importorskip("sklearn")
    X, y = _problem(n=200, d=6, k=3)
    W, b = contestants.train_sklearn(X, y, max_iter=20)
    assert W.shape == (6, 3) and b.shape == (3,)
    assert 0.0 <= contestants.accuracy(reference, W, b, X, y) <= 1.0


def _fake_figures():
    machine = {"date": "2026-01-01T00:00:00+00:00", "cpu_model": "test CPU", "cores": 2,
               "cores_available": 2, "load_average_1min": 0.5, "python": "3.11",
               "numpy": "2", "numpy_blas": {"library": "openblas", "version": "0.3"},
               "torch": "2", "torch_blas": "MKL", "scikit_learn": "1", "threads": 1}
    times = dict(zip(report.CONTESTANTS, (1.0, 0.8, 2.0, 1.6, 30.0, 10.0)))
    figures = {name: {"test_acc": 0.835, "train_s": seconds} for name, seconds in times.items()}
    figures["sklearn_default"]["test_acc"] = 0.844
    grading = {"grade_reference_s": 3.5, "grade_stubs_s": 0.6, "grade_all_per_min": None,
               "grading": {"batch": {"submissions": 20, "per_min": None, "note": "not yet"}}}
    return machine, figures, grading


def test_the_json_report_has_the_required_keys(tmp_path):
    machine, figures, grading = _fake_figures()
    json_path, md_path = report.write(report.build(machine, figures, grading), tmp_path)
    written = json.loads(json_path.read_text())
    for name in report.CONTESTANTS:
        assert {"test_acc", "train_s", "ratio_to_reference"} <= set(written[name])
    for key in ("grade_reference_s", "grade_stubs_s", "grade_all_per_min", "machine", "bars"):
        assert key in written
    assert written["grade_all_per_min"] is None
    assert written["torch_float32"]["ratio_to_reference"] == pytest.approx(2.0)
    assert written["sklearn_tuned"]["ratio_to_reference"] == pytest.approx(10.0)
    bars = written["bars"]
    assert all(bar["holds"] for name, bar in bars.items() if not name.startswith("batch"))
    batch_bar = bars["batch_of_a_realistic_mix_at_least_15_per_minute_with_two_jobs"]
    assert not batch_bar["holds"] and batch_bar["figures"] == "not measured"
    table = md_path.read_text()
    assert "| contestant |" in table and "torch CPU, identical protocol" in table
    assert "n/a" in table and "not yet" in table


def test_a_failed_bar_is_reported():
    machine, figures, grading = _fake_figures()
    figures["reference_float32"]["train_s"] = 5.0
    built = report.build(machine, figures, grading)
    assert not built["bars"]["reference_at_least_as_fast_as_torch_float32"]["holds"]
    assert "FAILS" in report.details_markdown(built)


def test_missing_figures_are_refused():
    machine, figures, grading = _fake_figures()
    del figures["torch_float64"]["train_s"]
    del grading["grade_all_per_min"]
    with pytest.raises(ValueError, match="torch_float64.train_s.*grade_all_per_min"):
        report.build(machine, figures, grading)


def test_grading_is_reported_as_a_ratio_to_the_reference_training():
    machine, figures, grading = _fake_figures()
    grading["grade_reference_s"], grading["grade_stubs_s"] = 4.5, 0.5
    built = report.build(machine, figures, grading)
    assert report.grading_ratios(built) == {"reference": 4.5, "stubs": 0.5}
    assert not built["bars"]["grade_reference_at_most_4x_the_reference_training"]["holds"]
    assert built["bars"]["grade_stubs_at_most_0.7x_the_reference_training"]["holds"]
    assert "| 4.50 |" in report.markdown(built)


def test_the_batch_is_a_fixed_mix_of_distinct_correct_and_buggy_catalogue_files(tmp_path):
    drawn = grader_figures.make_submissions(tmp_path / "subs", 12)
    folders = sorted(p.parent.name for p in (tmp_path / "subs").glob("*/softmax.py"))
    assert folders == sorted(drawn) == [f"s{i:02d}" for i in range(1, 13)]
    texts = [(tmp_path / "subs" / name / "softmax.py").read_text() for name in folders]
    assert len(set(texts)) == 12  # distinct, so that no batch grader merges them
    correct, buggy = grader_figures.catalogue()
    sources = {s.name: s for s in correct + buggy}
    names = [name for name, _ in drawn.values()]
    assert len(set(names)) == 12 and set(names) <= set(sources)
    for student, (name, ok) in drawn.items():
        assert (tmp_path / "subs" / student / "softmax.py").read_text().startswith(
            sources[name].source())
        assert ok == (not sources[name].loses)
    assert sum(ok for _, ok in drawn.values()) == 4
    # the bugs are spread over questions, not all of one kind
    assert len({sources[n].loses[0] for n, ok in drawn.values() if not ok}) >= 6
    assert grader_figures.mix(12) == grader_figures.mix(12)  # the same every run


def test_the_readme_quotes_the_latest_table():
    quoted = report.quoted_in_readme(ROOT / "README.md")
    latest = (ROOT / "bench" / "results" / "latest.md").read_text(encoding="utf-8")
    assert quoted is not None, "README.md lost the bench markers"
    assert quoted == latest.strip("\n"), "run make bench, or copy latest.md into README.md"


def test_quoting_replaces_only_the_block_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(f"# Kit\n\n{report.README_BEGIN}\nold\n{report.README_END}\n\n## After\n")
    assert report.quote_in_readme(readme, "| new |\n")
    assert readme.read_text() == (f"# Kit\n\n{report.README_BEGIN}\n\n| new |\n\n"
                                  f"{report.README_END}\n\n## After\n")
    assert report.quoted_in_readme(readme) == "| new |"

