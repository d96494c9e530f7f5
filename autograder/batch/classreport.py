"""The class report: one self-contained HTML file (pictures inline) and its PNGs.

What the instructor reads after ``make grade-all``: the score distribution;
per question the mean and the share at full marks; every check ranked by
failure rate with the commonest failing input and message (the feedback's
own words); grading status counts; grading time per submission; the pairs
flagged by similarity screening, side by side; and the regrade diff.
"""

import base64
import html
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ..contract import QUESTIONS
from ..i18n import language, tr
from ..report import write_atomically
from . import figures
from .checklines import check_lines
from .gradebook import DONE, NOT_GRADABLE, TIMED_OUT, scores_by_question

REPORT_NAME = "class-report.html"
FIGURES = "figures"


@dataclass
class CheckStats:
    """How the class did on one check."""

    question: str
    title: str
    graded: int
    failed: int
    commonest_input: str
    commonest_message: str

    @property
    def failure_rate(self):
        return self.failed / self.graded if self.graded else 0.0


def check_stats(records):
    """:class:`CheckStats` of every check, by failure rate (highest first)."""
    seen, failed, inputs, messages = Counter(), Counter(), {}, {}
    order = []
    for r in records:
        if r.outcome != DONE:
            continue
        for c in check_lines(r.report):
            key = (c.question, c.title)
            if key not in seen:
                order.append(key)
            seen[key] += 1
            if not c.passed:
                failed[key] += 1
                if c.failing_input:
                    inputs.setdefault(key, Counter())[c.failing_input] += 1
                if c.message:
                    messages.setdefault(key, Counter())[c.message] += 1
    stats = [CheckStats(q, title, seen[(q, title)], failed[(q, title)],
                        _commonest(inputs.get((q, title))), _commonest(messages.get((q, title))))
             for q, title in order]
    return sorted(stats, key=lambda s: -s.failure_rate)


def _commonest(counter):
    return counter.most_common(1)[0][0] if counter else ""


def status_counts(records, flagged_files):
    """``[(label, count)]``: completed, timed out, not gradable, flagged by screening."""
    outcomes = Counter(r.outcome for r in records)
    return [(tr("completed"), outcomes[DONE]), (tr("timed out"), outcomes[TIMED_OUT]),
            (tr("not gradable"), outcomes[NOT_GRADABLE]),
            (tr("flagged by static screening"), sum(bool(r.screening) for r in records)),
            (tr("flagged by similarity screening"), len(flagged_files))]


def write_class_report(records, out, *, pairs=(), changes=None, questions=QUESTIONS,
                       threshold=None):
    """Write ``class-report.html`` and ``figures/*.png`` in ``out``; return the HTML's path."""
    out = Path(out)
    possible = sum(q.points for q in questions)
    percents = [100 * sum(scores_by_question(r.report).get(q.id, 0.0) for q in questions)
                / possible for r in records]
    per_question = []
    for q in questions:
        marks = [scores_by_question(r.report).get(q.id, 0.0) for r in records]
        per_question.append((q, sum(marks) / len(marks) if marks else 0.0,
                             sum(m >= q.points - 1e-9 for m in marks) / max(1, len(marks))))
    timed = [r.seconds for r in records if not r.cached and r.seconds > 0]
    pictures = {
        "scores": figures.score_distribution(percents),
        "questions": figures.question_bars([f"{q.id}" for q, _, _ in per_question],
                                           [m / q.points for q, m, _ in per_question],
                                           [f for _, _, f in per_question]),
    }
    if timed:
        pictures["times"] = figures.grading_times(timed)
    for name, png in pictures.items():
        path = out / FIGURES / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(png)
    flagged = {p.first for p in pairs} | {p.second for p in pairs}
    page = _page(records, pictures, percents, per_question, check_stats(records),
                 status_counts(records, flagged), timed, pairs, changes, threshold)
    write_atomically(out / REPORT_NAME, page)
    return out / REPORT_NAME


# ----------------------------------------------------------------- rendering
def _e(value):
    return html.escape(str(value))


def _img(png, alt):
    data = base64.b64encode(png).decode("ascii")
    return f'<img alt="{_e(alt)}" src="data:image/png;base64,{data}">'


def _table(head, rows, cls=""):
    cells = "".join(f"<th>{_e(h)}</th>" for h in head)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows)
    return f'<table class="{cls}"><thead><tr>{cells}</tr></thead><tbody>{body}</tbody></table>'


def _pct(share):
    return f"{100 * share:.0f}%"


STYLE = """
body{font-family:"Noto Sans CJK SC","Noto Sans",sans-serif;margin:2em auto;max-width:1100px;
color:#222;padding:0 1em}
table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.3em .6em;
vertical-align:top;text-align:left}th{background:#f3f3f3}pre{margin:0;white-space:pre-wrap;
font-size:.85em}.side{display:flex;gap:1em}.side>div{flex:1;overflow:auto;border:1px solid #ccc;
padding:.5em;max-height:30em}mark{background:#ffe08a}img{max-width:100%}
"""


def _page(records, pictures, percents, per_question, checks, counts, timed, pairs, changes,
          threshold):
    n = len(records)
    mean = sum(percents) / n if n else 0.0
    parts = [f"<h1>{_e(tr('Class report'))}</h1>",
             f"<p>{_e(tr('{count} submissions, mean score {mean:.1f}%', count=n, mean=mean))}</p>",
             f"<h2>{_e(tr('Score distribution'))}</h2>", _img(pictures["scores"],
                                                             tr("Score distribution")),
             f"<h2>{_e(tr('Per question'))}</h2>", _img(pictures["questions"], tr("Per question")),
             _table([tr("question"), tr("points"), tr("mean"), tr("share at full marks")],
                    [[_e(f"{q.id} {tr(q.title)}"), _e(f"{q.points:g}"), _e(f"{m:.2f}"),
                      _e(_pct(f))] for q, m, f in per_question], "questions"),
             f"<h2>{_e(tr('Checks by failure rate'))}</h2>",
             _table([tr("question"), tr("check"), tr("failure rate"),
                     tr("commonest failing input"), tr("commonest message")],
                    [[_e(c.question), _e(c.title),
                      _e(f"{_pct(c.failure_rate)} ({c.failed}/{c.graded})"),
                      f"<pre>{_e(c.commonest_input)}</pre>", _e(c.commonest_message)]
                     for c in checks if c.failed], "checks"),
             f"<h2>{_e(tr('Grading status'))}</h2>",
             _table([tr("status"), tr("submissions")], [[_e(a), _e(b)] for a, b in counts],
                    "status"),
             _not_completed(records),
             f"<h2>{_e(tr('Grading time'))}</h2>", _times(pictures, timed),
             _similarity(pairs, threshold), _regrade(changes)]
    return (f'<!DOCTYPE html>\n<html lang="{language()}"><head><meta charset="utf-8">'
            f"<title>{_e(tr('Class report'))}</title><style>{STYLE}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def _not_completed(records):
    rows = [[_e(r.file), _e(r.status)] for r in records if r.outcome != DONE]
    rows += [[_e(r.file), _e(r.screening)] for r in records if r.screening]
    return _table([tr("file"), tr("why")], rows, "problems") if rows else ""


def _times(pictures, timed):
    if not timed:
        return f"<p>{_e(tr('every report was reused from an earlier run'))}</p>"
    ordered = sorted(timed)
    summary = tr("graded {count}: median {median:.1f} s, longest {longest:.1f} s",
                 count=len(timed), median=ordered[len(ordered) // 2], longest=ordered[-1])
    return f"<p>{_e(summary)}</p>" + _img(pictures["times"], tr("Grading time"))


def _similarity(pairs, threshold):
    head = f"<h2>{_e(tr('Similarity screening'))}</h2>"
    note = tr("pairs whose code is nearly identical once the handout's stub code is set aside "
              "(similarity at least {threshold:g}); flagged for a look, never penalised",
              threshold=threshold if threshold is not None else 0)
    if not pairs:
        return head + f"<p>{_e(note)}</p><p>{_e(tr('no pair flagged'))}</p>"
    blocks = []
    for p in pairs:
        blocks.append(
            f'<h3 class="pair">{_e(p.first)} ↔ {_e(p.second)}: {_e(f"{p.similarity:.2f}")}</h3>'
            f'<div class="side"><div><pre>{p.first_html}</pre></div>'
            f"<div><pre>{p.second_html}</pre></div></div>")
    return head + f"<p>{_e(note)}</p>" + "\n".join(blocks)


def _regrade(changes):
    if changes is None:
        return ""
    head = f"<h2>{_e(tr('Changes since the previous grading'))}</h2>"
    if not changes:
        return head + f"<p>{_e(tr('no score changed'))}</p>"
    rows = [[_e(c.file), _e(c.question), _e(c.check or "—"), _e(f"{c.before:g}"),
             _e(f"{c.after:g}"), _e(f"{c.delta:+g}")] for c in changes]
    return head + _table([tr("file"), tr("question"), tr("check"), tr("before"), tr("after"),
                          tr("change")], rows, "regrade")
