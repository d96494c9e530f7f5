"""Trivial stand-ins for every function of the contract, generated from one table.

A trivial implementation returns something of the right type without
computing the function: a constant, zeros, ones, a uniform answer, an echo of
its input, random values, the reference's answer in the wrong places, or
``NotImplementedError`` in one branch and a constant in the other.  Each is
the reference file with one function replaced (``variants.replace_functions``),
so any points it earns come from checks of that function.
"""

from dataclasses import dataclass

from submissions.variants import EXTRA, reference_function, reference_source, replace_functions

KINDS = ("constant", "zeros", "ones", "uniform", "echo", "random", "wrong_values",
         "not_implemented_branch")


@dataclass(frozen=True)
class Returns:
    """What a function returns, as expressions over its arguments.

    ``parts`` lists the returned values (one: not a tuple), each
    ``("array", shape)``, ``("scalar", classes)``, ``("labels", n, classes)``,
    ``("batches", n)`` or ``("history",)``; ``echo`` is the argument to
    echo; ``branch`` a condition under which the trivial function raises
    ``NotImplementedError``.
    """

    signature: str
    parts: tuple
    echo: str
    branch: str


TABLE = {
    "softmax": Returns("z", (("array", "np.shape(z)"),), "z", "np.ndim(z) == 1"),
    "log_softmax": Returns("z", (("array", "np.shape(z)"),), "z", "np.ndim(z) == 1"),
    "predict": Returns("W, b, X", (("labels", "len(X)", "np.shape(W)[1]"),), "X",
                       "len(X) == 1"),
    "cross_entropy": Returns("logits, y", (("scalar", "np.shape(logits)[-1]"),), "logits",
                             "np.ndim(y) == 2"),
    "cross_entropy_grad": Returns("logits, y", (("array", "np.shape(logits)"),), "logits",
                                  "np.ndim(y) == 2"),
    "one_hot": Returns("y, n_classes", (("array", "(len(y), n_classes)"),), "y",
                       "len(y) == 1"),
    "init_params": Returns("n_features, n_classes, rng, scale=0.01",
                           (("array", "(n_features, n_classes)"), ("array", "(n_classes,)")),
                           "scale", "n_features == 1"),
    "l2_penalty": Returns("W, reg", (("scalar", "np.shape(W)[-1]"), ("array", "np.shape(W)")),
                          "W", "reg == 0"),
    "loss_and_grad": Returns("W, b, X, y, reg",
                             (("scalar", "np.shape(W)[1]"), ("array", "np.shape(W)"),
                              ("array", "np.shape(b)")), "W", "reg == 0"),
    "minibatches": Returns("n, batch_size, rng", (("batches", "n", "batch_size"),), "n",
                           "batch_size == 1"),
    "train": Returns("X, y, *, X_val=None, y_val=None, n_classes=None, epochs=10, "
                     "batch_size=128, lr=0.1, reg=1e-4, seed=0",
                     (("array", "(np.shape(X)[1], n_classes or int(np.max(y)) + 1)"),
                      ("array", "(n_classes or int(np.max(y)) + 1,)"), ("history",)),
                     "X", "epochs == 1"),
}


#: the expression of a returned part, by what it is (``Returns.parts``) and the kind of trivial
#: code; ``{echo}`` is the echoed argument, ``{true}`` the reference's answer, the other fields
#: are the part's expressions (``FIELDS``)
EXPRESSIONS = {
    "batches": {"constant": "[np.zeros(min({size}, {n}), dtype=np.int64)]",
                "zeros": "[np.zeros({n}, dtype=np.int64)]",
                "ones": "[np.ones({n}, dtype=np.int64)]",
                "uniform": "[np.full(min({size}, {n} - i), i) for i in range(0, {n}, {size})]",
                "echo": "[np.arange({n})]",
                "random": "[np.random.default_rng(7).integers(0, {n}, {n})]",
                "wrong_values": "[np.asarray(b) // 2 for b in {true}]"},
    "labels": {"constant": "np.full({n}, {k} - 1)",
               "zeros": "np.zeros({n}, dtype=np.int64)",
               "ones": "np.ones({n}, dtype=np.int64)",
               "uniform": "np.arange({n}) % {k}",
               "echo": "np.asarray(np.round(np.ravel({echo})[:{n}]) % {k}, dtype=np.int64)"
                       " if np.size({echo}) >= {n} else np.zeros({n}, dtype=np.int64)",
               "random": "np.random.default_rng(7).integers(0, {k}, {n})",
               "wrong_values": "({true} + 1) % {k}"},
    "scalar": {"constant": "0.75", "zeros": "0.0", "ones": "1.0",
               "uniform": "float(np.log({k}))",
               "echo": "float(np.mean({echo}))",
               "random": "float(np.random.default_rng(7).random())",
               "wrong_values": "float({true}) * 1.5 + 0.25"},
    "array": {"constant": "np.full({shape}, 0.75)",
              "zeros": "np.zeros({shape})",
              "ones": "np.ones({shape})",
              "uniform": "np.full({shape}, 1.0 / ({shape})[-1])",
              "echo": "np.resize(np.asarray({echo}, dtype=np.float64), {shape})",
              "random": "np.random.default_rng(7).random({shape})",
              # reversed columns keep a row's sum and a draw's spread: a scale and shift do not
              "wrong_values": "np.asarray({true})[..., ::-1]"},
}
FIELDS = {"batches": ("n", "size"), "labels": ("n", "k"), "scalar": ("k",), "array": ("shape",)}
HISTORY = ("{'train_loss': [0.75] * epochs, 'val_acc': "
           "([0.75] * epochs if X_val is not None else [])}")


def _part(kind, part, echo, index, count, rescale=False):
    """The expression of one returned part for ``kind`` (``not_implemented_branch`` returns the
    constant where it does not raise; ``rescale``: wrong values are a scale and shift of the
    true ones)."""
    what = part[0]
    if kind == "not_implemented_branch":
        kind = "constant"
    if what == "history":
        return HISTORY
    true = f"_true_value[{index}]" if count > 1 else "_true_value"
    if kind == "wrong_values" and rescale:
        return f"np.asarray({true}) * 1.5 + 0.25"
    return EXPRESSIONS[what][kind].format(echo=echo, true=true, **dict(zip(FIELDS[what], part[1:])))


def trivial_function(name, kind):
    """The source of a trivial ``name`` of ``kind``."""
    spec = TABLE[name]
    count = len(spec.parts)
    parts = [_part(kind, p, spec.echo, i, count, rescale=name == "init_params")
             for i, p in enumerate(spec.parts)]
    body = []
    if kind == "not_implemented_branch":
        body.append(f"    if {spec.branch}:\n        raise NotImplementedError")
    if kind == "wrong_values":
        call = ", ".join(_call_arguments(spec.signature))
        body.append(f"    _true_value = _true_{name}({call})")
    value = parts[0] if count == 1 else "(" + ", ".join(parts) + ")"
    body.append(f"    return {value}")
    return f"def {name}({spec.signature}):\n" + "\n".join(body) + "\n"


def _call_arguments(signature):
    """The arguments of a call that passes every parameter of ``signature`` on."""
    found, keyword_only = [], False
    for parameter in signature.split(","):
        parameter = parameter.strip()
        if parameter == "*":
            keyword_only = True
            continue
        name = parameter.split("=")[0].strip()
        found.append(f"{name}={name}" if keyword_only else name)
    return found


def trivial_source(name, kind):
    """The reference file with ``name`` replaced by its trivial stand-in of ``kind``."""
    replacements = {name: trivial_function(name, kind)}
    if kind == "wrong_values":
        replacements[EXTRA] = reference_function(name).replace(f"def {name}(",
                                                               f"def _true_{name}(", 1)
    return replace_functions(reference_source(), replacements)


def constants_source():
    """A whole file of constants: every function returns 0.75s of the right shape."""
    return replace_functions(reference_source(),
                             {name: trivial_function(name, "constant") for name in TABLE})
