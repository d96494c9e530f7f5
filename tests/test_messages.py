"""Every message exists in English and Chinese, with the same placeholders."""

import json
import shutil
import string
import subprocess
import sys
from collections import Counter

from conftest import EXERCISES, ROOT, SOLUTION

from autograder import i18n
from autograder.grade import grade
from autograder.report import details, results_json, table

sys.path.insert(0, str(ROOT / "tools"))
from extract_messages import merge_json, template, translations

CATALOGS = ROOT / "autograder" / "messages"


def _placeholders(template):
    return Counter((field, spec) for _, field, spec, _ in string.Formatter().parse(template)
                   if field is not None)


def test_the_catalogs_are_current_and_every_message_is_translated():
    done = subprocess.run([sys.executable, "tools/extract_messages.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout


def test_the_chinese_catalog_has_exactly_the_messages_of_the_code():
    assert set(translations("zh")) == {m.id for m in template() if m.id}


def test_every_check_speaks_through_the_catalog():
    """The title, statement and hint of every check, as the registry reads them, are messages."""
    from autograder import questions  # noqa: F401  (registers the checks)
    from autograder.checks import REGISTRY

    messages = {m.id for m in template() if m.id}
    for c in (c for checks in REGISTRY.values() for c in checks):
        assert {c.title, c.statement, c.hint} <= messages, c.id


def test_translations_keep_every_placeholder():
    for english, translated in translations("zh").items():
        assert _placeholders(translated) == _placeholders(english), english


def test_the_compiled_catalog_is_what_gettext_reads(tmp_path):
    i18n.set_language("zh")
    try:
        for english, translated in translations("zh").items():
            assert i18n.catalog("zh").gettext(english) == translated
    finally:
        i18n.set_language("en")


def test_a_json_dict_of_translations_folds_into_the_catalog(tmp_path):
    package = tmp_path / "autograder"
    shutil.copytree(CATALOGS, package / "messages")
    english = next(iter(translations("zh")))
    extra = tmp_path / "extra.json"
    extra.write_text(json.dumps({english: "新的译文", "a new message {x}": "新消息 {x}"}),
                     encoding="utf-8")
    assert merge_json("zh", [extra], package) == 2
    folded = translations("zh", package)
    assert folded[english] == "新的译文" and folded["a new message {x}"] == "新消息 {x}"


def test_the_language_follows_the_locale():
    assert i18n.language_from_environment({"LANG": "zh_CN.UTF-8"}) == "zh"
    assert i18n.language_from_environment({"LANG": "en_US.UTF-8"}) == "en"
    assert i18n.language_from_environment({"LANGUAGE": "zh", "LANG": "C"}) == "zh"
    assert i18n.language_from_environment({}) == "en"


def _buggy(tmp_path, name, old, new):
    path = tmp_path / f"{name}.py"
    source = SOLUTION.read_text()
    assert old in source
    path.write_text(source.replace(old, new))
    return path


def test_chinese_feedback_never_falls_back_to_english(tmp_path, untranslated):
    files = [
        (_buggy(tmp_path, "sum", "return e / np.sum(e, axis=-1, keepdims=True)",
                "return e / np.sum(e)"), ["ep01", "ep02"]),
        (_buggy(tmp_path, "naive", "shifted = z - np.max(z, axis=-1, keepdims=True)\n    e = ",
                "shifted = z\n    e = "), ["ep02"]),
        (_buggy(tmp_path, "sum_loss", "return float(-np.mean(picked))",
                "return float(-np.sum(picked))"), ["ep04", "ep06"]),
        (_buggy(tmp_path, "no_n", "    p /= n\n    return p\n", "    return p\n"), ["ep05"]),
        (_buggy(tmp_path, "reg_b", "return loss + penalty, dW, np.sum(dZ, axis=0)",
                "return loss + penalty, dW, np.sum(dZ, axis=0) + reg * b"), ["ep08"]),
        (_buggy(tmp_path, "no_shuffle", "perm = rng.permutation(n)", "perm = np.arange(n)"),
         ["ep09"]),
        (ROOT / "assignment" / "softmax.py", list(EXERCISES)),
    ]
    for path, questions in files:
        g = grade(path, questions)
        text = table(g) + details(g) + json.dumps(results_json(g), ensure_ascii=False)
        assert "property:" not in text and "hint:" not in text
    assert not untranslated, sorted(untranslated)


def test_make_grade_lang_zh_prints_chinese(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", str(ROOT / "assignment" / "softmax.py"),
         "--results", str(tmp_path / "r.json"), "--questions", "ep01", "--lang", "zh"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0
    assert "总计" in done.stdout and "题目" in done.stdout
