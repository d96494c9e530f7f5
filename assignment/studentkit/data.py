"""FashionMNIST with the fixed validation split, or look-alike images without it.

Both return ``(X_train, y_train, X_val, y_val, X_test, y_test, class_names)``
with ``X_* : (n, 784) float`` in [0, 1] and ``y_* : (n,) int``.
"""

import numpy as np

from autograder.i18n import N_, tr

from .loading import BadInput

SPLIT_SEED = 20240601  # the validation split: the same for everybody
VAL_SIZE = 5000

# data/fashion_mnist.py's CLASSES, marked for the catalogs (shown through tr)
CLASS_NAMES = (N_("T-shirt/top"), N_("Trouser"), N_("Pullover"), N_("Dress"), N_("Coat"),
               N_("Sandal"), N_("Shirt"), N_("Sneaker"), N_("Bag"), N_("Ankle boot"))


def synthetic_data(n_train=5000, n_val=1000, n_test=2000, seed=0):
    """A small FashionMNIST look-alike: noisy 28x28 blob images of ten classes.

    Every class shares three blobs and has two of its own; heavy pixel noise
    makes it about as hard as FashionMNIST for a linear model (about 85 %).
    For trying the pipeline (and testing the kit) without the dataset.
    """
    rng = np.random.default_rng(seed)
    rows, cols = np.mgrid[0:28, 0:28]

    def blob():
        cr, cc = rng.uniform(5, 23, size=2)
        width = rng.uniform(2.5, 5.0)
        return np.exp(-((rows - cr) ** 2 + (cols - cc) ** 2) / (2 * width ** 2))

    shared = blob() + blob() + blob()
    prototypes = np.zeros((10, 784))
    for k in range(10):
        image = shared + blob() + blob()
        prototypes[k] = (image / image.max()).ravel()

    def sample(n):
        y = rng.integers(0, 10, size=n)
        brightness = rng.uniform(0.5, 1.0, size=(n, 1))
        X = np.clip(prototypes[y] * brightness + rng.normal(0.0, 0.6, size=(n, 784)), 0.0, 1.0)
        return X, y

    parts = [sample(n) for n in (n_train, n_val, n_test)]
    names = tuple(tr("class {k}", k=k) for k in range(10))
    return (*parts[0], *parts[1], *parts[2], names)


def split(n, val_size=VAL_SIZE):
    """``(train_indices, val_indices)`` of ``range(n)``: the fixed, seeded split."""
    perm = np.random.default_rng(SPLIT_SEED).permutation(n)
    return perm[:-val_size], perm[-val_size:]


def fashion_data(val_size=VAL_SIZE, train_size=None, download=None):
    """FashionMNIST, with a seeded validation split of the training set.

    The 60000 training images are permuted with ``SPLIT_SEED``; the last
    ``val_size`` become the validation set, the others (or their first
    ``train_size``) the training set.
    """
    try:
        from data import fashion_mnist
    except ImportError as error:
        raise BadInput(tr("cannot import the data loader (the folder data/ of the handout): "
                          "{error}; run the command from the handout's folder",
                          error=error)) from None
    try:
        root = fashion_mnist.ensure(download=download)
        X, y = fashion_mnist.load("train", root=root)
        X_test, y_test = fashion_mnist.load("test", root=root)
    except (fashion_mnist.DataNotFoundError, fashion_mnist.DataVerificationError) as error:
        raise BadInput(" ".join(str(error).split())) from None
    if not 0 < val_size < len(X):
        raise BadInput(tr("--val-size must be between 1 and {limit}, not {value}",
                          limit=len(X) - 1, value=val_size))
    train_idx, val_idx = split(len(X), val_size)
    if train_size is not None:
        train_idx = train_idx[:train_size]
    names = tuple(tr(name) for name in fashion_mnist.CLASSES)
    return X[train_idx], y[train_idx], X[val_idx], y[val_idx], X_test, y_test, names
