"""``make_stubs --lang zh``: the same stubs, with Chinese docstrings from a catalog."""

import ast
import re

import pytest
from conftest import SOLUTION

from tools import make_stubs

CJK = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture(scope="module")
def stubs():
    source = SOLUTION.read_text(encoding="utf-8")
    return make_stubs.make_stubs(source), make_stubs.make_stubs(source, "zh")


def _docstrings(source):
    tree = ast.parse(source)
    nodes = [tree] + [n for n in tree.body if isinstance(n, ast.FunctionDef)]
    return {getattr(n, "name", "module"): ast.get_docstring(n) for n in nodes}


def _code_only(source):
    """The AST without docstrings and without the NotImplementedError messages."""
    tree = ast.parse(source)
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) \
                and isinstance(body[0].value, ast.Constant):
            node.body = body[1:] or [ast.Pass()]
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            node.exc.args = []
    return ast.dump(tree)


def test_the_chinese_stubs_are_the_same_code(stubs):
    english, chinese = stubs
    assert _code_only(english) == _code_only(chinese)


def test_every_docstring_and_message_of_the_chinese_stubs_is_chinese(stubs):
    _, chinese = stubs
    docstrings = _docstrings(chinese)
    assert len(docstrings) == 12  # the module and its 11 functions
    assert all(CJK.search(text) for text in docstrings.values()), docstrings.keys()
    messages = re.findall(r'raise NotImplementedError\("([^"]*)"\)', chinese)
    assert len(messages) >= 11 and all("尚未实现" in m for m in messages)


def test_a_changed_docstring_is_not_left_in_english(stubs, monkeypatch):
    source = SOLUTION.read_text(encoding="utf-8").replace(
        "Row-wise softmax: turn scores into probabilities.",
        "Row-wise softmax: scores into probabilities.")
    with pytest.raises(ValueError, match="docstring of softmax changed"):
        make_stubs.make_stubs(source, "zh")


def test_the_chinese_stubs_run_like_the_english_ones(stubs, tmp_path):
    from assignment.studentkit.loading import load_submission

    path = tmp_path / "softmax.py"
    path.write_text(stubs[1], encoding="utf-8")
    module = load_submission(path)
    with pytest.raises(NotImplementedError, match="ep01（softmax 与 sigmoid）"):
        module.softmax([0.0])
