"""Replaying the reference's examples changes no outcome, only the time a check takes."""

import numpy as np
import pytest
from conftest import SOLUTION, STUBS
from hypothesis import given
from hypothesis import strategies as st
from submissions.variants import BUGGY

from autograder import grade as grading
from autograder import replay
from autograder.checks import Failure, check, run_check
from autograder.report import results_json

#: a cheap question of each kind: nothing served, the loss served, training
QUESTION_IDS = ("ep02", "ep05", "ep07", "ep08")
#: one mistake in each of them, and one that draws from numpy's global state
MISTAKES = ("log_softmax_is_log_of_softmax", "grad_not_divided_by_n",
            "init_params_global_numpy_random", "loss_and_grad_regularises_bias")


@pytest.fixture
def fresh():
    replay.forget()
    yield
    replay.forget()


def _report(path):
    return results_json(grading.grade(path, QUESTION_IDS))


def _files(tmp_path):
    found = {"reference": SOLUTION, "stubs": STUBS}
    for variant in BUGGY:
        if variant.name in MISTAKES:
            found[variant.name] = tmp_path / f"{variant.name}.py"
            found[variant.name].write_text(variant.source())
    assert len(found) == 2 + len(MISTAKES)
    return found


def test_every_report_is_the_same_with_the_examples_replayed(tmp_path, fresh):
    files = _files(tmp_path)
    plain = {name: _report(path) for name, path in files.items()}
    assert grading.record_examples(QUESTION_IDS) > 0
    replayed = {name: _report(path) for name, path in files.items()}
    for name in files:
        assert replayed[name] == plain[name], name
    assert plain["reference"]["score"] == sum(t["max_score"] for t in plain["reference"]["tests"])


# A check of the kit's kind, on a fake submission: ``sub`` is a function of a row.
@given(n=st.integers(1, 4), data=st.data())
def _sums_to_one(sub, n, data):
    """Every row sums to 1.

    Hint: divide by the row's sum.
    """
    z = data.draw(st.lists(st.floats(-5, 5), min_size=n, max_size=n), label="z")
    if not np.isclose(np.sum(sub(np.array(z))), 1.0):
        raise Failure("rows must sum to 1")


SUMS_TO_ONE = None


def _sums_to_one_check():
    global SUMS_TO_ONE
    if SUMS_TO_ONE is None:
        check("ep01", "fake: sums to one", weight=0)(_sums_to_one)
        from autograder.checks import REGISTRY

        SUMS_TO_ONE = REGISTRY["ep01"].pop()
    return SUMS_TO_ONE


def _softmax(z):
    e = np.exp(z - np.max(z))
    return e / e.sum()


def _recorded(check_):
    with replay.recording():
        assert run_check(check_, _softmax, 1.0).passed
    return replay.cases(check_.id)


def test_a_passing_check_is_recorded_with_its_draws_and_replayed(fresh):
    check_ = _sums_to_one_check()
    cases = _recorded(check_)
    assert cases and all(len(c.draws) == 1 or c.stopped for c in cases)
    calls = []
    outcome = run_check(check_, lambda z: calls.append(z) or _softmax(z), 1.0)
    assert outcome.passed
    assert len(calls) == sum(1 for c in cases if not c.stopped)


def test_a_failure_met_in_replay_is_found_and_shrunk_by_hypothesis(fresh):
    check_ = _sums_to_one_check()
    unnormalised = (lambda z: np.exp(z) if len(z) > 2 else _softmax(z))
    plain = run_check(check_, unnormalised, 1.0)
    _recorded(check_)
    replayed = run_check(check_, unnormalised, 1.0)
    assert not replayed.passed
    assert (replayed.message, replayed.inputs.keys()) == (plain.message, plain.inputs.keys())
    assert all(np.array_equal(replayed.inputs[k], plain.inputs[k]) for k in plain.inputs)
    assert len(plain.inputs["z"]) == 3  # the shrunk input, not the first failing one


def test_a_different_draw_ends_the_replay():
    data = replay.Replayed(replay.Case({}, "data", [(repr(st.integers(0, 3)), 2)]))
    with pytest.raises(replay.Mismatch):
        data.draw(st.integers(0, 4))
    data = replay.Replayed(replay.Case({}, "data", []))
    with pytest.raises(replay.Mismatch):
        data.draw(st.integers(0, 4))
    stopped = replay.Replayed(replay.Case({}, "data", [], stopped=True))
    with pytest.raises(replay.Stop):
        stopped.draw(st.integers(0, 4))


def test_a_check_that_draws_otherwise_falls_back_to_hypothesis():
    case = replay.Case({"n": 2}, "data", [(repr(st.integers(0, 3)), 2)], finished=True)

    def draws_something_else(n, data):
        data.draw(st.integers(0, 9))

    def draws_less(n, data):
        pass

    assert not replay.passes([case], draws_something_else)
    assert not replay.passes([case], draws_less)
    assert replay.passes([case], lambda n, data: data.draw(st.integers(0, 3)))


def test_every_property_check_is_seeded_from_its_own_id():
    from autograder import questions  # noqa: F401  (registers the checks)
    from autograder.checks import REGISTRY, seed_of

    seeds = {c.id: c.function._hypothesis_internal_use_seed
             for checks in REGISTRY.values() for c in checks if hasattr(c.function, "hypothesis")}
    assert seeds and all(seeds[i] == seed_of(i) for i in seeds)
    assert len(set(seeds.values())) == len(seeds)
