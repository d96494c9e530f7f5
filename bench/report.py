"""The benchmark's results: ``latest.json`` and the Markdown table ``latest.md``."""

import json
from pathlib import Path

from autograder.report import write_atomically

CONTESTANTS = ("reference_float64", "reference_float32", "torch_float64", "torch_float32",
               "sklearn_default", "sklearn_tuned")
GRADER_KEYS = ("grade_reference_s", "grade_stubs_s", "grade_all_per_min")

#: the reference run each contestant's time is compared with (same input dtype)
REFERENCE_OF = {
    "reference_float64": "reference_float64", "reference_float32": "reference_float32",
    "torch_float64": "reference_float64", "torch_float32": "reference_float32",
    "sklearn_default": "reference_float64", "sklearn_tuned": "reference_float64",
}

LABELS = {
    "reference_float64": ("reference `train` (numpy SGD, 10 epochs)", "float64"),
    "reference_float32": ("reference `train` (numpy SGD, 10 epochs)", "float32"),
    "torch_float64": ("torch CPU, identical protocol", "float64"),
    "torch_float32": ("torch CPU, identical protocol", "float32"),
    "sklearn_default": ("scikit-learn `LogisticRegression()` (lbfgs)", "float64"),
    "sklearn_tuned": ("scikit-learn `LogisticRegression({params})`", "float64"),
}

# the bars
TORCH_ACCURACY_POINTS = 0.2
SKLEARN_ACCURACY_POINTS = 1.0
SKLEARN_TIME_FRACTION = 0.1
GRADE_REFERENCE_MAX_S = 20.0
GRADE_STUBS_MAX_S = 10.0
#: issue 13: grading time over the reference's own FashionMNIST training time
#: (float64, the grader's dtype) measured in the same run; and the batch rate
GRADE_REFERENCE_MAX_RATIO = 4.0
GRADE_STUBS_MAX_RATIO = 0.7
BATCH_MIN_PER_MIN = 15.0


def grading_ratios(report):
    """``make grade`` of the reference and of the stubs over the reference's training time."""
    train_s = report["reference_float64"]["train_s"]
    return {"reference": report["grade_reference_s"] / train_s,
            "stubs": report["grade_stubs_s"] / train_s}


def with_ratios(contestants):
    """Add ``ratio_to_reference`` (train_s / the same dtype's reference train_s) to each."""
    out = {}
    for name, figures in contestants.items():
        reference = contestants[REFERENCE_OF[name]]["train_s"]
        out[name] = {**figures, "ratio_to_reference": figures["train_s"] / reference}
    return out


def _cpu_ratio(a, b, digits=2):
    if a.get("cpu_s") is None or not b.get("cpu_s"):
        return "n/a"
    return f"{a['cpu_s'] / b['cpu_s']:.{digits}f}"


def bars(report):
    """The issue's bars, each ``{"holds": bool, "figures": str}``."""
    ref32, torch32 = report["reference_float32"], report["torch_float32"]
    ref64, sk = report["reference_float64"], report["sklearn_default"]
    speed = ref32["train_s"] / torch32["train_s"]
    torch_gap = abs(ref32["test_acc"] - torch32["test_acc"]) * 100
    sk_gap = (sk["test_acc"] - ref64["test_acc"]) * 100
    sk_fraction = ref64["train_s"] / sk["train_s"]
    ratios, per_min = grading_ratios(report), report["grade_all_per_min"]
    return {
        "reference_at_least_as_fast_as_torch_float32": {
            "holds": speed <= 1.0 and torch_gap <= TORCH_ACCURACY_POINTS,
            "figures": f"time reference/torch = {speed:.2f} (<= 1.0; CPU time "
                       f"{_cpu_ratio(ref32, torch32)}); accuracy gap {torch_gap:.2f} points "
                       f"(<= {TORCH_ACCURACY_POINTS})"},
        "reference_near_sklearn_default_in_a_tenth_of_its_time": {
            "holds": sk_gap <= SKLEARN_ACCURACY_POINTS and sk_fraction < SKLEARN_TIME_FRACTION,
            "figures": f"float64 reference {sk_gap:.2f} points below (<= "
                       f"{SKLEARN_ACCURACY_POINTS}); time reference/sklearn = "
                       f"{sk_fraction:.3f} (< {SKLEARN_TIME_FRACTION}; CPU time "
                       f"{_cpu_ratio(ref64, sk, 3)}; float32 reference "
                       f"{report['reference_float32']['train_s'] / sk['train_s']:.3f})"},
        "grade_reference_at_most_20_s": {
            "holds": report["grade_reference_s"] <= GRADE_REFERENCE_MAX_S,
            "figures": f"{report['grade_reference_s']:.1f} s (<= {GRADE_REFERENCE_MAX_S:g})"},
        "grade_stubs_at_most_10_s": {
            "holds": report["grade_stubs_s"] <= GRADE_STUBS_MAX_S,
            "figures": f"{report['grade_stubs_s']:.1f} s (<= {GRADE_STUBS_MAX_S:g})"},
        "grade_reference_at_most_4x_the_reference_training": {
            "holds": ratios["reference"] <= GRADE_REFERENCE_MAX_RATIO,
            "figures": f"{ratios['reference']:.2f}x (<= {GRADE_REFERENCE_MAX_RATIO:g}x of "
                       f"{ref64['train_s']:.2f} s)"},
        "grade_stubs_at_most_0.7x_the_reference_training": {
            "holds": ratios["stubs"] <= GRADE_STUBS_MAX_RATIO,
            "figures": f"{ratios['stubs']:.2f}x (<= {GRADE_STUBS_MAX_RATIO:g}x of "
                       f"{ref64['train_s']:.2f} s)"},
        "batch_of_a_realistic_mix_at_least_15_per_minute_with_two_jobs": {
            "holds": per_min is not None and per_min >= BATCH_MIN_PER_MIN,
            "figures": "not measured" if per_min is None else
                       f"{per_min:.1f} per minute (>= {BATCH_MIN_PER_MIN:g})"},
    }


def build(machine, contestants, grading, extra=None):
    """The JSON report.

    Parameters
    ----------
    machine : dict
        From ``machine.describe``.
    contestants : dict
        ``{name: {"test_acc": float, "train_s": float, ...}}`` for every name
        of ``CONTESTANTS``.
    grading : dict
        ``grade_reference_s``, ``grade_stubs_s``, ``grade_all_per_min``
        (float or None) and any details.
    extra : dict, optional
        More top-level entries (settings, hot-loop shares, ...).

    Returns
    -------
    report : dict
        Top level: ``machine``, one object per contestant (with
        ``ratio_to_reference`` added), the grader figures, ``bars`` and
        ``extra``'s entries.

    Raises
    ------
    ValueError
        When a contestant, one of its ``test_acc`` / ``train_s`` or a grader
        figure is missing.
    """
    missing = [name for name in CONTESTANTS if name not in contestants]
    missing += [f"{name}.{key}" for name in CONTESTANTS if name in contestants
                for key in ("test_acc", "train_s") if key not in contestants[name]]
    missing += [key for key in GRADER_KEYS if key not in grading]
    if missing:
        raise ValueError(f"figures missing from the report: {', '.join(missing)}")
    report = {"machine": machine, **with_ratios({n: contestants[n] for n in CONTESTANTS}),
              **grading, **(extra or {})}
    report["bars"] = bars(report)
    return report


def _seconds(value):
    return "n/a" if value is None else f"{value:.2f} s" if value < 100 else f"{value:.0f} s"


def _runs(count, noun):
    return f"{count} {noun}" + ("" if count == 1 else "s")


def _load(machine):
    start, end = machine.get("load_average_1min"), machine.get("load_average_1min_end")
    return f"{start} at the start" + ("" if end is None else f", {end} at the end")


def markdown(report):
    """The Markdown table (and its few lines of context) for ``latest.md``."""
    m = report["machine"]
    blas = m["numpy_blas"]
    settings = report.get("settings", {})
    tuned = settings.get("sklearn_tuned", {})
    lines = [
        f"FashionMNIST, 60000 training / 10000 test images, pixels in [0, 1]; measured "
        f"{m['date'][:10]} on {m['cpu_model']}, {m['cores']} cores (shared; load average "
        f"{_load(m)}), {_runs(m['threads'], 'thread')} for every contestant; Python "
        f"{m['python']}, numpy {m['numpy']} ({blas.get('library')} {blas.get('version')}), "
        f"torch {m['torch']} (CPU, {m['torch_blas']}), scikit-learn {m['scikit_learn']}. "
        f"Training time: wall-clock median of {settings.get('train_repeats', '?')} runs "
        f"(SGD) or {_runs(settings.get('sklearn_repeats', '?'), 'run')} (scikit-learn), "
        f"CPU time beside it; time / reference: wall time against the reference `train` "
        f"on the same dtype.",
        "",
        "| contestant | dtype | test accuracy | training time | CPU time | time / reference |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name in CONTESTANTS:
        label, dtype = LABELS[name]
        label = label.format(params=", ".join(f"{k}={v}" for k, v in tuned.items()))
        row = report[name]
        lines.append(f"| {label} | {dtype} | {row['test_acc']:.4f} | "
                     f"{_seconds(row['train_s'])} | {_seconds(row.get('cpu_s'))} | "
                     f"{row['ratio_to_reference']:.2f} |")
    grading = report.get("grading", {})
    ref, stubs = grading.get("reference", {}), grading.get("stubs", {})
    batch = grading.get("batch", {})
    per_min = report["grade_all_per_min"]
    ratios = grading_ratios(report)
    lines += [
        "",
        f"| grading (wall time, median of {_runs(settings.get('grade_repeats', '?'), 'run')}) "
        "| wall time | CPU time | time / reference training |",
        "|---|---:|---:|---:|",
        f"| `make grade` of the reference ({ref.get('score', '?')}/100) | "
        f"{_seconds(report['grade_reference_s'])} | {_seconds(ref.get('cpu_s'))} | "
        f"{ratios['reference']:.2f} |",
        f"| `make grade` of the stubs ({stubs.get('score', '?')}/100) | "
        f"{_seconds(report['grade_stubs_s'])} | {_seconds(stubs.get('cpu_s'))} | "
        f"{ratios['stubs']:.2f} |",
        f"| batch grading, {batch.get('submissions', 20)} submissions, "
        f"{_runs(batch.get('jobs', '?'), 'job')} | "
        + ("n/a" if per_min is None else f"{per_min:.1f} per minute "
           f"({_seconds(batch.get('wall_s'))})")
        + f" | {_seconds(batch.get('cpu_s'))} | |",
    ]
    if batch.get("note"):
        lines += ["", f"Batch grading: {batch['note']}."]
    return "\n".join(lines) + "\n"


def details_markdown(report):
    """Per-question grading seconds, hot-loop shares and the bars, for ``latest.md``."""
    lines = []
    grading = report.get("grading", {})
    ref_q = grading.get("reference", {}).get("per_question_s", {})
    stub_q = grading.get("stubs", {}).get("per_question_s", {})
    if ref_q:
        lines += ["", "Grading time per question (the engine's seconds, median):", "",
                  "| question | reference | stubs |", "|---|---:|---:|"]
        for q in ref_q:
            stub = stub_q.get(q)
            lines.append(f"| {q} | {ref_q[q]:.2f} s | "
                         + ("n/a" if stub is None else f"{stub:.2f} s") + " |")
    hot = report.get("hot_loop", {})
    if hot:
        lines += ["", "Reference `train`, where the time goes (the same batches replayed with "
                  "only the gathers `X[idx]` and the two products, in the input's dtype):", "",
                  "| dtype | train | gathers | matrix products | products share | "
                  "gathers + products share |", "|---|---:|---:|---:|---:|---:|"]
        for dtype, row in hot.items():
            lines.append(f"| {dtype} | {row['train_s']:.2f} s | {row['gather_s']:.2f} s | "
                         f"{row['matmul_s']:.2f} s | {row['matmul_share']:.0%} | "
                         f"{row['gather_matmul_share']:.0%} |")
    lines += ["", "Bars of the issue:", ""]
    for name, bar in report["bars"].items():
        lines.append(f"- {'holds' if bar['holds'] else 'FAILS'}: {name.replace('_', ' ')} "
                     f"({bar['figures']})")
    return "\n".join(lines) + "\n"


def write(report, folder):
    """Write ``latest.json`` and ``latest.md`` into ``folder``; return their paths."""
    folder = Path(folder)
    json_path, md_path = folder / "latest.json", folder / "latest.md"
    write_atomically(json_path, json.dumps(report, indent=2) + "\n")
    write_atomically(md_path, markdown(report) + details_markdown(report))
    return json_path, md_path


README_BEGIN = "<!-- bench: latest.md begins; make bench rewrites this block -->"
README_END = "<!-- bench: latest.md ends -->"


def quote_in_readme(readme, md_text):
    """Replace the block between ``README_BEGIN`` and ``README_END`` with ``md_text``.

    Parameters
    ----------
    readme : Path
        The README that quotes the latest table.
    md_text : str
        The contents of ``latest.md``.

    Returns
    -------
    bool
        Whether the README had the markers (and was rewritten).
    """
    readme = Path(readme)
    text = readme.read_text(encoding="utf-8")
    span = _quoted_span(text)
    if span is None:
        return False
    start, end = span
    write_atomically(readme, text[:start] + "\n\n" + md_text.strip("\n") + "\n\n" + text[end:])
    return True


def quoted_in_readme(readme):
    """The text of the README between the markers (stripped), or ``None``."""
    text = Path(readme).read_text(encoding="utf-8")
    span = _quoted_span(text)
    return None if span is None else text[span[0]:span[1]].strip("\n")


def _quoted_span(text):
    """``(start, end)`` of the text between the README markers, or ``None``."""
    begin, end = text.find(README_BEGIN), text.find(README_END)
    if begin < 0 or end < begin:
        return None
    return begin + len(README_BEGIN), end

