"""Mutation catalogue entries of ep01-ep05 added with the trivial-implementation suite.

Each is a rule of the contract that no check enforced before: float32 input
for every function, arguments untouched for a single row and for
probability rows.  :func:`buggy_variants` gives the entries that join
``variants.py``'s ``BUGGY`` list (built with its helpers, passed in, so that
this file imports nothing of it).
"""

_FLOAT64_ONLY = '''\
    if np.asarray({arg}).dtype != np.float64:
        raise TypeError("expected float64 input")

'''


def _first(patched, name, signature, lines):
    """``BASE[name]`` without its docstring, ``lines`` first in its body."""
    head = f"def {name}({signature}):\n"
    return patched(name, (head, head + lines), docstring=False)


def buggy_variants(_buggy, patched):
    """The buggy entries, built with ``variants.py``'s ``_buggy`` and ``patched``."""

    def float64_only(name, signature, arg, loses, may_lose, short=None):
        """The variant whose ``name`` is ``BASE[name]`` that first refuses
        anything but float64 ``arg``."""
        what = "input" if arg == "X" else "logits"
        body = _first(patched, name, signature, _FLOAT64_ONLY.format(arg=arg))
        return _buggy(f"{short or name}_float64_only",
                      f"{name} raises TypeError on float32 {what}", loses, may_lose,
                      **{name: body})

    return [
    _buggy(
        "softmax_shifts_a_single_row_in_place",
        "a single row (1-D z) is shifted in place with z -= z.max(); batches are copied",
        "ep01", "ep02",
        softmax=_first(patched, "softmax", "z", '''\
    if z.ndim == 1:
        z -= np.max(z)
        e = np.exp(z)
        return e / np.sum(e)
''')),
    _buggy(
        "log_softmax_shifts_a_single_row_in_place",
        "log_softmax shifts a single row (1-D z) in place; batches are copied",
        "ep02",
        log_softmax=_first(patched, "log_softmax", "z", '''\
    if z.ndim == 1:
        z -= np.max(z)
        return z - np.log(np.sum(np.exp(z)))
''')),
    float64_only("log_softmax", "z", "z", "ep02", "fashion_mnist"),
    float64_only("predict", "W, b, X", "X", "ep03", "fashion_mnist ep10"),
    float64_only("cross_entropy", "logits, y", "logits", "ep04",
                 "fashion_mnist ep06 ep08 ep09 ep10"),
    float64_only("cross_entropy_grad", "logits, y", "logits", "ep05",
                 "fashion_mnist ep06 ep08 ep09 ep10", short="grad"),
    _buggy(
        "cross_entropy_normalises_soft_labels_in_place",
        "cross_entropy renormalises probability rows with y /= y.sum(...), in the caller's array",
        "ep04", "ep06",
        cross_entropy=patched("cross_entropy", ("    y = np.asarray(y)\n", ""),
                              ("    return float(-np.sum(y * logp) / n)\n",
                               "    y /= np.sum(y, axis=1, keepdims=True)\n"
                               "    return float(-np.sum(y * logp) / n)\n"),
                              docstring=False)),
    _buggy(
        "grad_normalises_soft_labels_in_place",
        "cross_entropy_grad renormalises probability rows with y /= y.sum(...), in place",
        "ep05", "ep06",
        cross_entropy_grad='''
        def cross_entropy_grad(logits, y):
            p = softmax(logits)
            n, k = p.shape
            if y.ndim == 1:
                return (p - one_hot(y, k)) / n
            y /= np.sum(y, axis=1, keepdims=True)
            return (p - y) / n
        '''),
    ]
