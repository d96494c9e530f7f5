"""FashionMNIST as ``.npy`` files the grader writes once per machine.

The training images, (60000, 784) float64 in [0, 1], are readable by every
user (0444), so a worker maps them read-only instead of receiving 376 MB
through its socket (the bubblewrap sandbox binds this one file into the
worker's file system); the labels and the test set stay in a folder only the
grader can read (0700): the test set never reaches a worker.
"""

import os
from functools import lru_cache
from pathlib import Path

import numpy as np

from . import atomic, settings

#: the cache, beside the shared environments (every user can read it as root)
CACHE_DIR = (settings.cache_dir(for_workers=True) if not settings.get("SOFTMAX_KIT_DATA_CACHE")
             else Path(settings.get("SOFTMAX_KIT_DATA_CACHE"))) / "fashion-mnist-v1"
#: the training images, the one file a worker may read
TRAIN_IMAGES_NPY = CACHE_DIR / "X_train.npy"
#: the rest, for the grader only
GRADER_DIR = CACHE_DIR / "grader"
TRAIN_SHAPE = (60000, 784)
_GRADER_ONLY = ("y_train", "X_test", "y_test")


@lru_cache(maxsize=1)
def load():
    """``(X_train or None, y_train, X_test, y_test)``, loaded once per grading process.

    ``X_train`` is None when workers can map :data:`TRAIN_IMAGES_NPY` instead;
    without a writable cache the arrays come from the loader (and cross the
    socket).
    """
    try:
        if not _cached():
            _write()
        return (None,) + tuple(np.load(GRADER_DIR / f"{name}.npy", allow_pickle=False)
                               for name in _GRADER_ONLY)
    except OSError:
        return _read_raw()


def _read_raw():
    from data import fashion_mnist

    X_train, y_train = fashion_mnist.load("train")
    X_test, y_test = fashion_mnist.load("test")
    return X_train, y_train, X_test, y_test


def _cached():
    try:
        X = np.load(TRAIN_IMAGES_NPY, mmap_mode="r", allow_pickle=False)
    except (OSError, ValueError):
        return False
    return (X.shape == TRAIN_SHAPE and X.dtype == np.float64
            and all((GRADER_DIR / f"{name}.npy").is_file() for name in _GRADER_ONLY))


def _write():
    X_train, y_train, X_test, y_test = _read_raw()
    GRADER_DIR.mkdir(parents=True, exist_ok=True)
    os.chmod(CACHE_DIR, 0o755)
    os.chmod(GRADER_DIR, 0o700)
    for name, array in zip(_GRADER_ONLY, (y_train, X_test, y_test)):
        _save(GRADER_DIR / f"{name}.npy", array, 0o400)
    _save(TRAIN_IMAGES_NPY, X_train, 0o444)


def _save(path, array, mode):
    with atomic.replacing(path, mode) as partial, open(partial, "wb") as out:
        np.save(out, array, allow_pickle=False)
