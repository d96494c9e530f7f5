"""Hypothesis's examples do not depend on which local modules are loaded."""

import importlib
import sys

from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from autograder import checks, example_pool


def _examples():
    seen = []

    @settings(max_examples=200, **{**checks.HYPOTHESIS_SETTINGS, "phases": (Phase.generate,)})
    @given(st.floats(1000.5, 1000.7))
    def record(x):
        seen.append(x)

    record()
    return seen


def test_the_pool_of_local_constants_is_pinned():
    assert checks.EXAMPLE_POOL_PINNED, (
        "this Hypothesis has another private layout: update autograder/example_pool.py")
    assert example_pool.pin()


def test_loading_a_module_with_constants_does_not_change_the_examples(tmp_path, monkeypatch):
    before = _examples()
    # unpinned, Hypothesis would now draw these constants now and then
    (tmp_path / "kit_constants_probe.py").write_text("A = 1000.625\nB = 1000.5625\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    importlib.import_module("kit_constants_probe")
    try:
        after = _examples()
    finally:
        sys.modules.pop("kit_constants_probe", None)
    assert after == before
    assert 1000.625 not in after
