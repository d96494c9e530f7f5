"""FashionMNIST for the kit: find the raw files, verify them, load them with numpy.

``ensure`` makes ``<root>/FashionMNIST/raw/<name>-ubyte`` exist, verified, from
the first of these sources that holds the four files (``data.sources``):

1. a local copy: the ``root`` argument, else the folder named by
   ``FASHION_MNIST_DIR``; then the kit's own ``data/`` folder (``DEFAULT_ROOT``);
2. Debian's package ``dataset-fashion-mnist`` (``DEBIAN_DIR``;
   ``SOFTMAX_KIT_DEBIAN_FASHION_DIR`` overrides it);
3. a download from Zalando's mirror (checksummed, through ``pooch`` when
   installed, else ``urllib``), when online.

A folder counts if it holds the four files, decompressed or gzipped, directly
or under ``FashionMNIST/raw/``.  Files already decompressed there are used in
place; others are decompressed into ``DEFAULT_ROOT/FashionMNIST/raw/``.  Every
file is verified before use (idx header, sample count, class balance, SHA-256
of the decompressed content); a verification is remembered beside the files.
``array_path`` gives graders a ``.npy`` copy of a split to memory-map.

Command line, from the repository root::

    python -m data.fashion_mnist [--root DIR] [--no-download] [--quiet]
"""

import argparse
import gzip
import hashlib
import json
import shutil
import socket
import struct
import sys
import urllib.request
import zlib
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from autograder import atomic

from . import sources
from .sources import (
    DEFAULT_ROOT,
    DOWNLOAD_TIMEOUT_S,
    ENV_DEBIAN_DIR,
    ENV_DIR,
    EXPECTED_SHA256,
    FILE_NAMES,
    SPLIT_FILES,
)

CLASSES = ("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
           "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot")
N_PIXELS = 28 * 28
DEBIAN_DIR = sources.debian_dir()
EXPECTED_SAMPLES = {"train": 60000, "test": 10000}
EXPECTED_PER_CLASS = {"train": 6000, "test": 1000}

_IDX_IMAGES_MAGIC = 0x00000803  # unsigned bytes, 3 dimensions
_IDX_LABELS_MAGIC = 0x00000801  # unsigned bytes, 1 dimension
_STAMP = ".verified.json"
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
        The files are in ``root/FashionMNIST/raw/``.
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
    dtype = _check_arguments(split, dtype)
    images, labels = _read_split(ensure(root), split)
    X = images.astype(dtype)
    X /= 255
    return X, labels.astype(np.int64)


def array_path(split, *, dtype=np.float64, root=None):
    """A ``.npy`` file holding ``load(split, dtype=dtype)[0]``, made once.

    For graders: ``np.load(path, mmap_mode="r")`` is a read-only memory map
    of the pixels that many processes share without copying.  The labels are
    small: take them from ``load``.  The file is written atomically into
    ``DEFAULT_ROOT/cache/`` (ignored by git) and named by the content's checksum, so a stale one is
    never used.

    Returns
    -------
    Path
    """
    dtype = _check_arguments(split, dtype)
    images_name = SPLIT_FILES[split][0]
    path = DEFAULT_ROOT / "cache" / f"{split}-{EXPECTED_SHA256[images_name][:12]}-{dtype.name}.npy"
    if not path.is_file():
        X, _ = load(split, dtype=dtype, root=root)
        with atomic.replacing(path) as temporary:
            with open(temporary, "wb") as out:
                np.save(out, X)
    return path


def ensure(root=None, *, download=None):
    """Make sure verified raw files exist and return the root holding them.

    Parameters
    ----------
    root : str or Path, optional
        A folder to take the files from before any other source; without it
        the folder named by ``FASHION_MNIST_DIR``, if set.
    download : bool or None, default None
        ``None`` or ``True``: try the download as the last source, a network
        failure meaning "not available" (it is named in the error);
        ``False``: never try.

    Returns
    -------
    Path
        The four decompressed files are in ``root/FashionMNIST/raw/``.

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

    Returns
    -------
    Located
    """
    misses = []
    for label, directory in sources.candidate_dirs(root, DEFAULT_ROOT, DEBIAN_DIR):
        found = sources.find_files(directory)
        if len(found) == len(FILE_NAMES):
            return _use(label, directory, found)
        misses.append(f"{label}: {sources.describe_miss(directory, found)}")
    if download is False:
        misses.append("download not allowed")
    else:
        failure = _try_download(DEFAULT_ROOT)
        if failure is None:
            return _use("download", DEFAULT_ROOT, sources.find_files(DEFAULT_ROOT))
        misses.append(f"download failed: {failure}")
    raise DataNotFoundError(_not_found_message(misses))


# ----------------------------------------------------------------------------
# sources


def _use(label, directory, found):
    """Verify the files found in ``directory``, installing them if needed."""
    if len(found) != len(FILE_NAMES):
        raise DataNotFoundError(f"{label}: {sources.describe_miss(directory, found)}")
    raw = sources.raw_dir(directory)
    if all(found[n] == raw / n for n in FILE_NAMES):
        samples = {n: _verified_samples(n, p) for n, p in found.items()}
        return Located(Path(directory), label, _per_split(samples))
    samples = _install(found, sources.raw_dir(DEFAULT_ROOT))
    return Located(DEFAULT_ROOT, f"{label}, copied to {sources.raw_dir(DEFAULT_ROOT)}",
                   _per_split(samples))


def _install(found, destination):
    """Decompress or copy the files into ``destination``, verifying each before it lands.

    A reader (or a parallel grader) never sees a partial or unverified file.
    """
    samples = {}
    for name, source in found.items():
        target = destination / name
        with atomic.replacing(target) as partial:
            _copy_decompressed(source, partial)
            samples[name] = _verify(name, partial, shown_as=source)
        _remember(name, target, samples[name])
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
            f"{source}: cannot be decompressed ({sources.one_line(exc)}); "
            f"{_fix_hint(source)}") from exc


def _try_download(root):
    """Download the four .gz files into ``root`` (MD5-checked), pooch if installed.

    Returns
    -------
    str or None
        None on success, else why it failed (one line).
    """
    failure = sources.dns_failure((sources.MIRROR,), DOWNLOAD_TIMEOUT_S)
    if failure:
        return failure
    Path(root).mkdir(parents=True, exist_ok=True)
    previous_timeout = socket.getdefaulttimeout()
    socket.setdefaulttimeout(DOWNLOAD_TIMEOUT_S)  # urllib has no timeout of its own
    try:
        for name, md5 in sources.DOWNLOAD_MD5.items():
            _fetch(f"{sources.MIRROR}{name}.gz", f"md5:{md5}", Path(root) / f"{name}.gz")
    except (OSError, ValueError, RuntimeError) as exc:
        return sources.one_line(exc)[:300]
    finally:
        socket.setdefaulttimeout(previous_timeout)
    return None


def _fetch(url, known_hash, target):
    """Download ``url`` to ``target`` unless it is there with ``known_hash``."""
    try:
        import pooch
    except ImportError:
        pooch = None
    if pooch is not None:
        pooch.retrieve(url, known_hash, fname=target.name, path=target.parent,
                       progressbar=False)
        return
    algorithm, expected = known_hash.split(":")
    if target.is_file() and _digest(target, algorithm) == expected:
        return
    with atomic.replacing(target) as partial:
        print(f"Downloading {url} ...", file=sys.stderr)
        with urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT_S) as response, \
                open(partial, "wb") as out:
            shutil.copyfileobj(response, out, 1 << 20)
        if _digest(partial, algorithm) != expected:
            raise ValueError(f"{url}: {algorithm} differs from the published one")


def _not_found_message(misses):
    return (f"FashionMNIST not found ({'; '.join(misses)}). Get it one of three ways: put "
            f"the four files {sources.FILES_PATTERN} in {DEFAULT_ROOT} or point {ENV_DIR} "
            f"at a folder holding them; or `sudo apt-get install {sources.DEBIAN_PACKAGE}`; "
            f"or run `{_CLI}` once while online to download them.")


# ----------------------------------------------------------------------------
# verification

_verified = {}  # cache key -> sample count, so each file is hashed once per process


def _cache_key(name, path):
    stat = path.stat()
    split = _split_of(name)
    return (str(path.resolve()), stat.st_size, stat.st_mtime_ns,
            EXPECTED_SHA256[name], EXPECTED_SAMPLES[split], EXPECTED_PER_CLASS[split])


def _verified_samples(name, path):
    """``_verify``, remembered while the file and the expectations stay the same.

    Remembered in this process and in a stamp file beside the files (when the
    folder is writable), so graders do not hash 47 MB at every start.
    """
    key = _cache_key(name, path)
    if key not in _verified:
        stamped = _read_stamp(path.parent).get(name)
        if stamped is not None and tuple(stamped[0]) == key:
            _verified[key] = stamped[1]
        else:
            _remember(name, path, _verify(name, path))
    return _verified[key]


def _remember(name, path, samples):
    key = _cache_key(name, path)
    _verified[key] = samples
    stamp = _read_stamp(path.parent)
    stamp[name] = [list(key), samples]
    try:
        atomic.write_text(path.parent / _STAMP, json.dumps(stamp, indent=1) + "\n")
    except OSError:
        pass  # a read-only folder (Debian's): verified again by the next process


def _read_stamp(folder):
    try:
        stamp = json.loads((Path(folder) / _STAMP).read_text())
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


def _verify(name, path, shown_as=None):
    """Check one decompressed file: idx structure, counts, class balance, SHA-256.

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
            raise ValueError(f"holds {n} samples, expected {EXPECTED_SAMPLES[split]}")
        digest = _digest(path, "sha256")
        if digest != EXPECTED_SHA256[name]:
            raise ValueError(f"SHA-256 {digest[:16]}... differs from the "
                             f"official {name} ({EXPECTED_SHA256[name][:16]}...)")
    except ValueError as exc:
        raise DataVerificationError(
            f"{shown_as} is not the official {name}: {exc}; {_fix_hint(shown_as)}") from None
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
        raise ValueError(f"idx magic number {found_magic:#010x}, expected {magic:#010x}")
    return dims


def _check_size(path, expected):
    size = path.stat().st_size
    if size != expected:
        raise ValueError(f"{size} bytes where its header implies {expected}")


def _digest(path, algorithm):
    digest = hashlib.new(algorithm)
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _split_of(name):
    return "train" if name.startswith("train") else "test"


def _per_split(samples_by_file):
    return {split: samples_by_file[images] for split, (images, _) in SPLIT_FILES.items()}


def _fix_hint(path):
    if Path(path).resolve().is_relative_to(DEBIAN_DIR.resolve()):
        return ("reinstall the package: "
                f"`sudo apt-get install --reinstall {sources.DEBIAN_PACKAGE}`")
    return f"delete it (or replace it with a good copy) and run `{_CLI}` to fetch the data again"


# ----------------------------------------------------------------------------
# loading


def _check_arguments(split, dtype):
    if split not in SPLIT_FILES:
        raise ValueError(f"split must be 'train' or 'test', not {split!r}")
    dtype = np.dtype(dtype)
    if dtype.kind != "f":
        raise ValueError(f"dtype must be a float dtype, not {dtype}")
    return dtype


def _read_split(root, split):
    """The verified uint8 images ``(n, 784)`` and labels ``(n,)`` of ``split``."""
    raw = sources.raw_dir(root)
    images_name, labels_name = SPLIT_FILES[split]
    images = np.fromfile(raw / images_name, dtype=np.uint8, offset=16)
    labels = np.fromfile(raw / labels_name, dtype=np.uint8, offset=8)
    images = images.reshape(-1, N_PIXELS)
    counts = np.bincount(labels, minlength=len(CLASSES))
    if (images.shape[0] != EXPECTED_SAMPLES[split] or labels.shape != (images.shape[0],)
            or np.any(counts != EXPECTED_PER_CLASS[split])):
        raise DataVerificationError(  # changed since it was verified
            f"{raw} changed while loading {split}; run `{_CLI}` again")
    return images, labels


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
                    f"{DEBIAN_DIR} (${ENV_DEBIAN_DIR} overrides it), then a download.")
    parser.add_argument("--root", type=Path, metavar="DIR",
                        help="a folder holding the four raw files")
    parser.add_argument("--no-download", action="store_true", help="never try to download")
    parser.add_argument("--quiet", action="store_true", help="print nothing when ready")
    args = parser.parse_args(argv)
    try:
        located = locate(args.root, download=False if args.no_download else None)
    except (Exception, KeyboardInterrupt) as exc:
        print(f"error: {sources.one_line(exc) or type(exc).__name__}", file=sys.stderr)
        return 2
    if args.quiet:
        return 0
    counts = ", ".join(f"{split} {n}" for split, n in located.samples.items())
    print(f"FashionMNIST ready in {sources.raw_dir(located.root)} "
          f"(source: {located.source}); samples: {counts}; verified")
    return 0


if __name__ == "__main__":
    sys.exit(main())
