"""One glossary for the kit's Chinese: every Chinese text says each term the same way.

The glossary (assignment/glossary.json) is checked against the message
catalog (English key -> Chinese), README.zh.md, the stubs' Chinese
docstrings and the notebook's bilingual cells: where the English uses a
term in prose, the Chinese uses the glossary's word, and no Chinese text
uses a forbidden variant.
"""

import json
import re

import pytest
from conftest import ROOT

GLOSSARY = json.loads((ROOT / "assignment" / "glossary.json").read_text(encoding="utf-8"))
TERMS = GLOSSARY["terms"]
STUB_DOCSTRINGS = ROOT / "autograder" / "messages" / "stubs.zh.json"
NOTEBOOK = ROOT / "assignment" / "softmax.ipynb"
ZH_MARKER = "<!-- zh -->"

_CODE = re.compile(r"`[^`]*`|\{[^{}]*\}")
_NOT_PROSE_BEFORE = r"(?<![\w\-'\[.=/])"
_NOT_PROSE_AFTER = r"(?![\w\-'=(\]/])"


def _prose(text):
    """``text`` without code spans and placeholders."""
    return _CODE.sub(" ", text)


def uses(pattern, text):
    """Whether English ``text`` uses the term ``pattern`` in prose (not as code)."""
    return re.search(_NOT_PROSE_BEFORE + f"(?:{pattern})" + _NOT_PROSE_AFTER, _prose(text),
                     re.IGNORECASE) is not None


def forbidden_in(chinese):
    """``[(variant, context)]`` of forbidden variants used in a Chinese text."""
    text = _prose(chinese)
    found = []
    for term in TERMS:
        # the English term as a gloss right after the Chinese one: 独热（one-hot）
        text = re.sub(re.escape(term["zh"]) + r"\s*[（(][^）)]*[）)]", term["zh"], text)
    for term in TERMS:
        rest = text.replace(term["zh"], "　")  # a variant inside the right word is no variant
        for variant in term["forbidden"]:
            if variant.isascii():
                pattern = _NOT_PROSE_BEFORE + re.escape(variant) + r"(?![\w\-'=(\]/])"
                match = re.search(pattern, rest, re.IGNORECASE)
            else:
                match = re.search(re.escape(variant), rest)
            if match:
                found.append((variant, rest[max(0, match.start() - 20):match.end() + 20]))
    return found


def missing_terms(english, chinese):
    """Glossary words the Chinese lacks although the English uses their term."""
    return [term["zh"] for term in TERMS
            if uses(term["en"], english) and term["zh"] not in chinese]


def _catalog_pairs():
    from tools.extract_messages import translations

    return list(translations("zh").items())


def _docstring_pairs():
    if not STUB_DOCSTRINGS.exists():
        return []
    return [(entry["en"], entry["zh"])
            for entry in json.loads(STUB_DOCSTRINGS.read_text(encoding="utf-8")).values()]


def _notebook_pairs():
    if not NOTEBOOK.exists():
        return []
    cells = json.loads(NOTEBOOK.read_text(encoding="utf-8"))["cells"]
    pairs = []
    for cell in cells:
        text = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and ZH_MARKER in text:
            english, chinese = text.split(ZH_MARKER, 1)
            pairs.append((english, chinese))
    return pairs


PAIRS = {"catalog": _catalog_pairs, "stub docstrings": _docstring_pairs,
         "notebook": _notebook_pairs}


def test_the_glossary_is_well_formed():
    assert len({term["zh"] for term in TERMS}) == len(TERMS)
    for term in TERMS:
        re.compile(term["en"])
        assert term["zh"] and not term["zh"].isascii()
        assert term["zh"] not in term["forbidden"]


@pytest.mark.parametrize("source", PAIRS)
def test_every_chinese_text_uses_the_glossarys_word(source):
    wrong = [(english[:80], missing) for english, chinese in PAIRS[source]()
             if (missing := missing_terms(english, chinese))]
    assert not wrong, wrong


@pytest.mark.parametrize("source", PAIRS)
def test_no_chinese_text_uses_a_forbidden_variant(source):
    wrong = [found for _, chinese in PAIRS[source]() if (found := forbidden_in(chinese))]
    assert not wrong, wrong


def test_the_chinese_readme_uses_the_glossary():
    english = (ROOT / "assignment" / "README.md").read_text(encoding="utf-8")
    chinese = (ROOT / "assignment" / "README.zh.md").read_text(encoding="utf-8")
    assert not forbidden_in(chinese)
    assert not missing_terms(english, chinese)


def test_the_check_catches_what_it_should():
    assert missing_terms("one epoch of training", "一个 epoch 的训练") == ["轮"]
    assert not missing_terms("history['train_loss'], epochs=1", "epochs=1")
    assert forbidden_in("加上惩罚项")[0][0] == "惩罚项"
    assert not forbidden_in("独热（one-hot）编码")
    assert forbidden_in("one-hot 标签")
    assert not forbidden_in("调用 `one_hot(y, K)` 和 l2_penalty")
