"""Mutation catalogue entries of ep01-ep05 added with the trivial-implementation suite.

Each is a rule of the contract that no check enforced before: float32 input
for every function, arguments untouched for a single row and for
probability rows.  ``variants.py`` turns each entry into a ``Variant`` and
appends it to its ``BUGGY`` list (so this file imports nothing from it).
"""


def _buggy(name, description, loses, may_lose="", **replacements):
    """The arguments of ``variants._buggy`` for one buggy variant."""
    return dict(name=name, description=description, loses=loses, may_lose=may_lose,
                **replacements)


_FLOAT64_ONLY = '''
            if np.asarray({arg}).dtype != np.float64:
                raise TypeError("expected float64 input")
'''


def _float64_only(name, signature, arg, body):
    """``name`` that refuses anything but float64 ``arg``, then runs ``body``."""
    return (f"\n        def {name}({signature}):" + _FLOAT64_ONLY.format(arg=arg) + body)


BUGGY_A = [
    _buggy(
        "softmax_shifts_a_single_row_in_place",
        "a single row (1-D z) is shifted in place with z -= z.max(); batches are copied",
        "ep01", "ep02",
        softmax='''
        def softmax(z):
            if z.ndim == 1:
                z -= np.max(z)
                e = np.exp(z)
                return e / np.sum(e)
            e = np.exp(z - np.max(z, axis=-1, keepdims=True))
            return e / np.sum(e, axis=-1, keepdims=True)
        '''),
    _buggy(
        "log_softmax_shifts_a_single_row_in_place",
        "log_softmax shifts a single row (1-D z) in place; batches are copied",
        "ep02",
        log_softmax='''
        def log_softmax(z):
            if z.ndim == 1:
                z -= np.max(z)
                return z - np.log(np.sum(np.exp(z)))
            shifted = z - np.max(z, axis=-1, keepdims=True)
            return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
        '''),
    _buggy(
        "log_softmax_float64_only",
        "log_softmax raises TypeError on float32 logits",
        "ep02", "fashion_mnist",
        log_softmax=_float64_only("log_softmax", "z", "z", '''
            shifted = z - np.max(z, axis=-1, keepdims=True)
            return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))
        ''')),
    _buggy(
        "predict_float64_only",
        "predict raises TypeError on float32 input",
        "ep03", "fashion_mnist ep10",
        predict=_float64_only("predict", "W, b, X", "X", '''
            return np.argmax(X @ W + b, axis=1)
        ''')),
    _buggy(
        "cross_entropy_float64_only",
        "cross_entropy raises TypeError on float32 logits",
        "ep04", "fashion_mnist ep06 ep08 ep09 ep10",
        cross_entropy=_float64_only("cross_entropy", "logits, y", "logits", '''
            logp = log_softmax(logits)
            y = np.asarray(y)
            n = logp.shape[0]
            if y.ndim == 1:
                return float(-np.mean(logp[np.arange(n), y]))
            return float(-np.sum(y * logp) / n)
        ''')),
    _buggy(
        "grad_float64_only",
        "cross_entropy_grad raises TypeError on float32 logits",
        "ep05", "fashion_mnist ep06 ep08 ep09 ep10",
        cross_entropy_grad=_float64_only("cross_entropy_grad", "logits, y", "logits", '''
            p = softmax(logits)
            y = np.asarray(y)
            n, k = p.shape
            target = one_hot(y, k) if y.ndim == 1 else y
            return (p - target) / n
        ''')),
    _buggy(
        "cross_entropy_normalises_soft_labels_in_place",
        "cross_entropy renormalises probability rows with y /= y.sum(...), in the caller's array",
        "ep04", "ep06",
        cross_entropy='''
        def cross_entropy(logits, y):
            logp = log_softmax(logits)
            n = logp.shape[0]
            if y.ndim == 1:
                return float(-np.mean(logp[np.arange(n), y]))
            y /= np.sum(y, axis=1, keepdims=True)
            return float(-np.sum(y * logp) / n)
        '''),
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
