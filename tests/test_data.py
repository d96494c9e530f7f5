"""Tests of data/fashion_mnist.py: sources, verification, loading, CLI.

Most tests run on tiny fake idx files (20 train and 10 test images) with the
verification constants patched to match them.  The tests on the real data
need Debian's ``dataset-fashion-mnist`` and skip without it.  No test uses
the network: the download is replaced by a stub throughout.
"""

import gzip
import hashlib
import os
import shutil
import socket
import struct
import subprocess
import sys
import time
from pathlib import Path
from urllib.error import URLError

import numpy as np
import pytest

import data.fashion_mnist as fm
from data import sources

REPO = Path(__file__).resolve().parents[1]

KIT_DATA_FOLDER = fm.DEFAULT_ROOT
REAL_TRY_DOWNLOAD = fm._try_download
REAL_DEBIAN_DIR = fm.DEBIAN_DIR
REAL_DATA_PRESENT = all((REAL_DEBIAN_DIR / f"{name}.gz").is_file()
                        for name in fm.FILE_NAMES)
needs_real_data = pytest.mark.skipif(
    not REAL_DATA_PRESENT,
    reason=f"the real FashionMNIST files are not in {REAL_DEBIAN_DIR} "
           "(sudo apt-get install dataset-fashion-mnist)")


# ----------------------------------------------------------------------------
# fake idx files

FAKE_SAMPLES = {"train": 20, "test": 10}


def _idx_bytes(array):
    """An idx file of unsigned bytes: magic 0x08nn, dims, payload."""
    magic = (0x08 << 8) | array.ndim
    return struct.pack(f">{1 + array.ndim}I", magic, *array.shape) + array.tobytes()


def _fake_split(split, seed):
    n = FAKE_SAMPLES[split]
    rng = np.random.default_rng(seed)
    images = rng.integers(0, 256, size=(n, 28, 28), dtype=np.uint8)
    labels = rng.permutation(np.arange(n) % 10).astype(np.uint8)
    return images, labels


def _fake_files():
    files = {}
    for seed, (split, (images_name, labels_name)) in enumerate(fm.SPLIT_FILES.items()):
        images, labels = _fake_split(split, seed)
        files[images_name] = _idx_bytes(images)
        files[labels_name] = _idx_bytes(labels)
    return files


FAKE_FILES = _fake_files()


def write_fake(directory, *, layout="flat", gz=False, names=fm.FILE_NAMES):
    """Write fake raw files into ``directory`` and return it.

    ``layout`` is ``"flat"`` (files directly in it) or ``"torchvision"``
    (in ``FashionMNIST/raw/``).
    """
    folder = Path(directory) / "FashionMNIST" / "raw" if layout == "torchvision" \
        else Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        if gz:
            (folder / f"{name}.gz").write_bytes(gzip.compress(FAKE_FILES[name]))
        else:
            (folder / name).write_bytes(FAKE_FILES[name])
    return Path(directory)


def corrupt_byte(path, offset=-1):
    """Flip one byte of a file (the last by default), keeping its size."""
    content = bytearray(path.read_bytes())
    content[offset] ^= 0xFF
    path.write_bytes(bytes(content))


# ----------------------------------------------------------------------------
# fixtures


@pytest.fixture(autouse=True)
def isolated(monkeypatch, tmp_path):
    """Keep every test away from the kit's data/, the real Debian folder,
    the user's FASHION_MNIST_DIR and the network.

    Returns
    -------
    dict
        ``kit``, ``debian``: the folders standing in for them;
        ``downloads``: the roots the (stubbed) download was asked for.
    """
    kit = tmp_path / "kit"
    kit.mkdir()
    debian = tmp_path / "debian"
    downloads = []

    def no_download(root):
        downloads.append(root)
        return "offline (tests never download)"

    monkeypatch.setattr(fm, "DEFAULT_ROOT", kit)
    monkeypatch.setattr(fm, "DEBIAN_DIR", debian)
    monkeypatch.setattr(fm, "_try_download", no_download)
    monkeypatch.setattr(fm, "_verified", {})
    monkeypatch.delenv(fm.ENV_DIR, raising=False)
    return {"kit": kit, "debian": debian, "downloads": downloads}


@pytest.fixture
def fake(monkeypatch):
    """Make the fake files the expected ones."""
    hashes = {name: hashlib.sha256(content).hexdigest()
              for name, content in FAKE_FILES.items()}
    monkeypatch.setattr(fm, "EXPECTED_SHA256", hashes)
    monkeypatch.setattr(fm, "EXPECTED_SAMPLES", dict(FAKE_SAMPLES))
    monkeypatch.setattr(fm, "EXPECTED_PER_CLASS", {"train": 2, "test": 1})


@pytest.fixture(scope="module")
def real_root(tmp_path_factory):
    """A root with the real files, copied from Debian's folder into tmp."""
    if not REAL_DATA_PRESENT:
        pytest.skip(f"the real FashionMNIST files are not in {REAL_DEBIAN_DIR} "
                    "(sudo apt-get install dataset-fashion-mnist)")
    kit = tmp_path_factory.mktemp("real_kit")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(fm, "DEFAULT_ROOT", kit)
        patch.setattr(fm, "DEBIAN_DIR", REAL_DEBIAN_DIR)
        patch.delenv(fm.ENV_DIR, raising=False)
        return fm.ensure(download=False)


# ----------------------------------------------------------------------------
# constants


def test_classes_in_label_order():
    assert fm.CLASSES == ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                          "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")


def test_default_root_is_the_kit_data_folder():
    assert KIT_DATA_FOLDER == REPO / "data"


def test_real_expectations_are_the_official_counts():
    assert fm.EXPECTED_SAMPLES == {"train": 60000, "test": 10000}
    assert fm.EXPECTED_PER_CLASS == {"train": 6000, "test": 1000}
    assert set(fm.EXPECTED_SHA256) == set(fm.FILE_NAMES)
    assert all(len(h) == 64 and int(h, 16) >= 0 for h in fm.EXPECTED_SHA256.values())


# ----------------------------------------------------------------------------
# source resolution


@pytest.mark.usefixtures("fake")
def test_explicit_root_beats_env_kit_and_debian(tmp_path, monkeypatch, isolated):
    chosen = write_fake(tmp_path / "mine", layout="torchvision")
    monkeypatch.setenv(fm.ENV_DIR, str(write_fake(tmp_path / "env")))
    write_fake(isolated["kit"], layout="torchvision")
    write_fake(isolated["debian"], gz=True)
    located = fm.locate(chosen)
    assert located.root == chosen
    assert located.source.startswith("root ")


@pytest.mark.usefixtures("fake")
def test_env_dir_beats_kit_and_debian(tmp_path, monkeypatch, isolated):
    env_dir = write_fake(tmp_path / "env", layout="torchvision")
    monkeypatch.setenv(fm.ENV_DIR, str(env_dir))
    write_fake(isolated["kit"], layout="torchvision")
    write_fake(isolated["debian"], gz=True)
    located = fm.locate()
    assert located.root == env_dir
    assert located.source.startswith(fm.ENV_DIR)


@pytest.mark.usefixtures("fake")
def test_kit_folder_beats_debian(isolated):
    write_fake(isolated["kit"], layout="torchvision")
    write_fake(isolated["debian"], gz=True)
    located = fm.locate()
    assert located.root == isolated["kit"]
    assert "kit data folder" in located.source


@pytest.mark.usefixtures("fake")
def test_debian_is_copied_into_the_kit_when_nothing_is_local(isolated):
    write_fake(isolated["debian"], gz=True)
    located = fm.locate(download=False)
    assert located.root == isolated["kit"]
    assert "Debian" in located.source
    assert located.samples == FAKE_SAMPLES
    raw = isolated["kit"] / "FashionMNIST" / "raw"
    files = sorted(p.name for p in raw.iterdir() if not p.name.startswith("."))
    assert files == sorted(fm.FILE_NAMES)
    assert all((raw / n).read_bytes() == FAKE_FILES[n] for n in fm.FILE_NAMES)
    # the second time the kit's own copy is used
    assert "kit data folder" in fm.locate(download=False).source


@pytest.mark.usefixtures("fake")
def test_empty_env_dir_falls_through_to_debian(tmp_path, monkeypatch, isolated):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv(fm.ENV_DIR, str(tmp_path / "empty"))
    write_fake(isolated["debian"], gz=True)
    assert "Debian" in fm.locate(download=False).source


@pytest.mark.usefixtures("fake")
def test_incomplete_folder_falls_through(tmp_path, isolated):
    partial = write_fake(tmp_path / "partial", names=fm.FILE_NAMES[:3])
    write_fake(isolated["debian"], gz=True)
    assert "Debian" in fm.locate(partial, download=False).source


@pytest.mark.usefixtures("fake")
@pytest.mark.parametrize("layout", ["flat", "torchvision"])
@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gz"])
def test_plain_and_gz_files_in_both_layouts(tmp_path, isolated, layout, gz):
    mine = write_fake(tmp_path / "mine", layout=layout, gz=gz)
    root = fm.ensure(mine, download=False)
    in_place = layout == "torchvision" and not gz
    assert root == (mine if in_place else isolated["kit"])
    raw = root / "FashionMNIST" / "raw"
    assert all((raw / n).read_bytes() == FAKE_FILES[n] for n in fm.FILE_NAMES)
    if in_place:
        assert not (isolated["kit"] / "FashionMNIST").exists()


@pytest.mark.usefixtures("fake")
def test_mixed_plain_and_gz_files(tmp_path):
    mine = write_fake(tmp_path / "mine", names=fm.FILE_NAMES[:2])
    write_fake(mine, gz=True, names=fm.FILE_NAMES[2:])
    assert fm.locate(mine, download=False).samples == FAKE_SAMPLES


# ----------------------------------------------------------------------------
# nothing found, download


def test_nothing_found_is_one_line_naming_the_three_ways(isolated):
    with pytest.raises(fm.DataNotFoundError) as caught:
        fm.ensure(download=False)
    message = str(caught.value)
    assert isinstance(caught.value, RuntimeError)
    assert "\n" not in message
    assert str(isolated["kit"]) in message                     # 1. local copy
    assert fm.ENV_DIR in message
    assert "sudo apt-get install dataset-fashion-mnist" in message  # 2. Debian
    assert "online" in message and "download" in message       # 3. download
    assert isolated["downloads"] == []


def test_nothing_found_mentions_the_env_dir_that_was_empty(tmp_path, monkeypatch):
    (tmp_path / "empty").mkdir()
    monkeypatch.setenv(fm.ENV_DIR, str(tmp_path / "empty"))
    with pytest.raises(fm.DataNotFoundError, match="FASHION_MNIST_DIR=.*empty: none"):
        fm.ensure(download=False)


def test_nothing_found_names_the_missing_files(tmp_path):
    partial = write_fake(tmp_path / "partial", names=fm.FILE_NAMES[1:])
    with pytest.raises(fm.DataNotFoundError, match="missing train-images-idx3-ubyte"):
        fm.ensure(partial, download=False)


def test_failed_download_counts_as_not_available(isolated):
    with pytest.raises(fm.DataNotFoundError,
                       match="download failed: offline") as caught:
        fm.ensure()
    assert "\n" not in str(caught.value)
    assert isolated["downloads"] == [isolated["kit"]]


@pytest.mark.usefixtures("fake")
def test_download_is_the_last_source(monkeypatch, isolated):
    def fake_download(root):
        write_fake(root, layout="torchvision")
        return None

    monkeypatch.setattr(fm, "_try_download", fake_download)
    located = fm.locate()
    assert located.source == "download"
    assert located.root == isolated["kit"]


def test_download_attempt_sets_a_socket_timeout_and_restores_it(monkeypatch, tmp_path):
    seen = []

    def offline_fetch(url, known_hash, target):
        seen.append((socket.getdefaulttimeout(), url, known_hash))
        raise URLError("no network in tests")

    monkeypatch.setattr(fm, "_fetch", offline_fetch)
    monkeypatch.setattr(socket, "getaddrinfo", lambda *args, **kwargs: [])
    before = socket.getdefaulttimeout()
    reason = REAL_TRY_DOWNLOAD(tmp_path)
    assert "no network in tests" in reason
    assert seen == [(fm.DOWNLOAD_TIMEOUT_S, f"{sources.MIRROR}train-images-idx3-ubyte.gz",
                     f"md5:{sources.DOWNLOAD_MD5['train-images-idx3-ubyte']}")]
    assert socket.getdefaulttimeout() == before


def test_fetch_without_pooch_checks_the_published_hash(monkeypatch, tmp_path):
    monkeypatch.setitem(sys.modules, "pooch", None)  # `import pooch` raises ImportError
    served = tmp_path / "served.gz"
    served.write_bytes(b"content of the mirror")
    target = tmp_path / "out" / "file.gz"
    target.parent.mkdir()
    with pytest.raises(ValueError, match="md5 differs"):
        fm._fetch(served.as_uri(), "md5:" + "0" * 32, target)
    assert list(target.parent.iterdir()) == []  # nothing partial left
    fm._fetch(served.as_uri(), "md5:" + hashlib.md5(b"content of the mirror").hexdigest(),
              target)
    assert target.read_bytes() == b"content of the mirror"


def test_fetch_with_pooch_passes_the_published_hash(monkeypatch, tmp_path):
    pooch = pytest.importorskip("pooch")
    calls = []
    monkeypatch.setattr(pooch, "retrieve", lambda *args, **kwargs: calls.append((args, kwargs)))
    fm._fetch("http://mirror.example/a.gz", "md5:abc", tmp_path / "a.gz")
    assert calls == [(("http://mirror.example/a.gz", "md5:abc"),
                      {"fname": "a.gz", "path": tmp_path, "progressbar": False})]


def test_download_gives_up_on_a_hanging_dns_lookup(monkeypatch):
    def hanging_lookup(host, port):
        time.sleep(5)
        raise OSError("should have been abandoned")

    monkeypatch.setattr(socket, "getaddrinfo", hanging_lookup)
    start = time.monotonic()
    reason = sources.dns_failure(["http://fashion-mnist.example/"], timeout=0.2)
    assert time.monotonic() - start < 2
    assert reason == "cannot resolve fashion-mnist.example (no answer in 0.2 s)"


def test_download_reports_an_unknown_host(monkeypatch):
    def unknown(host, port):
        raise socket.gaierror(-2, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", unknown)
    reason = sources.dns_failure(["http://a.example/x", "http://b.example/y"], timeout=1)
    assert reason.count("Name or service not known") == 2


# ----------------------------------------------------------------------------
# verification


@pytest.mark.usefixtures("fake")
@pytest.mark.parametrize("gz", [False, True], ids=["plain", "gz"])
def test_corrupted_file_is_rejected_by_name(tmp_path, isolated, gz):
    mine = write_fake(tmp_path / "mine", gz=gz)
    bad = mine / "t10k-images-idx3-ubyte"
    if gz:
        bad = bad.with_name(bad.name + ".gz")
        good = FAKE_FILES["t10k-images-idx3-ubyte"]
        bad.write_bytes(gzip.compress(good[:-1] + bytes([good[-1] ^ 0xFF])))
    else:
        corrupt_byte(bad)
    write_fake(isolated["debian"], gz=True)  # a good source must not hide it
    with pytest.raises(fm.DataVerificationError) as caught:
        fm.ensure(mine, download=False)
    message = str(caught.value)
    assert str(bad) in message and "SHA-256" in message and "delete it" in message
    assert "\n" not in message
    assert not list(isolated["kit"].rglob("*.part"))
    kit_raw = isolated["kit"] / "FashionMNIST" / "raw"
    assert not (kit_raw / "t10k-images-idx3-ubyte").exists()


@pytest.mark.usefixtures("fake")
def test_truncated_gz_is_rejected_by_name(tmp_path):
    mine = write_fake(tmp_path / "mine", gz=True)
    bad = mine / "train-labels-idx1-ubyte.gz"
    bad.write_bytes(bad.read_bytes()[:-12])
    with pytest.raises(fm.DataVerificationError, match="train-labels-idx1-ubyte.gz"):
        fm.ensure(mine, download=False)


@pytest.mark.usefixtures("fake")
def test_wrong_sample_count_is_rejected(tmp_path, monkeypatch):
    monkeypatch.setitem(fm.EXPECTED_SAMPLES, "test", 11)
    with pytest.raises(fm.DataVerificationError, match="holds 10 samples, expected 11"):
        fm.ensure(write_fake(tmp_path / "mine"), download=False)


@pytest.mark.usefixtures("fake")
def test_unbalanced_classes_are_rejected(tmp_path):
    mine = write_fake(tmp_path / "mine")
    labels = mine / "train-labels-idx1-ubyte"
    content = bytearray(labels.read_bytes())
    content[8] = (content[8] + 1) % 10
    labels.write_bytes(bytes(content))
    with pytest.raises(fm.DataVerificationError,
                       match=r"train-labels-idx1-ubyte.*class counts"):
        fm.ensure(mine, download=False)


@pytest.mark.usefixtures("fake")
def test_file_changed_after_verification_is_checked_again(tmp_path):
    mine = write_fake(tmp_path / "mine", layout="torchvision")
    fm.ensure(mine, download=False)
    images = mine / "FashionMNIST" / "raw" / "train-images-idx3-ubyte"
    images.write_bytes(images.read_bytes()[:-784])
    with pytest.raises(fm.DataVerificationError, match="train-images-idx3-ubyte"):
        fm.ensure(mine, download=False)


def test_debian_file_error_says_to_reinstall(isolated):
    write_fake(isolated["debian"], gz=True)  # fake files, real expectations
    with pytest.raises(fm.DataVerificationError, match="apt-get install --reinstall"):
        fm.ensure(download=False)


# ----------------------------------------------------------------------------
# loading


@pytest.mark.usefixtures("fake")
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_load_fake_data(tmp_path, dtype):
    mine = write_fake(tmp_path / "mine", layout="torchvision")
    X, y = fm.load("test", dtype=dtype, root=mine)
    images, labels = _fake_split("test", seed=1)
    assert X.dtype == dtype and X.shape == (10, 784) and X.flags.writeable
    np.testing.assert_array_equal(X, images.reshape(10, 784).astype(dtype) / 255)
    assert y.dtype == np.int64
    np.testing.assert_array_equal(y, labels)


@pytest.mark.usefixtures("fake")
def test_array_path_is_a_read_only_memory_map_of_load(tmp_path, isolated):
    mine = write_fake(tmp_path / "mine", layout="torchvision")
    path = fm.array_path("train", root=mine)
    assert path.is_relative_to(isolated["kit"])
    mapped = np.load(path, mmap_mode="r")
    assert isinstance(mapped, np.memmap) and not mapped.flags.writeable
    np.testing.assert_array_equal(mapped, fm.load("train", root=mine)[0])
    assert fm.array_path("train", root=mine) == path  # made once
    assert fm.array_path("train", dtype=np.float32, root=mine) != path


@pytest.mark.usefixtures("fake")
def test_verification_is_remembered_across_processes_until_the_file_changes(tmp_path,
                                                                             monkeypatch):
    mine = write_fake(tmp_path / "mine", layout="torchvision")
    fm.ensure(mine, download=False)
    monkeypatch.setattr(fm, "_verified", {})  # a new process: only the stamp remembers
    hashed = []
    real_digest = fm._digest
    monkeypatch.setattr(fm, "_digest", lambda path, algorithm: hashed.append(path)
                        or real_digest(path, algorithm))
    fm.ensure(mine, download=False)
    assert hashed == []
    corrupt_byte(mine / "FashionMNIST" / "raw" / "t10k-labels-idx1-ubyte", offset=8)
    with pytest.raises(fm.DataVerificationError, match="t10k-labels-idx1-ubyte"):
        fm.ensure(mine, download=False)


def test_the_loader_imports_neither_torch_nor_torchvision():
    code = ("import sys, data.fashion_mnist; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('torch', 'torchvision')))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


def test_load_rejects_bad_arguments():
    with pytest.raises(ValueError, match="split"):
        fm.load("validation")
    with pytest.raises(ValueError, match="float"):
        fm.load("train", dtype=np.int32)


@needs_real_data
def test_real_checksums_match_debian_files():
    for name, expected in fm.EXPECTED_SHA256.items():
        with gzip.open(REAL_DEBIAN_DIR / f"{name}.gz") as f:
            assert hashlib.file_digest(f, "sha256").hexdigest() == expected, name


@needs_real_data
def test_load_real_train(real_root):
    X, y = fm.load("train", root=real_root)
    assert X.shape == (60000, 784) and X.dtype == np.float64
    assert X.min() == 0.0 and X.max() == 1.0
    assert y.shape == (60000,) and y.dtype == np.int64
    assert np.bincount(y).tolist() == [6000] * 10


@needs_real_data
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_load_real_test(real_root, dtype):
    X, y = fm.load("test", dtype=dtype, root=real_root)
    assert X.shape == (10000, 784) and X.dtype == dtype
    assert 0.0 <= X.min() and X.max() <= 1.0
    assert np.bincount(y).tolist() == [1000] * 10


# ----------------------------------------------------------------------------
# command line


@pytest.fixture
def run_cli(tmp_path):
    """Run ``python -m data.fashion_mnist`` from a copy of the kit's data
    package, so that its DEFAULT_ROOT is an empty folder in tmp."""
    kit = tmp_path / "cli_kit"
    (kit / "data").mkdir(parents=True)
    (kit / "autograder").mkdir()
    for name in ("__init__.py", "fashion_mnist.py", "sources.py"):
        shutil.copy(KIT_DATA_FOLDER / name, kit / "data" / name)
    for name in ("__init__.py", "atomic.py"):
        shutil.copy(REPO / "autograder" / name, kit / "autograder" / name)

    def run(*args, env=None, debian_dir=None):
        environment = {k: v for k, v in os.environ.items()
                       if k not in (fm.ENV_DIR, "PYTHONPATH")}
        environment[fm.ENV_DEBIAN_DIR] = str(debian_dir or tmp_path / "no-debian")
        environment.update(env or {})
        return subprocess.run([sys.executable, "-m", "data.fashion_mnist", *args],
                              cwd=kit, env=environment, capture_output=True,
                              text=True, timeout=60)

    run.kit = kit
    return run


def _assert_one_line_error(result):
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr


def test_cli_without_data_prints_one_line_and_exits_2(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("--no-download", env={fm.ENV_DIR: str(tmp_path / "empty")})
    _assert_one_line_error(result)
    assert "FASHION_MNIST_DIR" in result.stderr
    assert "apt-get install dataset-fashion-mnist" in result.stderr
    assert "download not allowed" in result.stderr


def test_cli_with_empty_root_prints_one_line_and_exits_2(run_cli, tmp_path):
    (tmp_path / "empty").mkdir()
    result = run_cli("--root", str(tmp_path / "empty"), "--no-download")
    _assert_one_line_error(result)
    assert f"root {tmp_path / 'empty'}: none of the four files" in result.stderr


def test_cli_with_corrupt_files_names_the_file(run_cli, tmp_path):
    mine = write_fake(tmp_path / "mine")  # fake files fail the real checksums
    result = run_cli("--root", str(mine), "--no-download")
    _assert_one_line_error(result)
    assert str(mine / "train-images-idx3-ubyte") in result.stderr


def test_cli_bad_option_prints_one_line_and_exits_2(run_cli):
    _assert_one_line_error(run_cli("--bogus"))


@needs_real_data
def test_cli_with_real_data_prints_one_line(run_cli):
    result = run_cli("--no-download", debian_dir=REAL_DEBIAN_DIR)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "Debian" in result.stdout
    assert "train 60000" in result.stdout and "test 10000" in result.stdout
    assert (run_cli.kit / "data" / "FashionMNIST" / "raw"
            / "train-images-idx3-ubyte").is_file()
