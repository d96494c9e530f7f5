"""Check an analytic gradient against central differences, with a verdict.

From the handout's folder::

    python -m assignment.gradcheck                     # checks assignment/softmax.py
    python -m assignment.gradcheck --submission path/to/softmax.py

From your own code (or the notebook)::

    import numpy as np
    from assignment import softmax
    from assignment.studentkit.gradcheck import check_gradient, check_loss_and_grad

    check_loss_and_grad(softmax)          # dW and db on a small random problem

    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(5, 4)), rng.integers(0, 3, size=5)
    W, b = rng.normal(size=(4, 3)), np.zeros(3)
    loss, dW, db = softmax.loss_and_grad(W, b, X, y, 0.1)
    check_gradient(lambda W_: softmax.loss_and_grad(W_, b, X, y, 0.1)[0], W, dW, name="dW")

How it judges
-------------
For a coordinate ``i`` the numerical derivative is the central difference
``n_i = (f(x + h e_i) - f(x - h e_i)) / (2 h)``, and the analytic value ``a_i``
is compared with it through the relative error

    ``|a_i - n_i| / max(|a_i|, |n_i|, tiny)``.

Why a relative error: gradients of different problems have very different
sizes, and "off by 1e-6" means nothing without knowing the size.  Why the
threshold ``1e-6`` (for float64): the central difference itself is not exact.
Its truncation error is about ``h**2 * f''' / 6`` and its rounding error
about ``eps * |f| / h`` (``eps = 2.2e-16``); with ``h = 1e-5`` both are near
``1e-10`` for the smooth, order-1 losses of this assignment, so a correct
gradient gives relative errors around ``1e-8`` to ``1e-11``.  A mistake worth
finding (a missing ``1/n``, a wrong sign, a transposed or swapped term, a
factor 2 in the penalty's gradient) gives a relative error of ``1e-2`` to
``1`` on most coordinates.  ``1e-6`` sits far from both, so the verdict
neither flags correct code nor forgives a real bug.  (CS231n's rule of thumb
is the same: below 1e-7 fine, above 1e-4 almost surely wrong.)

Why ``tiny``: an entry whose true value is 0 cannot be measured more
precisely than the rounding noise of the difference quotient, about
``eps * |f| / h``.  The denominator therefore never goes below that noise
divided by the threshold: such entries are judged by their absolute error,
at the resolution the central difference really has, instead of failing on
``1e-11 / 1e-11``.

float32: a gradient in float32 carries only about 7 significant digits, so
the default threshold for a float32 analytic gradient is ``1e-3``.  For a
real check compute in float64 (the functions of ``softmax.py`` keep float64
input in float64).
"""

import math
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from autograder.i18n import tr

THRESHOLDS = {np.dtype(np.float64): 1e-6, np.dtype(np.float32): 1e-3}
DEFAULT_H = 1e-5
MAX_CHECKS = 20
ROUNDING_NOISE = 10 * np.finfo(np.float64).eps  # relative noise of one f(x), with margin


@dataclass
class GradcheckResult:
    """The outcome of one check; true when it passed.

    Attributes
    ----------
    name : str
        What was checked (``"dW"``...).
    passed : bool
        Every checked coordinate within the threshold.
    max_rel_error : float
        The largest relative error found.
    threshold : float
        The threshold used.
    rows : list of (index, analytic, numerical, rel_error)
        One row per checked coordinate.
    checked, total : int
        Number of coordinates checked, and of coordinates in ``x``.
    """

    name: str
    passed: bool
    max_rel_error: float
    threshold: float
    rows: list = field(default_factory=list)
    checked: int = 0
    total: int = 0

    def __bool__(self):
        return self.passed


def relative_error(analytic, numerical, tiny=1e-12):
    """``|a - n| / max(|a|, |n|, tiny)``, elementwise."""
    analytic = np.asarray(analytic, dtype=np.float64)
    numerical = np.asarray(numerical, dtype=np.float64)
    scale = np.maximum(np.maximum(np.abs(analytic), np.abs(numerical)), tiny)
    return np.abs(analytic - numerical) / scale


def numerical_derivative(f, x, index, h=DEFAULT_H):
    """Central difference of ``f`` at ``x`` along coordinate ``index``.

    ``x`` is not modified: ``f`` is called on perturbed float64 copies.
    Returns ``(derivative, noise)``, ``noise`` an estimate of its rounding
    error (``eps * |f| / h`` with a margin).
    """
    x = np.array(x, dtype=np.float64)  # a copy
    original = x[index]
    x[index] = original + h
    plus = _scalar(f(x))
    x[index] = original - h
    minus = _scalar(f(x))
    derivative = (plus - minus) / (2 * h)
    noise = ROUNDING_NOISE * max(abs(plus), abs(minus), 1e-300) / h
    return derivative, noise


def numerical_gradient(f, x, h=DEFAULT_H):
    """The whole central-difference gradient of a scalar ``f`` at ``x``."""
    x = np.asarray(x, dtype=np.float64)
    grad = np.zeros_like(x)
    for index in np.ndindex(x.shape):
        grad[index] = numerical_derivative(f, x, index, h)[0]
    return grad


def _scalar(value):
    array = np.asarray(value, dtype=np.float64)
    if array.size != 1:
        raise ValueError(tr("f must return one number (the loss), not an array of shape "
                            "{shape}; is your loss a mean over the batch?", shape=array.shape))
    return float(array.reshape(()))


def check_gradient(f, x, analytic, *, name="gradient", max_checks=MAX_CHECKS, h=DEFAULT_H,
                   threshold=None, seed=0, verbose=True, out=print):
    """Compare an analytic gradient of ``f`` at ``x`` with central differences.

    Parameters
    ----------
    f : callable
        ``f(x) -> float``, the scalar function (a loss).  Called on copies of
        ``x``; ``x`` itself is never modified.
    x : array
        The point where the gradient is taken.
    analytic : array, same shape as ``x``
        Your gradient of ``f`` at ``x``.
    name : str
        What to call it in the report (``"dW"``).
    max_checks : int
        How many coordinates to check: all of them when ``x`` has at most
        this many, else a random sample of this size (seeded by ``seed``, so
        the same coordinates every run).
    h : float
        Step of the central difference (default 1e-5).
    threshold : float, optional
        Largest relative error that passes; default 1e-6 for a float64
        analytic gradient, 1e-3 for float32 (see the module docstring).
    verbose : bool
        Print the table and the verdict (with ``out``).

    Returns
    -------
    GradcheckResult
        True when every checked coordinate passed.
    """
    x = np.asarray(x)
    analytic_array = np.asarray(analytic)
    if analytic_array.shape != x.shape:
        raise ValueError(tr("the analytic gradient {name} has shape {shape}, but x has shape "
                            "{x_shape}: a gradient has the shape of what it differentiates",
                            name=name, shape=analytic_array.shape, x_shape=x.shape))
    if threshold is None:
        threshold = THRESHOLDS.get(analytic_array.dtype, THRESHOLDS[np.dtype(np.float64)])
    total = x.size
    if total <= max_checks:
        flat = np.arange(total)
    else:
        flat = np.sort(np.random.default_rng(seed).choice(total, size=max_checks, replace=False))
    rows, worst = [], 0.0
    for position in flat:
        index = np.unravel_index(position, x.shape) if x.ndim else ()
        numerical, noise = numerical_derivative(f, x, index, h)
        value = float(analytic_array[index])
        tiny = max(noise / threshold, 1e-300)
        error = float(relative_error(value, numerical, tiny))
        if not np.isfinite(error):
            error = math.inf
        worst = max(worst, error)
        rows.append((tuple(int(i) for i in index), value, numerical, error))
    passed = bool(worst <= threshold)
    result = GradcheckResult(name, passed, worst, threshold, rows, len(flat), total)
    if verbose:
        out(format_result(result, h))
    return result


def format_result(result, h=DEFAULT_H):
    """The table and the verdict of a check, as text."""
    if result.checked == result.total:
        which = tr("all {total} entries", total=result.total)
    else:
        which = tr("a seeded sample of {checked} of {total} entries", checked=result.checked,
                   total=result.total)
    lines = [tr("gradient check of {name}: {which}, central differences with h = {h:g}",
                name=result.name, which=which, h=h)]
    width = max([len(str(r[0])) for r in result.rows] + [5])
    lines.append(f"  {tr('index'):<{width}}  {tr('analytic'):>13}  {tr('numerical'):>13}  "
                 f"{tr('rel. error'):>10}")
    for index, analytic, numerical, error in result.rows:
        flag = "  " + tr("<- too large") if error > result.threshold else ""
        lines.append(f"  {str(index):<{width}}  {analytic:>13.6e}  {numerical:>13.6e}  "
                     f"{error:>10.1e}{flag}")
    verdict = "PASS" if result.passed else "FAIL"
    relation = "<=" if result.passed else ">"
    lines.append(tr("{verdict}: {name}, largest relative error {error:.1e} {relation} threshold "
                    "{threshold:g}", verdict=verdict, name=result.name,
                    error=result.max_rel_error, relation=relation, threshold=result.threshold))
    if not result.passed:
        lines.append("  " + diagnose(result))
    return "\n".join(lines)


def diagnose(result):
    """A guess at what is wrong, from the ratios analytic / numerical."""
    ratios = [a / n for _, a, n, e in result.rows
              if e > result.threshold and n != 0 and np.isfinite(a)]
    if any(not np.isfinite(a) for _, a, _, _ in result.rows):
        return tr("the analytic gradient holds nan or inf")
    if ratios and np.allclose(ratios, ratios[0], rtol=1e-3):
        ratio = ratios[0]
        if abs(ratio + 1) < 1e-3:
            return tr("analytic = -numerical everywhere: a sign is flipped")
        hint = (tr("; a missing 1/n (the loss is a mean over the batch)?")
                if ratio > 1.5 and abs(ratio - round(ratio)) < 1e-3 else "")
        return tr("analytic / numerical = {ratio:.6g} on every failing entry: a constant "
                  "factor{hint}", ratio=ratio, hint=hint)
    return tr("the errors differ from entry to entry: a term is missing or wrong (compare each "
              "part of the gradient separately)")


def _random_problem(n, d, K, seed):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, d))
    y = rng.integers(0, K, size=n)
    y[:K] = np.arange(K)[:n]  # every class appears
    W = rng.normal(0.0, 0.5, size=(d, K))
    b = rng.normal(0.0, 0.5, size=K)
    return X, y, W, b


def check_loss_and_grad(module, *, n=7, d=5, K=4, reg=0.1, seed=0, verbose=True, out=print):
    """Check ``dW`` and ``db`` of ``module.loss_and_grad`` on a small random problem.

    Parameters
    ----------
    module : module, or str / Path of a ``softmax.py``
        Anything with a ``loss_and_grad(W, b, X, y, reg)`` function.
    n, d, K : int
        Examples, features and classes of the random problem (small, so
        every entry of ``dW`` and ``db`` is checked).
    reg : float
        L2 strength; not 0, so the penalty's gradient is checked too.
    seed : int
        Seed of the random problem.

    Returns
    -------
    GradcheckResult
        True when both ``dW`` and ``db`` passed; ``rows`` holds both tables.
    """
    module = _as_module(module)
    X, y, W, b = _random_problem(n, d, K, seed)
    loss, dW, db = module.loss_and_grad(W.copy(), b.copy(), X.copy(), y.copy(), reg)
    if verbose:
        out(tr("loss_and_grad on a random problem: n={n} examples, d={d} features, K={K} "
               "classes, reg={reg:g}; loss = {loss:.6f}", n=n, d=d, K=K, reg=reg,
               loss=_scalar(loss)))
    results = [
        check_gradient(lambda W_: module.loss_and_grad(W_, b.copy(), X.copy(), y.copy(), reg)[0],
                       W, dW, name="dW", seed=seed, verbose=verbose, out=out),
        check_gradient(lambda b_: module.loss_and_grad(W.copy(), b_, X.copy(), y.copy(), reg)[0],
                       b, db, name="db", seed=seed, verbose=verbose, out=out),
    ]
    combined = _combine("loss_and_grad", results)
    if not combined and reg != 0:
        hint = _penalty_hint(module, X, y, W, b, reg)
        if hint and verbose:
            out(hint)
    return combined


def _penalty_hint(module, X, y, W, b, reg):
    """When dW fails with reg > 0: does it pass without the penalty?"""
    try:
        _, dW0, db0 = module.loss_and_grad(W.copy(), b.copy(), X.copy(), y.copy(), 0.0)
        quiet = dict(verbose=False)
        ok_w = check_gradient(lambda W_: module.loss_and_grad(W_, b.copy(), X.copy(), y.copy(),
                                                              0.0)[0], W, dW0, **quiet)
        ok_b = check_gradient(lambda b_: module.loss_and_grad(W.copy(), b_, X.copy(), y.copy(),
                                                              0.0)[0], b, db0, **quiet)
    except Exception:
        return None
    if ok_w and ok_b:
        return tr("hint: with reg = 0 both gradients pass, so the cross-entropy part is right "
                  "and the L2 part is wrong: the penalty 0.5 * reg * sum(W**2) has gradient "
                  "reg * W (see l2_penalty)")
    return None


def check_cross_entropy_grad(module, *, n=3, K=4, seed=0, verbose=True, out=print):
    """Check ``module.cross_entropy_grad`` against ``module.cross_entropy``."""
    module = _as_module(module)
    rng = np.random.default_rng(seed)
    logits = rng.normal(0.0, 2.0, size=(n, K))
    y = rng.integers(0, K, size=n)
    analytic = module.cross_entropy_grad(logits.copy(), y.copy())
    result = check_gradient(lambda z: module.cross_entropy(z, y.copy()), logits, analytic,
                            name="dZ = cross_entropy_grad", seed=seed, verbose=verbose, out=out)
    return result


def _combine(name, results):
    rows = [row for r in results for row in r.rows]
    return GradcheckResult(name, all(r.passed for r in results),
                           max(r.max_rel_error for r in results),
                           max(r.threshold for r in results), rows,
                           sum(r.checked for r in results), sum(r.total for r in results))


def _as_module(module):
    if isinstance(module, (str, Path)):
        from .loading import load_submission

        return load_submission(module)
    return module


def main(argv=None):
    """Check cross_entropy_grad and loss_and_grad of a softmax.py; exit 0 if both pass."""
    from .cli import choose_language, guarded

    choose_language(argv)
    return guarded(_run, argv)


def _run(argv):
    from .cli import parser
    from .loading import describe_error, load_submission, not_implemented_in

    args = parser("gradcheck.py", tr("Check the gradients of your softmax.py (cross_entropy_grad, "
                                     "and dW, db of loss_and_grad) against central "
                                     "differences.")).parse_args(argv)
    module = load_submission(args.submission)
    path = module.__kit_path__
    status = 0
    for title, check in (("cross_entropy_grad", check_cross_entropy_grad),
                         ("loss_and_grad", check_loss_and_grad)):
        print(f"== {title}")
        try:
            result = check(module)
        except KeyboardInterrupt:
            raise
        except BaseException as error:
            missing = not_implemented_in(error, path)
            if missing:
                print(tr("{title}: implement {function}() first", title=title, function=missing))
            else:
                print(describe_error(error, path, tr("while checking {function}()",
                                                     function=title)))
            status = 1
            continue
        if not result:
            status = 1
        print()
    return status
