"""Turn check outcomes into feedback a student can act on.

A failed check names the property, shows the smallest failing input (every
Hypothesis draw, tuples labelled by name), the expected and the actual value,
the probable mistake (``autograder.diagnosis``) and a hint.  Arrays are
printed compactly, numbers plainly; whatever the student controls is escaped
and quoted (``autograder.text``).
"""

import numpy as np

from .diagnosis import diagnose
from .i18n import N_, tr
from .text import QUOTE, escape, quote, width, wrap

PASS, FAIL = "✓", "✗"

#: names of the items of the tuples the strategies draw (``autograder.strategies``)
TUPLE_FIELDS = {"problem": ("W", "b", "X", "y"), "batch": ("z", "y")}


def show(value, columns=76):
    """A compact, readable, escaped rendering of a value (arrays to 6 significant digits)."""
    if isinstance(value, np.ndarray):
        with np.printoptions(precision=6, threshold=40, edgeitems=3, linewidth=columns,
                             suppress=False):
            text = np.array2string(value, separator=", ")
        if value.dtype not in (np.float64, np.int64):
            text += f"  ({value.dtype})"
        return escape(text, newlines=True)
    if isinstance(value, np.random.Generator):
        return "np.random.default_rng(...)"
    if isinstance(value, (np.bool_, np.integer, np.floating)):
        return repr(value.item())
    if isinstance(value, (list, tuple)):
        items = [show(v, columns) for v in list(value[:6] if len(value) > 12 else value)]
        if len(value) > 12:
            items.append(f"...]  (len {len(value)})")
            return "[" + ", ".join(items)
        text = ", ".join(items)
        if isinstance(value, tuple):
            return f"({text},)" if len(value) == 1 else f"({text})"
        return f"[{text}]"
    text = escape(repr(value))
    return text if len(text) <= 400 else text[:400] + " ..."


def _block(label, value, label_width=0):
    text = show(value)
    first, *rest = text.split("\n") or [""]
    label = label + " " * max(0, label_width - width(label))
    pad = " " * (width(label) + 2)
    return [f"{label}: {first}"] + [pad + line for line in rest]


def _labelled(inputs):
    """``(name, value)`` of every input, the items of known tuples under their own names."""
    for name, value in inputs.items():
        fields = TUPLE_FIELDS.get(name)
        if fields and isinstance(value, tuple) and len(value) == len(fields):
            yield from zip(fields, value)
        else:
            yield name, value


def outcome_lines(outcome):
    """Report lines of one check's outcome."""
    c = outcome.check
    mark = PASS if outcome.passed else FAIL
    head = f"{mark} {tr(c.title)}  [{outcome.points:.4g}/{outcome.max_points:.4g}]"
    if outcome.passed:
        return [head] + ["    " + line for line in quote(outcome.message)
                         if outcome.message]
    body = []
    if c.statement:
        body.extend(wrap(tr("property: {statement}", statement=tr(c.statement)), 76,
                         indent="      "))
    error = outcome.error
    stub = error is not None and error.not_implemented
    if stub:
        body.append(tr("{function}() is not implemented yet (it still raises "
                       "NotImplementedError)", function=error.function))
    elif error is not None and error.missing:
        body.extend(quote(error.message))
    else:
        body.extend(quote(outcome.message))
    if outcome.inputs and not (stub or (error is not None and error.missing)):
        body.append(tr("smallest failing input:"))
        for name, value in _labelled(outcome.inputs):
            body.extend("  " + line for line in _block(escape(name), value))
    if outcome.has_values:
        shown = [(tr(label), value) for label, value in
                 ((N_("expected"), outcome.expected), (N_("got"), outcome.got))
                 if value is not None]
        label_width = max(width(label) for label, _ in shown) if shown else 0
        for label, value in shown:
            body.extend(_block(label, value, label_width))
        mistake = diagnose(outcome.expected, outcome.got, dict(_labelled(outcome.inputs or {})))
        if mistake:
            body.extend(wrap(tr("probable mistake: {mistake}", mistake=mistake), 76,
                             indent="      "))
    if error is not None and error.traceback and not stub:
        body.append(tr("traceback (your file only):"))
        body.extend(QUOTE + line for line in escape(error.traceback, newlines=True).split("\n"))
    if not stub:
        body.extend(wrap(tr("hint: {hint}", hint=tr(c.hint)), 76, indent="      "))
    return [head] + ["    " + line for line in body]


def question_summary(result):
    """One line: all passed, or the first failing check's title."""
    failed = [o for o in result.outcomes if not o.passed]
    if not failed:
        count = len(result.outcomes)
        return tr("passed") if count == 1 else tr("all {count} checks passed", count=count)
    if result.note:
        return escape(result.note.split("\n")[0])[:70]
    first = failed[0]
    if first.error is not None and first.error.not_implemented:
        return tr("{function}() not implemented yet", function=first.error.function)
    if len(failed) > 1:
        return tr("failed: {title} (+{more} more)", title=tr(first.check.title),
                  more=len(failed) - 1)[:70]
    return tr("failed: {title}", title=tr(first.check.title))[:70]


def unimplemented(result):
    """Names of the stubs behind a question's failures, if stubs are all there is."""
    names = []
    for outcome in result.outcomes:
        if outcome.passed:
            continue
        error = outcome.error
        if error is None or not error.not_implemented:
            return []
        if error.function + "()" not in names:
            names.append(escape(error.function) + "()")
    return names
