"""Questions share a worker, each with its own served functions; the report does not change."""

import pytest
from conftest import SOLUTION

from autograder import grade as grading
from autograder.contract import BY_ID
from autograder.grade import _groups, grade
from autograder.report import results_json

#: ep01 and ep02 share a worker (nothing served), as do ep04 and ep05
QUESTION_IDS = ("ep01", "ep02", "ep04", "ep05")
#: ep01 runs out of time (after its import, which must fit); the others have
#: room to spare on a busy machine, so both gradings time out in the same place
BUDGETS = {"ep01": 10.0, "ep02": 60.0, "ep04": 60.0, "ep05": 60.0}


def _buggy_source():
    """The reference with bugs in ep01 (an endless loop on two classes), ep02
    (log of softmax), ep04 (sum for mean, and a print) and ep05 (exits on
    batches of more than five rows)."""
    source = SOLUTION.read_text()
    edits = [
        ("import numpy as np\n", "import os\n\nimport numpy as np\n"),
        ("    z = _as_float_array(z)\n    shifted = z - np.max(z, axis=-1, keepdims=True)\n"
         "    e = np.exp(shifted)\n",
         "    z = _as_float_array(z)\n"
         "    while z.shape == (2,):\n        pass\n"
         "    shifted = z - np.max(z, axis=-1, keepdims=True)\n    e = np.exp(shifted)\n"),
        ("    return shifted - np.log(np.sum(np.exp(shifted), axis=-1, keepdims=True))",
         "    return np.log(np.exp(shifted) / np.sum(np.exp(shifted), axis=-1, keepdims=True))"),
        ("        return float(-np.mean(picked))",
         "        print('cross_entropy was here', flush=True)\n"
         "        return float(-np.sum(picked))"),
    ]
    for old, new in edits:
        assert source.count(old) == 1, old
        source = source.replace(old, new)
    head, sep, tail = source.partition("def cross_entropy_grad(")
    body = tail.index("### BEGIN SOLUTION")
    body = tail.index("\n", body) + 1
    tail = tail[:body] + "    if len(logits) > 5:\n        os._exit(3)\n" + tail[body:]
    return head + sep + tail


@pytest.fixture(scope="module")
def buggy(tmp_path_factory):
    path = tmp_path_factory.mktemp("sharing") / "softmax.py"
    path.write_text(_buggy_source())
    return path


def _graded(path, share, monkeypatch):
    starts = []
    real = grading.WorkerProcess

    def counted(*args, **kwargs):
        starts.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(grading, "WorkerProcess", counted)
    result = grade(path, QUESTION_IDS, budgets=BUDGETS, share_workers=share)
    return result, len(starts)


def test_sharing_workers_changes_no_report_and_starts_fewer(buggy, monkeypatch):
    shared, shared_starts = _graded(buggy, True, monkeypatch)
    alone, alone_starts = _graded(buggy, False, monkeypatch)
    assert results_json(shared) == results_json(alone)
    by_id = {r.question.id: r for r in shared.results}
    # the bugs are where they are: a timeout, a plain bug, a death in a shared worker
    assert "timed out" in by_id["ep01"].note
    assert 0 < by_id["ep02"].score < by_id["ep02"].max_score
    assert by_id["ep04"].score < by_id["ep04"].max_score
    died = [o.message for o in by_id["ep05"].outcomes if "exit status 3" in o.message]
    assert died
    # what ep04 printed in the worker ep05 inherits is not ep05's last output
    assert not any("cross_entropy was here" in message for message in died)
    assert shared_starts < alone_starts


def test_questions_share_one_worker_grouped_by_served_functions_and_the_end_to_end_never_does():
    questions = [BY_ID[i] for i in ("ep01", "ep03", "ep02", "ep06", "fashion_mnist", "ep07")]
    ids = [[q.id for q in group] for group in _groups(questions, False, True)]
    assert ids == [["ep01", "ep02", "ep07", "ep03", "ep06"], ["fashion_mnist"]]
    public = [[q.id for q in group] for group in _groups(questions, True, True)]
    assert public == [["ep01", "ep03", "ep02", "ep06", "ep07"], ["fashion_mnist"]]
    alone = _groups(questions, False, False)
    assert [len(group) for group in alone] == [1] * len(questions)


#: softmax is not written; cross_entropy keeps what the name ``softmax`` means while it
#: runs (in ep04, the reference served by the grader) for softmax to call later
STASHING = """
import numpy as np

_kept = {}


def softmax(z):
    if "softmax" in _kept:
        return _kept["softmax"](z)
    raise NotImplementedError


def cross_entropy(logits, y):
    _kept["softmax"] = softmax
    p = softmax(np.asarray(logits, dtype=float))
    return float(-np.mean(np.log(p[np.arange(len(y)), y])))
"""


def test_a_function_served_to_an_earlier_question_is_not_served_to_a_later_one(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text(STASHING)
    ep01, ep04 = BY_ID["ep01"], BY_ID["ep04"]
    served = grading._served(ep04, False)
    worker = grading.WorkerProcess(path, grading.FUNCTIONS, served, grading.Limits(wall_s=60))
    try:
        first, worker = grading.grade_question(path, ep04, 60.0, worker=worker, keep=True)
        assert first.score > 0  # cross_entropy ran, with the served softmax
        later = grading.grade_question(path, ep01, 60.0, worker=worker, reused=True)
    finally:
        grading._close(worker)
    assert later.score == 0
    assert any("not served here" in o.message for o in later.outcomes)


#: softmax relies on a log_softmax the file never defines (ep04 serves one)
UNDEFINED_HELPER = """
import numpy as np


def softmax(z):
    return np.exp(log_softmax(z))
"""


def test_a_name_served_earlier_is_undefined_again_later_as_in_a_fresh_worker(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text(UNDEFINED_HELPER)
    ep01, ep04 = BY_ID["ep01"], BY_ID["ep04"]
    fresh = grading.grade_question(path, ep01, 60.0)
    worker = grading.WorkerProcess(path, grading.FUNCTIONS, grading._served(ep04, False),
                                   grading.Limits(wall_s=60))
    try:
        _, worker = grading.grade_question(path, ep04, 60.0, worker=worker, keep=True)
        shared = grading.grade_question(path, ep01, 60.0, worker=worker, reused=True)
    finally:
        grading._close(worker)
    assert any("log_softmax" in o.message and "not defined" in o.message
               for o in fresh.outcomes)
    assert [o.message for o in shared.outcomes] == [o.message for o in fresh.outcomes]
