"""The English and Chinese handouts stay in step, and say what the kit does.

The two files are translations of each other, so their skeletons must agree:
the same headings (levels, in order), the same code blocks (identical
commands and code; only comments may be translated), tables of the same
shape, the same function names in backticks, every exploration point.
"""

import ast
import re

import pytest
from conftest import ROOT

ASSIGNMENT = ROOT / "assignment"
ENGLISH = ASSIGNMENT / "README.md"
CHINESE = ASSIGNMENT / "README.zh.md"
EXPLORATION_POINTS = [f"EP{i}" for i in range(1, 11)]


def _text(path):
    return path.read_text(encoding="utf-8")


def _without_code_blocks(text):
    return re.sub(r"^```.*?^```", "", text, flags=re.S | re.M)


def headings(text):
    """``[(level, title)]`` of the Markdown headings outside code blocks."""
    found = []
    for line in _without_code_blocks(text).splitlines():
        match = re.match(r"^(#{1,6})\s+(.*)$", line)
        if match:
            found.append((len(match.group(1)), match.group(2).strip()))
    return found


def code_blocks(text):
    """``[(language, [lines])]`` of fenced blocks, comments and blank lines dropped."""
    blocks = []
    for language, body in re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M):
        lines = []
        for line in body.splitlines():
            code = re.sub(r"(^|\s)#.*$", "", line).rstrip()
            if code.strip():
                lines.append(code)
        blocks.append((language, lines))
    return blocks


def tables(text):
    """``[(rows, columns)]`` of the Markdown tables, header and rule included."""
    shapes, rows, columns = [], 0, None
    for line in _without_code_blocks(text).splitlines() + [""]:
        if line.startswith("|"):
            cells = line.strip().strip("|").split("|")
            rows, columns = rows + 1, columns or len(cells)
            assert len(cells) == columns, f"ragged table row: {line}"
        elif rows:
            shapes.append((rows, columns))
            rows, columns = 0, None
    return shapes


def _kit_functions():
    names = set()
    for path in ASSIGNMENT.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {node.name for node in tree.body
                  if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")}
    return names


def function_names(text):
    """Function names in backtick spans: called ``name(...)``, or a kit function alone."""
    known = _kit_functions()
    names = set()
    for span in re.findall(r"`([^`\n]+)`", _without_code_blocks(text)):
        names |= set(re.findall(r"([A-Za-z_][A-Za-z0-9_.]*)\(", span))
        if span in known:
            names.add(span)
    return names


@pytest.fixture(scope="module")
def english():
    return _text(ENGLISH)


@pytest.fixture(scope="module")
def chinese():
    return _text(CHINESE)


def test_both_handouts_exist_and_the_chinese_one_is_chinese(english, chinese):
    cjk = len(re.findall(r"[\u4e00-\u9fff]", chinese))
    assert cjk > 2000, "README.zh.md should be written in Chinese"
    assert not re.search(r"[\u4e00-\u9fff]", english)


def test_same_headings_in_the_same_order(english, chinese):
    en, zh = headings(english), headings(chinese)
    assert [level for level, _ in en] == [level for level, _ in zh], (en, zh)
    # the exploration-point headings start with the same tag and name the same functions
    for (_, en_title), (_, zh_title) in zip(en, zh):
        tag = re.match(r"EP\d+\b", en_title)
        if tag:
            assert zh_title.startswith(tag.group(0)), (en_title, zh_title)
            assert re.findall(r"`[^`]+`", en_title) == re.findall(r"`[^`]+`", zh_title)


def test_same_code_blocks(english, chinese):
    en, zh = code_blocks(english), code_blocks(chinese)
    assert len(en) == len(zh)
    for (en_lang, en_lines), (zh_lang, zh_lines) in zip(en, zh):
        assert en_lang == zh_lang
        assert en_lines == zh_lines


def test_same_tables(english, chinese):
    assert tables(english) == tables(chinese)
    assert tables(english), "the handout has tables"


def test_same_function_names_in_backticks(english, chinese):
    en, zh = function_names(english), function_names(chinese)
    assert en == zh, {"only in README.md": en - zh, "only in README.zh.md": zh - en}
    # every function of the contract is named
    assert {"softmax", "log_softmax", "predict", "cross_entropy", "cross_entropy_grad",
            "one_hot", "init_params", "l2_penalty", "loss_and_grad", "minibatches",
            "train"} <= en


@pytest.mark.parametrize("tag", EXPLORATION_POINTS)
def test_every_exploration_point_is_in_both(english, chinese, tag):
    pattern = rf"\b{tag}\b"
    assert re.search(pattern, english) and re.search(pattern, chinese)


def test_the_handout_documents_the_tools(english):
    commands = "\n".join(line for _, lines in code_blocks(english) for line in lines)
    for command in ("make grade", "make train", "assignment/gradcheck.py",
                    "assignment/experiments.py", "check_loss_and_grad(softmax)"):
        assert command in commands, command
    for word in ("numpy", "torch", "scipy", "scikit-learn", "0.8347", "0.8349"):
        assert word in english, word


def test_the_scripts_the_handout_runs_exist():
    text = _text(ENGLISH)
    for script in set(re.findall(r"assignment/(\w+\.py)", text)):
        assert (ASSIGNMENT / script).is_file(), script
    makefile = _text(ROOT / "Makefile")
    assert re.search(r"^train:", makefile, flags=re.M)
    assert re.search(r"^\.PHONY:.*\btrain\b", makefile, flags=re.M)


def test_the_checkers_of_this_file_notice_a_drift():
    # a lost heading, a changed command, a dropped table row, a renamed function
    text = "# T\n## A\n```sh\nmake grade   # x\n```\n| a | b |\n|---|---|\n| `f(x)` | 1 |\n"
    assert headings(text) == [(1, "T"), (2, "A")]
    assert code_blocks(text) == [("sh", ["make grade"])]
    assert code_blocks(text.replace("# x", "# 注释")) == code_blocks(text)
    assert code_blocks(text.replace("make grade", "make test")) != code_blocks(text)
    assert tables(text) == [(3, 2)]
    assert "f" in function_names(text)


def test_the_staged_handout_is_a_plain_copy_of_the_public_files(tmp_path):
    """assignment/ whole, the engine byte for byte, without questions/hidden/ and batch.py."""
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    import build_handout

    folder = tmp_path / "h"
    build_handout.stage(folder)
    for source in (ROOT / "assignment").rglob("*"):
        relative = source.relative_to(ROOT)
        if source.is_file() and not set(relative.parts) & {"__pycache__", "runs"}:
            assert (folder / relative).read_bytes() == source.read_bytes(), relative
    copied = list((folder / "autograder").rglob("*.py"))
    assert copied and not (folder / "autograder" / "questions" / "hidden").exists()
    assert not (folder / "autograder" / "batch.py").exists()
    for path in copied:
        relative = path.relative_to(folder)
        assert path.read_bytes() == (ROOT / relative).read_bytes(), relative
