"""checks-B's part of the catalogue (ep06-ep10): contract rules and trivial code.

:func:`variants` gives the ``BUGGY`` and ``CORRECT`` entries that join
``variants.py``'s lists (built with its helpers, passed in, so that this file
imports nothing of it).  ``TRIVIAL`` maps a
kind of trivial code (constants, zeros, ones, echo, random values, right shape
with wrong values, ``NotImplementedError`` in one branch) to replacements of
every function graded by ep06-ep10: each must score 0 on every check there.
"""


def variants(_buggy, _correct, patched):
    """``(buggy, correct)``: checks-B's variants, built with variants.py's helpers."""
    return _buggy_variants(_buggy, patched), _correct_variants(_correct, patched)


def _buggy_variants(_buggy, patched):
    return [
    _buggy(
        "l2_penalty_rejects_float32",
        "l2_penalty raises TypeError unless W is float64",
        "ep08", "fashion_mnist",
        l2_penalty='''
        def l2_penalty(W, reg):
            if W.dtype != np.float64:
                raise TypeError("W must be float64")
            return 0.5 * reg * float(np.sum(W * W)), reg * W
        '''),
    _buggy(
        "loss_and_grad_rejects_float32",
        "loss_and_grad raises TypeError unless X is float64",
        "ep08", "fashion_mnist",
        loss_and_grad=patched("loss_and_grad", ('    Z = X @ W + b\n',
                                                ('    if X.dtype != np.float64:\n'
                                                 '        raise TypeError("X must be float64")\n'
                                                 '    Z = X @ W + b\n')))),
    _buggy(
        "loss_and_grad_centres_X_in_place",
        "loss_and_grad centres the batch with X -= X.mean(axis=0), writing into the caller's X",
        "ep08", "fashion_mnist ep09 ep10",
        loss_and_grad=patched("loss_and_grad", ('    Z = X @ W + b\n',
                                                ('    X -= 0.0 * X.mean(axis=0)\n'
                                                 '    Z = X @ W + b\n')))),
    _buggy(
        "train_rejects_float32",
        "train raises TypeError unless X is float64",
        "ep09", "fashion_mnist",
        train=patched("train", ("    X = np.asarray(X)\n",
                                ("    X = np.asarray(X)\n"
                                 "    if X.dtype != np.float64:\n"
                                 "        raise TypeError('X must be float64')\n")))),
    _buggy(
        "train_forgets_the_update",
        "train computes loss_and_grad on every batch but never assigns the step to W and b",
        "ep09 ep10", "fashion_mnist",
        train=patched("train", ("            W = W - lr * dW\n", "            W - lr * dW\n"),
                      ("            b = b - lr * db\n", "            b - lr * db\n"))),
    _buggy(
        "init_params_constant_weights",
        "init_params fills W with scale instead of drawing it",
        "ep07", "fashion_mnist",
        init_params='''
        def init_params(n_features, n_classes, rng, scale=0.01):
            return np.full((n_features, n_classes), scale), np.zeros(n_classes)
        '''),
    _buggy(
        "minibatches_one_unshuffled_batch",
        "minibatches returns the whole range(n) as one batch",
        "ep09", "fashion_mnist ep10",
        minibatches='''
        def minibatches(n, batch_size, rng):
            return [np.arange(n)]
        '''),
    ]


def _correct_variants(_correct, patched):
    return [
    _correct(
        "correct_soft_labels_normalised_copy",
        "cross_entropy and its gradient renormalise probability rows into new arrays",
        cross_entropy='''
        def cross_entropy(logits, y):
            y = np.asarray(y)
            logp = log_softmax(logits)
            n = logp.shape[0]
            if y.ndim == 1:
                return float(-np.mean(logp[np.arange(n), y]))
            y = y / y.sum(axis=1, keepdims=True)
            return float(-np.sum(y * logp) / n)
        ''',
        cross_entropy_grad=patched("cross_entropy_grad",
                                   ("else y\n", "else y / y.sum(axis=1, keepdims=True)\n"),
                                   docstring=False)),
    _correct(
        "correct_train_in_float64",
        "train converts X to float64 once, so float32 data trains in float64",
        train=patched("train", ("    X = np.asarray(X)\n",
                                "    X = np.asarray(X, dtype=np.float64)\n"))),
    ]


def _trivial(one_hot, cross_entropy, cross_entropy_grad, init_params, l2_penalty,
             loss_and_grad, minibatches, train):
    """Replacements of the eight functions of ep06-ep10, from their bodies."""
    signatures = {
        "one_hot": "y, n_classes", "cross_entropy": "logits, y",
        "cross_entropy_grad": "logits, y", "init_params": "n_features, n_classes, rng, scale=0.01",
        "l2_penalty": "W, reg", "loss_and_grad": "W, b, X, y, reg",
        "minibatches": "n, batch_size, rng",
        "train": "X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10, batch_size=128, "
                 "lr=0.1, reg=1e-4, seed=0",
    }
    bodies = {"one_hot": one_hot, "cross_entropy": cross_entropy,
              "cross_entropy_grad": cross_entropy_grad, "init_params": init_params,
              "l2_penalty": l2_penalty, "loss_and_grad": loss_and_grad,
              "minibatches": minibatches, "train": train}
    return {name: f"def {name}({signatures[name]}):\n    " + body.strip().replace("\n", "\n    ")
            + "\n" for name, body in bodies.items()}


def _history(value):
    return (f"history = {{'train_loss': [{value}] * epochs, 'val_acc': [{value}] * epochs "
            "if X_val is not None else []}")


def _constant_train(W, b, value):
    return (f"d, k = np.shape(X)[1], int(n_classes or np.max(y) + 1)\n{_history(value)}\n"
            f"return {W}, {b}, history")


TRIVIAL = {
    "constants": _trivial(
        "return np.full((len(y), n_classes), 0.75)",
        "return -1.0",
        "return np.full(np.shape(logits), 0.75)",
        "return np.full((n_features, n_classes), 0.75), np.full(n_classes, 0.75)",
        "return -1.0, np.full(np.shape(W), 0.75)",
        "return -1.0, np.full(np.shape(W), 0.75), np.full(np.shape(b), 0.75)",
        "return [np.full(min(batch_size, n), 0)]",
        _constant_train("np.full((d, k), 0.75)", "np.full(k, 0.75)", "0.75")),
    "zeros": _trivial(
        "return np.zeros((len(y), n_classes))",
        "return 0.0",
        "return np.zeros(np.shape(logits))",
        "return np.zeros((n_features, n_classes)), np.zeros(n_classes)",
        "return 0.0, np.zeros(np.shape(W))",
        "return 0.0, np.zeros(np.shape(W)), np.zeros(np.shape(b))",
        "return [np.zeros(min(batch_size, n), dtype=int)]",
        _constant_train("np.zeros((d, k))", "np.zeros(k)", "0.0")),
    "ones": _trivial(
        "return np.ones((len(y), n_classes))",
        "return 1.0",
        "return np.ones(np.shape(logits))",
        "return np.ones((n_features, n_classes)), np.ones(n_classes)",
        "return 1.0, np.ones(np.shape(W))",
        "return 1.0, np.ones(np.shape(W)), np.ones(np.shape(b))",
        "return [np.ones(min(batch_size, n), dtype=int)]",
        _constant_train("np.ones((d, k))", "np.ones(k)", "1.0")),
    "echo": _trivial(
        "return np.repeat(np.asarray(y, dtype=float)[:, None], n_classes, axis=1)",
        "return float(np.mean(logits))",
        "return np.array(logits, dtype=float)",
        "return np.full((n_features, n_classes), scale), np.full(n_classes, scale)",
        "return float(np.sum(W)), np.array(W, dtype=float)",
        "return float(np.sum(X)), np.array(W, dtype=float), np.array(b, dtype=float)",
        "return [np.arange(n)]",
        "rng = np.random.default_rng(seed)\n"
        "W, b = init_params(np.shape(X)[1], int(n_classes or np.max(y) + 1), rng)\n"
        f"{_history('1.0')}\nreturn W, b, history"),
    "random": _trivial(
        "return np.random.random((len(y), n_classes))",
        "return float(np.random.random())",
        "return np.random.random(np.shape(logits))",
        "return rng.random((n_features, n_classes)), rng.random(n_classes)",
        "return float(np.random.random()), np.random.random(np.shape(W))",
        "return (float(np.random.random()), np.random.random(np.shape(W)),\n"
        "        np.random.random(np.shape(b)))",
        "return [rng.integers(0, n, size=min(batch_size, n)) for _ in range(0, n, batch_size)]",
        "rng = np.random.default_rng(seed)\nd, k = np.shape(X)[1], int(n_classes or np.max(y) + 1)\n"
        "history = {'train_loss': list(rng.random(epochs)), "
        "'val_acc': list(rng.random(epochs)) if X_val is not None else []}\n"
        "return rng.normal(0.0, 0.01, (d, k)), np.zeros(k), history"),
    "right_shape_wrong_values": _trivial(
        "return np.eye(n_classes)[(np.asarray(y) + 1) % n_classes]",
        "return float(np.log(np.shape(logits)[1]))",
        "return softmax(logits) / len(logits)",
        "return rng.uniform(-scale, scale, (n_features, n_classes)), np.zeros(n_classes)",
        "return reg * float(np.sum(W * W)), 2 * reg * np.asarray(W)",
        "return 0.5 * reg * float(np.sum(W * W)), reg * W, np.zeros(np.shape(b))",
        "return [np.zeros(min(batch_size, n - i), dtype=int) for i in range(0, n, batch_size)]",
        "rng = np.random.default_rng(seed)\n"
        "W, b = init_params(np.shape(X)[1], int(n_classes or np.max(y) + 1), rng)\n"
        f"{_history('0.5')}\nreturn W, b, history"),
    "not_implemented_in_one_branch": _trivial(
        "if len(y) > 1:\n    raise NotImplementedError\nreturn np.zeros((len(y), n_classes))",
        "if np.ndim(y) == 2:\n    raise NotImplementedError\nreturn 0.0",
        "if np.ndim(y) == 2:\n    raise NotImplementedError\nreturn np.zeros(np.shape(logits))",
        "if scale != 0.01:\n    raise NotImplementedError\n"
        "return np.zeros((n_features, n_classes)), np.zeros(n_classes)",
        "if reg > 0:\n    raise NotImplementedError\nreturn 0.0, np.zeros(np.shape(W))",
        "if reg > 0:\n    raise NotImplementedError\n"
        "return 0.0, np.zeros(np.shape(W)), np.zeros(np.shape(b))",
        "if n % batch_size:\n    raise NotImplementedError\nreturn [np.arange(n)]",
        "if X_val is None:\n    raise NotImplementedError\n"
        + _constant_train("np.zeros((d, k))", "np.zeros(k)", "0.0")),
}
