"""Turn check outcomes into feedback a student can act on.

A failed check names the property, shows the smallest failing input, the
expected and the actual value, and a hint.  Arrays are printed compactly.
"""

import textwrap

import numpy as np

from .i18n import tr
from .sandbox.wire import Opaque

PASS, FAIL = "✓", "✗"


def show(value, width=76):
    """A compact, readable rendering of a value (arrays to 6 significant digits)."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=40, edgeitems=3, linewidth=width,
                             suppress=False):
            text = np.array2string(value, separator=", ")
        if value.dtype not in (np.float64, np.int64):
            text += f"  ({value.dtype})"
        return text
    if isinstance(value, np.random.Generator):
        return "np.random.default_rng(...)"
    if isinstance(value, (list, tuple)) and len(value) > 12:
        return show(list(value[:6]))[:-1] + f", ...]  (len {len(value)})"
    if isinstance(value, Opaque):
        return repr(value)
    text = repr(value)
    return text if len(text) <= 400 else text[:400] + " ..."


def _block(label, value, width=0):
    text = show(value)
    first, *rest = text.splitlines() or [""]
    label = label.ljust(width)
    pad = " " * (len(label) + 2)
    return [f"{label}: {first}"] + [pad + line for line in rest]


def outcome_lines(outcome):
    """Report lines of one check's outcome."""
    c = outcome.check
    mark = PASS if outcome.passed else FAIL
    head = f"{mark} {tr(c.title)}  [{outcome.points:.4g}/{outcome.max_points:.4g}]"
    if outcome.passed:
        return [head] + (["    " + outcome.message] if outcome.message else [])
    body = []
    if c.statement:
        body.append(tr("property: {statement}", statement=tr(c.statement)))
    error = outcome.error
    stub = error is not None and error.not_implemented
    if stub:
        body.append(tr("{function}() is not implemented yet (it still raises "
                       "NotImplementedError)", function=error.function))
    elif error is not None and error.missing:
        body.append(error.message)
    else:
        body.extend(outcome.message.splitlines())
    if outcome.inputs and not (stub or (error is not None and error.missing)):
        body.append(tr("smallest failing input:"))
        for name, value in outcome.inputs.items():
            body.extend("  " + line for line in _block(name, value))
    if outcome.has_values:
        expected, got = tr("expected"), tr("got")
        width = max(len(expected), len(got))
        body.extend(_block(expected, outcome.expected, width))
        body.extend(_block(got, outcome.got, width))
    if error is not None and error.traceback and not stub:
        body.append(tr("traceback (your file only):"))
        body.extend("  " + line for line in error.traceback.splitlines())
    if not stub:
        body.extend(textwrap.wrap(tr("hint: {hint}", hint=tr(c.hint)), 76,
                                  subsequent_indent="      "))
    return [head] + ["    " + line for line in body]


def question_summary(result):
    """One line: all passed, or the first failing check's title."""
    failed = [o for o in result.outcomes if not o.passed]
    if not failed:
        count = len(result.outcomes)
        return tr("passed") if count == 1 else tr("all {count} checks passed", count=count)
    if result.note:
        return result.note.splitlines()[0][:70]
    first = failed[0]
    if first.error is not None and first.error.not_implemented:
        return tr("{function}() not implemented yet", function=first.error.function)
    if len(failed) > 1:
        return tr("failed: {title} (+{more} more)", title=tr(first.check.title),
                  more=len(failed) - 1)[:70]
    return tr("failed: {title}", title=tr(first.check.title))[:70]
