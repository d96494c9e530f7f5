"""FashionMNIST for the kit: find the raw files, verify them, load them.

Loading goes through torchvision's ``FashionMNIST`` dataset class, which reads
``<root>/FashionMNIST/raw/<name>-ubyte``.  ``ensure`` makes such a root exist
from the first of these sources that holds the four files:

1. a local copy: the ``root`` argument, else the folder named by the
   environment variable ``FASHION_MNIST_DIR``; then the kit's own ``data/``
   folder (``DEFAULT_ROOT``, where earlier copies land);
2. Debian's package ``dataset-fashion-mnist`` (``DEBIAN_DIR``, which the
   environment variable ``SOFTMAX_KIT_DEBIAN_FASHION_DIR`` overrides);
3. torchvision's download, when online.

A folder counts if it holds the four files, decompressed (``*-ubyte``) or
gzipped (``*-ubyte.gz``), directly or under ``FashionMNIST/raw/``.  A folder
that already has torchvision's layout (decompressed files in
``FashionMNIST/raw/``) is used in place; files found anywhere else are
decompressed or copied into ``DEFAULT_ROOT/FashionMNIST/raw/``.  Every file is
verified before use: the SHA-256 of its decompressed content, its sample count
and its class balance.

Command line, from the repository root::

    python -m data.fashion_mnist [--root DIR] [--no-download]
"""

import argparse
import contextlib
import gzip
import hashlib
import os
import shutil
import socket
import struct
import sys
import threading
import time
import zlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
N_PIXELS = 28 * 28

DEFAULT_ROOT = Path(__file__).resolve().parent
ENV_DIR = "FASHION_MNIST_DIR"
ENV_DEBIAN_DIR = "SOFTMAX_KIT_DEBIAN_FASHION_DIR"
DEBIAN_DIR = Path(os.environ.get(ENV_DEBIAN_DIR)
                  or "/usr/share/datasets/fashion-mnist")
DOWNLOAD_TIMEOUT_S = 20.0

SPLIT_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
FILE_NAMES = tuple(name for pair in SPLIT_FILES.values() for name in pair)

# SHA-256 of the decompressed official files.  Debian recompressed the .gz
# archives (so their MD5s differ from torchvision's), but the decompressed
# content is the official one: its MD5s match those published for it.
EXPECTED_SHA256 = {
    "train-images-idx3-ubyte":
        "c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888",
    "train-labels-idx1-ubyte":
        "bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9",
    "t10k-images-idx3-ubyte":
        "5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b",
    "t10k-labels-idx1-ubyte":
        "0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34",
}
EXPECTED_SAMPLES = {"train": 60000, "test": 10000}
EXPECTED_PER_CLASS = {"train": 6000, "test": 1000}

_IDX_IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
_IDX_LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension
_FILES_PATTERN = "{train,t10k}-{images-idx3,labels-idx1}-ubyte[.gz]"
_CLI = "python -m data.fashion_mnist"


class DataNotFoundError(RuntimeError):
    """No source holds the FashionMNIST files; the message says how to get them."""


class DataVerificationError(RuntimeError):
    """A FashionMNIST file is not the official one; the message names it."""


@dataclass(frozen=True)
class Located:
    """Where verified raw files are and where they came from.

    Attributes
    ----------
    root : Path
        The root for torchvision: files in ``root/FashionMNIST/raw/``.
    source : str
        The source the files came from, for people to read.
    samples : dict
        Number of samples per split, ``{"train": 60000, "test": 10000}``.
    """

    root: Path
    source: str
    samples: dict


# ----------------------------------------------------------------------------
# public API


def load(split, *, dtype=np.float64, root=None):
    """Load one split of FashionMNIST as flat pixel rows and integer labels.

    Parameters
    ----------
    split : {"train", "test"}
        ``"train"`` (60000 samples) or ``"test"`` (10000 samples).
    dtype : numpy float dtype, default float64
        Dtype of ``X``.
    root : str or Path, optional
        A folder holding the raw files; see ``ensure``.

    Returns
    -------
    X : (n, 784) array of ``dtype``
        Pixels ``uint8 / 255``, in [0, 1], one image per row (row-major 28x28).
    y : (n,) int64 array
        Labels in ``[0, 10)``; ``CLASSES[y[i]]`` names the class.
    """
    if split not in SPLIT_FILES:
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise ValueError(f"dtype must be a float dtype, not {dtype}")
    dataset = _torchvision_dataset(ensure(root), split)
    images = dataset.data.numpy()
    X = images.reshape(len(images), N_PIXELS).astype(dtype)
    X /= 255
    y = dataset.targets.numpy().astype(np.int64)
    _check_loaded(split, X, y, dataset.root)
    return X, y


def ensure(root=None, *, download=None):
    """Make sure verified raw files exist and return the root holding them.

    Parameters
    ----------
    root : str or Path, optional
        A folder to take the files from before any other source; without it
        the folder named by ``FASHION_MNIST_DIR``, if set.
    download : bool or None, default None
        ``None`` or ``True``: try torchvision's download as the last source,
        a network failure meaning "not available" (it is named in the
        error); ``False``: never try.

    Returns
    -------
    Path
        The root for ``torchvision.datasets.FashionMNIST``: the four
        decompressed files are in ``root/FashionMNIST/raw/``.

    Raises
    ------
    DataNotFoundError
        No source has the files.
    DataVerificationError
        A file found is not the official one (the message names it).
    """
    return locate(root, download=download).root


def locate(root=None, *, download=None):
    """``ensure``, also saying which source the files came from.

    Parameters
    ----------
    root, download
        As for ``ensure``.

    Returns
    -------
    Located
    """
    misses = []
    for label, directory in _candidate_dirs(root):
        found = _find_files(directory)
        if len(found) == len(FILE_NAMES):
            return _use(label, directory, found)
        misses.append(f"{label}: {_describe_miss(directory, found)}")
    if download is False:
        misses.append("download not allowed")
    else:
        failure = _try_download(DEFAULT_ROOT)
        if failure is None:
            return _use("torchvision download", DEFAULT_ROOT,
                        _find_files(DEFAULT_ROOT))
        misses.append(f"download failed: {failure}")
    raise DataNotFoundError(_not_found_message(misses))


# ----------------------------------------------------------------------------
# sources


def _candidate_dirs(root):
    """The folders to search, in order, as ``(label, path)`` pairs."""
    candidates = []
    if root is not None:
        path = Path(root).expanduser()
        candidates.append((f"root {path}", path))
    elif os.environ.get(ENV_DIR):
        path = Path(os.environ[ENV_DIR]).expanduser()
        candidates.append((f"{ENV_DIR}={path}", path))
    candidates.append((f"kit data folder {DEFAULT_ROOT}", DEFAULT_ROOT))
    candidates.append((f"Debian package folder {DEBIAN_DIR}", DEBIAN_DIR))
    unique, seen = [], set()
    for label, path in candidates:
        if path.resolve() not in seen:
            seen.add(path.resolve())
            unique.append((label, path))
    return unique


def _raw_dir(root):
    return Path(root) / "FashionMNIST" / "raw"


def _find_files(directory):
    """Map each file name to where ``directory`` holds it.

    ``FashionMNIST/raw/`` is searched before the folder itself, and in each
    the decompressed file before the gzipped one.

    Returns
    -------
    dict
        ``{name: path}`` for the files found (possibly fewer than four).
    """
    found = {}
    for name in FILE_NAMES:
        for folder in (_raw_dir(directory), Path(directory)):
            for path in (folder / name, folder / f"{name}.gz"):
                if path.is_file():
                    found.setdefault(name, path)
    return found


def _describe_miss(directory, found):
    if not Path(directory).is_dir():
        return "no such folder"
    if not found:
        return "none of the four files"
    missing = ", ".join(n for n in FILE_NAMES if n not in found)
    return f"only {len(found)} of the four files (missing {missing})"


def _use(label, directory, found):
    """Verify the files found in ``directory``, installing them if needed."""
    if len(found) != len(FILE_NAMES):
        raise DataNotFoundError(f"{label}: {_describe_miss(directory, found)}")
    in_place = all(found[n] == _raw_dir(directory) / n for n in FILE_NAMES)
    if in_place:
        samples = {n: _verified_samples(n, p) for n, p in found.items()}
        return Located(Path(directory), label, _per_split(samples))
    samples = _install(found, _raw_dir(DEFAULT_ROOT))
    return Located(DEFAULT_ROOT, f"{label}, copied to {_raw_dir(DEFAULT_ROOT)}",
                   _per_split(samples))


def _install(found, destination):
    """Decompress or copy the files into ``destination``, verifying each.

    Each file is written to a temporary name and renamed once verified, so a
    reader (or a parallel grader) never sees a partial or unverified file.
    """
    destination.mkdir(parents=True, exist_ok=True)
    samples = {}
    for name, source in found.items():
        target = destination / name
        partial = destination / f"{name}.{os.getpid()}.part"
        try:
            _copy_decompressed(source, partial)
            samples[name] = _verify(name, partial, shown_as=source)
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
        _verified[_cache_key(name, target)] = samples[name]
    return samples


def _copy_decompressed(source, target):
    if source.suffix != ".gz":
        shutil.copyfile(source, target)
        return
    try:
        with gzip.open(source, "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, length=1 << 20)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataVerificationError(
            f"{source}: cannot be decompressed ({_one_line(exc)}); "
            f"{_fix_hint(source)}") from exc


def _try_download(root):
    """Let torchvision download the files into ``root``.

    Returns
    -------
    str or None
        None on success, else why it failed (one line).
    """
    from torchvision.datasets import FashionMNIST

    failure = _dns_failure(FashionMNIST.mirrors, DOWNLOAD_TIMEOUT_S)
    if failure:
        return failure
    previous_timeout = socket.getdefaulttimeout()
    # torchvision's urlopen has no timeout of its own.
    socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_S)
    try:
        # torchvision prints "Downloading ..." to stdout; keep stdout for results.
        with contextlib.redirect_stdout(sys.stderr):
            FashionMNIST(root, train=True, download=True)
    except (OSError, RuntimeError) as exc:
        return _one_line(exc)[:300]
    finally:
        socket.setdefaulttimeout(previous_timeout)
    return None


def _dns_failure(urls, timeout):
    """Why no host of ``urls`` resolves within ``timeout`` s; None if one does.

    The socket timeout does not bound ``getaddrinfo``, which can hang for
    minutes on a badly offline machine, so the lookup runs in a daemon thread
    that is abandoned after ``timeout``.
    """
    errors = {}

    def resolve(host):
        try:
            socket.getaddrinfo(host, 80)
            errors[host] = None
        except OSError as exc:
            errors[host] = _one_line(exc)

    hosts = sorted({urlsplit(url).hostname for url in urls})
    threads = [threading.Thread(target=resolve, args=(host,), daemon=True)
               for host in hosts]
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + timeout
    for thread in threads:
        thread.join(max(0.0, deadline - time.monotonic()))
    if any(host in errors and errors[host] is None for host in hosts):
        return None
    return "; ".join(f"cannot resolve {host} "
                     f"({errors.get(host) or f'no answer in {timeout:g} s'})"
                     for host in hosts)


def _not_found_message(misses):
    return (f"FashionMNIST not found ({'; '.join(misses)}). Get it one of three "
            f"ways: put the four files {_FILES_PATTERN} in {DEFAULT_ROOT} or "
            f"point {ENV_DIR} at a folder holding them; or "
            f"`sudo apt-get install dataset-fashion-mnist`; or run "
            f"`{_CLI}` once while online so torchvision downloads them.")


# ----------------------------------------------------------------------------
# verification

_verified = {}  # cache key -> sample count, so each file is hashed once


def _cache_key(name, path):
    stat = path.stat()
    split = _split_of(name)
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns,
            EXPECTED_SHA256[name], EXPECTED_SAMPLES[split],
            EXPECTED_PER_CLASS[split])


def _verified_samples(name, path):
    """``_verify``, remembered while the file and the expectations stay the same."""
    key = _cache_key(name, path)
    if key not in _verified:
        _verified[key] = _verify(name, path)
    return _verified[key]


def _verify(name, path, shown_as=None):
    """Check one decompressed file: idx structure, counts, class balance, SHA-256.

    Parameters
    ----------
    name : str
        Which of the four files it should be, e.g. ``"train-images-idx3-ubyte"``.
    path : Path
        The decompressed file to check.
    shown_as : Path, optional
        The file to name in an error (the source of a copy).

    Returns
    -------
    int
        Number of samples.
    """
    shown_as = shown_as or path
    split = _split_of(name)
    try:
        if "images" in name:
            n = _check_images(path)
        else:
            n = _check_labels(path, EXPECTED_PER_CLASS[split])
        if n != EXPECTED_SAMPLES[split]:
            raise ValueError(f"holds {n} samples, expected "
                             f"{EXPECTED_SAMPLES[split]}")
        digest = _sha256(path)
        if digest != EXPECTED_SHA256[name]:
            raise ValueError(f"SHA-256 {digest[:16]}... differs from the "
                             f"official {name} ({EXPECTED_SHA256[name][:16]}...)")
    except ValueError as exc:
        raise DataVerificationError(
            f"{shown_as} is not the official {name}: {exc}; "
            f"{_fix_hint(shown_as)}") from None
    return n


def _check_images(path):
    """Check an idx3 image file's header and size; return its sample count."""
    n, rows, cols = _read_idx_header(path, _IDX_IMAGES_MAGIC, 3)
    if rows * cols != N_PIXELS:
        raise ValueError(f"images are {rows}x{cols}, expected 28x28")
    _check_size(path, 16 + n * N_PIXELS)
    return n


def _check_labels(path, per_class):
    """Check an idx1 label file and its class balance; return its sample count."""
    (n,) = _read_idx_header(path, _IDX_LABELS_MAGIC, 1)
    _check_size(path, 8 + n)
    labels = np.fromfile(path, dtype=np.uint8, offset=8)
    if labels.max(initial=0) >= len(CLASSES):
        raise ValueError(f"label {labels.max()} is not in [0, {len(CLASSES)})")
    counts = np.bincount(labels, minlength=len(CLASSES))
    if np.any(counts != per_class):
        raise ValueError(f"class counts {counts.tolist()} are not {per_class} each")
    return n


def _read_idx_header(path, magic, n_dims):
    size = 4 * (1 + n_dims)
    with open(path, "rb") as f:
        header = f.read(size)
    if len(header) < size:
        raise ValueError("too short for an idx header")
    found_magic, *dims = struct.unpack(f">{1 + n_dims}I", header)
    if found_magic != magic:
        raise ValueError(f"idx magic number {found_magic:#010x}, "
                         f"expected {magic:#010x}")
    return dims


def _check_size(path, expected):
    size = path.stat().st_size
    if size != expected:
        raise ValueError(f"{size} bytes where its header implies {expected}")


def _sha256(path):
    with open(path, "rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _split_of(name):
    return "train" if name.startswith("train") else "test"


def _per_split(samples_by_file):
    return {split: samples_by_file[images]
            for split, (images, _) in SPLIT_FILES.items()}


def _fix_hint(path):
    if Path(path).resolve().is_relative_to(DEBIAN_DIR.resolve()):
        return ("reinstall the package: "
                "`sudo apt-get install --reinstall dataset-fashion-mnist`")
    return (f"delete it (or replace it with a good copy) and run `{_CLI}` "
            f"to fetch the data again")


def _one_line(message):
    return " ".join(str(message).split())


# ----------------------------------------------------------------------------
# loading


def _torchvision_dataset(root, split):
    from torchvision.datasets import FashionMNIST

    return FashionMNIST(root, train=(split == "train"), download=False)


def _check_loaded(split, X, y, root):
    """Check what torchvision returned against the verified expectations.

    torchvision reads ``FashionMNIST/processed/{training,test}.pt`` (left by
    old torchvision versions) instead of the verified raw files whenever both
    exist; this catches such files when their counts are wrong.
    """
    counts = np.bincount(y, minlength=len(CLASSES))
    if (X.shape != (EXPECTED_SAMPLES[split], N_PIXELS)
            or np.any(counts != EXPECTED_PER_CLASS[split])):
        raise DataVerificationError(
            f"torchvision read {X.shape[0]} {split} samples with class counts "
            f"{counts.tolist()} from {root}; if "
            f"{Path(root) / 'FashionMNIST' / 'processed'} exists, delete it")


# ----------------------------------------------------------------------------
# command line


class _OneLineParser(argparse.ArgumentParser):
    def error(self, message):
        print(f"error: {message} (see --help)", file=sys.stderr)
        sys.exit(2)


def main(argv=None):
    """Ensure the data, print one line about it; exit status 0 or 2."""
    parser = _OneLineParser(
        prog=_CLI,
        description="Find, fetch and verify FashionMNIST for the kit. "
                    f"Sources: --root DIR (else ${ENV_DIR}), {DEFAULT_ROOT}, "
                    f"{DEBIAN_DIR} (${ENV_DEBIAN_DIR} overrides it), "
                    "then torchvision's download.")
    parser.add_argument("--root", type=Path, metavar="DIR",
                        help="a folder holding the four raw files")
    parser.add_argument("--no-download", action="store_true",
                        help="never try torchvision's download")
    parser.add_argument("--quiet", action="store_true",
                        help="print nothing when the data is ready")
    args = parser.parse_args(argv)
    try:
        located = locate(args.root,
                         download=False if args.no_download else None)
    except (Exception, KeyboardInterrupt) as exc:
        print(f"error: {_one_line(exc) or type(exc).__name__}", file=sys.stderr)
        return 2
    if args.quiet:
        return 0
    counts = ", ".join(f"{split} {n}" for split, n in located.samples.items())
    print(f"FashionMNIST ready in {_raw_dir(located.root)} "
          f"(source: {located.source}); samples: {counts}; verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
