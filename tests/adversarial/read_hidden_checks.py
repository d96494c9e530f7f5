"""Reads the hidden checks (autograder/questions/ep02.py, the kit found from the worker's path, /proc/<ppid> and guesses) and special-cases their fixed inputs.

Its softmax is the naive, unstable one; but the fixed "huge logits"
examples of ep02 are parsed out of the check's source and answered with a
stable formula.  Honest, the naive softmax loses those checks.
"""

# honest: ep03
# partial: ep02=2.5
# questions: ep02, ep03
# mode: api
# expect: at-most

import ast
import os
import sys

import numpy as np


# adversarial: include kit


# adversarial: include kit-roots


def _known_inputs():
    """The fixed examples (HUGE) of the hidden ep02 checks, read from disk."""
    for root in _kit_roots():
        path = os.path.join(root, "autograder", "questions", "ep02.py")
        if os.path.isfile(path):
            break
    else:
        return []
    try:
        with open(path) as f:
            tree = ast.parse(f.read())
    except (OSError, SyntaxError):
        return []
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(
                isinstance(t, ast.Name) and t.id == "HUGE" for t in node.targets):
            for item in getattr(node.value, "elts", []):
                if isinstance(item, ast.Call) and item.args:
                    try:
                        found.append(np.array(_value(item.args[0]), dtype=float))
                    except ValueError:
                        pass
    return found


def _value(node):
    """Numbers, lists and + - * / of them (what the examples are written with)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, (ast.List, ast.Tuple)):
        return [_value(e) for e in node.elts]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        return -_value(node.operand) if isinstance(node.op, ast.USub) else _value(node.operand)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Sub, ast.Mult, ast.Div)):
        a, b = _value(node.left), _value(node.right)
        return {ast.Add: a + b, ast.Sub: a - b, ast.Mult: a * b,
                ast.Div: a / b if b else 0.0}[type(node.op)]
    raise ValueError("not a plain number")


KNOWN = _known_inputs()


def _is_a_known_input(z):
    return any(k.shape == z.shape and np.array_equal(k, z) for k in KNOWN)


def _stable_softmax(z):
    e = np.exp(z - np.max(z, axis=-1, keepdims=True))
    return e / np.sum(e, axis=-1, keepdims=True)


# adversarial: include reference


def softmax(z):
    z = _as_float_array(z)
    if _is_a_known_input(z):
        return _stable_softmax(z)
    e = np.exp(z)  # the naive, unstable softmax
    return e / np.sum(e, axis=-1, keepdims=True)


def log_softmax(z):
    return np.log(softmax(z))  # the naive, unstable log_softmax
