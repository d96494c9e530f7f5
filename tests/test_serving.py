"""Served reference calls: bounded by value, under the question's deadline, signature-tolerant."""

import inspect
import resource
import shutil
import tempfile
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import SOLUTION

from autograder import datacache, serving
from autograder.contract import FUNCTIONS
from autograder.grade import grade
from autograder.isolation import Limits, StudentError, WorkerGone, WorkerProcess
from autograder.reference import reference


def _problem(name, *args, **kwargs):
    function = getattr(reference(), name)
    return serving.measure(inspect.signature(function).bind(*args, **kwargs), 1)[0]


HUGE = 2 * 10**8


@pytest.mark.parametrize("n_classes", [
    HUGE, np.int64(HUGE), np.int32(HUGE), np.uint64(HUGE), np.array(HUGE), np.float64(HUGE),
    float(HUGE), 10**400, np.array(HUGE, dtype=np.float32), np.inf,
])
def test_a_huge_size_is_refused_whatever_its_type(n_classes):
    problem = _problem("one_hot", np.zeros(3, dtype=np.int64), n_classes)
    assert "n_classes=" in problem and "larger than 10000" in problem


@pytest.mark.parametrize("name, args", [
    ("minibatches", (np.int64(HUGE), 10, np.random.default_rng(0))),
    ("minibatches", (10, np.array(HUGE), np.random.default_rng(0))),
    ("init_params", (np.int64(HUGE), 10, np.random.default_rng(0))),
])
def test_numpy_scalars_and_0d_arrays_are_bounded_as_ints(name, args):
    assert "larger than 10000" in _problem(name, *args)


def test_sizes_that_are_small_alone_but_huge_together_are_refused():
    # each side is allowed, the product is what the reference would build
    assert "result of more than" in _problem("init_params", 9000, 9000,
                                             np.random.default_rng(0))
    assert "result of more than" in _problem("one_hot", np.zeros(150_000, np.int64), 9000)
    X, W = np.zeros((60_000, 1)), np.zeros((1, 60_000))  # 3.6e9 logits from 1.8e5 numbers
    assert "result of more than" in _problem("predict", W, np.zeros(60_000), X)


def test_big_arrays_deep_arrays_and_containers_are_refused():
    assert "more than 200000 numbers" in _problem("softmax", np.zeros((500, 500)))
    assert "dimensions" in _problem("softmax", np.zeros((1,) * 5))
    assert "not a number or an array" in _problem("softmax", [[1.0, 2.0]])


@pytest.mark.parametrize("name, args", [
    ("one_hot", (np.arange(5), np.int64(10))),
    ("one_hot", (np.arange(5), np.array(10.0))),
    ("minibatches", (np.int64(60), np.int32(7), np.random.default_rng(0))),
    ("l2_penalty", (np.ones((784, 10)), np.float64(1e30))),
    ("loss_and_grad", (np.ones((784, 10)), np.ones(10), np.ones((128, 784)),
                       np.zeros(128, np.int64), np.array(1e-4))),
])
def test_calls_of_training_size_pass_whatever_the_scalar_types(name, args):
    assert _problem(name, *args) == ""


def _file(tmp_path, replace=(), extra=""):
    source = SOLUTION.read_text()
    for old, new in replace:
        assert old in source
        source = source.replace(old, new)
    path = tmp_path / "softmax.py"
    path.write_text(source + textwrap.dedent(extra))
    return path


def test_a_numpy_scalar_size_gets_a_clear_refusal_and_the_grader_stays_small(tmp_path):
    path = _file(tmp_path, [("    logp = log_softmax(logits)\n",
                             ("    one_hot(np.arange(2), np.int64(2e8))\n"
                              "    logp = log_softmax(logits)\n"))])
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with WorkerProcess(path, FUNCTIONS, {"one_hot": reference().one_hot},
                       Limits(wall_s=20)) as worker:
        with pytest.raises(StudentError) as raised:
            worker.call("cross_entropy", np.zeros((2, 3)), np.array([0, 1]))
    assert "n_classes=200000000 is larger than 10000" in raised.value.message
    # 1.6 GB had it been allocated (ru_maxrss is in KiB)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - grown < 200_000


def test_a_long_served_call_cannot_overrun_the_deadline(tmp_path, monkeypatch):
    slow = tmp_path / "reference" / "softmax.py"
    slow.parent.mkdir()
    slow.write_text("import time\n\ndef one_hot(y, n_classes):\n    time.sleep(60)\n")
    monkeypatch.setenv("SOFTMAX_KIT_REFERENCE", str(slow))
    # big enough for the reference server (a small call runs in the grader)
    path = _file(tmp_path, [("    logp = log_softmax(logits)\n",
                             ("    one_hot(np.zeros(70_000, np.int64), 10)\n"
                              "    logp = log_softmax(logits)\n"))])
    started = time.monotonic()
    with WorkerProcess(path, FUNCTIONS, {"one_hot": reference().one_hot},
                       Limits(wall_s=3)) as worker:
        with pytest.raises(WorkerGone) as gone:
            worker.call("cross_entropy", np.zeros((2, 3)), np.array([0, 1]))
    assert gone.value.timed_out
    assert time.monotonic() - started < 3 + 2


def test_the_server_outlives_a_call_that_runs_out_of_memory_or_time(tmp_path):
    fake = tmp_path / "softmax.py"
    fake.write_text("import time\nimport numpy as np\n\n"
                    "def hog(n):\n    return np.ones(n).sum()\n\n"
                    "def slow():\n    time.sleep(60)\n\n"
                    "def echo(x):\n    return x\n")
    server = serving.ReferenceServer(fake, memory_bytes=1 << 30)
    try:
        reply = server.call("hog", [1 << 31], {}, deadline=time.monotonic() + 20)
        assert reply["op"] == "ref_error" and reply["type"] == "MemoryError"
        assert server.call("echo", [2.5], {}, deadline=time.monotonic() + 20)["value"] == 2.5
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            server.call("slow", [], {}, deadline=time.monotonic() + 1)
        assert time.monotonic() - started < 3
        assert server.call("echo", [7], {}, deadline=time.monotonic() + 20)["value"] == 7
        assert server.starts == 2
    finally:
        server.stop()


def test_a_large_served_call_gives_the_reference_answer(tmp_path):
    path = _file(tmp_path, extra="""

        def big_predict(W, b, X):
            return predict(W, b, X)
    """)
    rng = np.random.default_rng(0)
    W, b, X = rng.normal(size=(300, 10)), rng.normal(size=10), rng.normal(size=(300, 300))
    with WorkerProcess(path, FUNCTIONS + ("big_predict",), {"predict": reference().predict},
                       Limits(wall_s=20)) as worker:
        got = worker.call("big_predict", W, b, X)
    np.testing.assert_array_equal(got.value, reference().predict(W, b, X))
    assert got.served == {"predict": 1}


def test_a_helper_with_an_extra_parameter_keeps_full_marks(tmp_path):
    """log_softmax(z, axis=-1), called by cross_entropy with axis=1: the reference lacks it."""
    path = _file(tmp_path, [
        ("def log_softmax(z):", "def log_softmax(z, axis=-1):"),
        ("np.max(z, axis=-1, keepdims=True)\n    return shifted - np.log(np.sum("
         "np.exp(shifted), axis=-1, keepdims=True))",
         "np.max(z, axis=axis, keepdims=True)\n    return shifted - np.log(np.sum("
         "np.exp(shifted), axis=axis, keepdims=True))"),
        ("    logp = log_softmax(logits)\n", "    logp = log_softmax(logits, axis=1)\n"),
    ])
    result = grade(path, ["ep04"])
    assert result.score == 10, [o.message for o in result.results[0].outcomes if not o.passed]


@pytest.fixture
def shared_folder():
    """A folder beside the data cache, which workers can read (unlike a private /tmp)."""
    datacache.CACHE_DIR.parent.mkdir(parents=True, exist_ok=True)
    folder = Path(tempfile.mkdtemp(prefix="test-", dir=datacache.CACHE_DIR.parent))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def test_a_mapped_data_set_is_the_file_and_the_worker_cannot_change_the_file(
        tmp_path, shared_folder, monkeypatch):
    """The FashionMNIST path: the worker maps the grader's .npy copy-on-write."""
    data = shared_folder / "X.npy"
    # the one file a sandboxed worker may see besides its own
    monkeypatch.setattr(datacache, "TRAIN_IMAGES_NPY", data)
    X = np.random.default_rng(0).random((50, 4))
    np.save(data, X)
    data.chmod(0o444)
    path = tmp_path / "softmax.py"
    path.write_text(textwrap.dedent("""
        import numpy as np

        def train(X, y, **kwargs):
            total = float(X.sum())
            X[0, 0] += 1.0  # not allowed by the contract, but it must not reach the file
            return total, float(X[0, 0]), type(X).__name__, X.dtype.name, list(X.shape)
    """))
    with WorkerProcess(path, FUNCTIONS, {}, Limits(wall_s=20)) as worker:
        got = worker.call("train", None, np.zeros(50), options={"mapped": [[0, str(data)]]})
        with pytest.raises(StudentError) as missing:
            worker.call("train", None, np.zeros(50),
                        options={"mapped": [[0, str(shared_folder / "nothing.npy")]]})
    assert got.value == (X.sum(), X[0, 0] + 1.0, "ndarray", "float64", [50, 4])
    np.testing.assert_array_equal(np.load(data), X)
    assert missing.value.type_name == "MappingError"


def test_the_data_cache_shows_workers_the_training_images_only():
    """Workers may read the training images (their own argument), never the test set."""
    X_train, y_train, X_test, y_test = datacache.load()
    assert X_train is None  # the worker maps the file
    images = np.load(datacache.TRAIN_IMAGES_NPY, mmap_mode="r")
    assert images.shape == (60000, 784) and images.dtype == np.float64
    assert 0.0 <= float(images[:1000].min()) and float(images[:1000].max()) <= 1.0
    assert datacache.TRAIN_IMAGES_NPY.stat().st_mode & 0o777 == 0o444
    assert datacache.GRADER_DIR.stat().st_mode & 0o777 == 0o700
    assert X_test.shape == (10000, 784) and y_test.shape == (10000,)
    assert y_train.shape == (60000,)
