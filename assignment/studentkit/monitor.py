"""Watch the student's ``train`` run without changing it: progress bars and per-epoch lines.

While active, :class:`TrainingMonitor` replaces the module's ``minibatches``,
``loss_and_grad`` and ``predict`` by wrappers that call the originals
unchanged (same arguments, same random draws) and record each epoch's mean
batch loss, validation accuracy and training accuracy (on a fixed subset of
the training images, with the ``W, b`` that ``train`` hands to ``predict``).
"""

import time

import numpy as np

from autograder.i18n import tr

from .sanity import loss_trouble

TRAIN_ACC_SAMPLE = 5000  # training images scored after each epoch


class _Batches:
    """What the student's ``minibatches`` returned, ticking the bar as it goes."""

    def __init__(self, batches, monitor):
        self._batches = batches
        self._monitor = monitor

    def __iter__(self):
        for batch in self._batches:
            self._monitor.tick()
            yield batch

    def __len__(self):
        return len(self._batches)

    def __getitem__(self, index):
        return self._batches[index]


class TrainingMonitor:
    """Progress bars, per-epoch lines and a warning when the loss goes wrong.

    A call of ``minibatches`` opens an epoch, each batch handed out moves the
    batch bar, each loss is recorded, and ``predict`` on the validation set
    (or the next epoch, or the end of ``train``) closes the epoch and prints
    its line.

    Parameters
    ----------
    module : module
        The student's ``softmax``.
    X_val : (m, d) float or None
    y_val : (m,) int or None
    epochs, batches_per_epoch : int
        For the bars (0 when unknown).
    X_train : (n, d) float, optional
    y_train : (n,) int, optional
        Training images; the first ``TRAIN_ACC_SAMPLE`` are scored each epoch.
    initial_loss : float, optional
        The untrained model's loss, for the warning on a rising loss.
    """

    WRAPPED = ("minibatches", "loss_and_grad", "predict")

    def __init__(self, module, X_val, y_val, epochs, batches_per_epoch, progress=True,
                 write=None, X_train=None, y_train=None, initial_loss=None):
        self.module = module
        self.X_val, self.y_val = X_val, y_val
        self.X_sample = None if X_train is None else X_train[:TRAIN_ACC_SAMPLE]
        self.y_sample = None if y_train is None else y_train[:TRAIN_ACC_SAMPLE]
        self.epochs = epochs
        self.batches_per_epoch = batches_per_epoch
        self.progress = progress
        self._write = write
        self.train_loss, self.val_acc, self.train_acc, self.seconds = [], [], [], []
        self.steps_seen, self.loss_calls = [], []
        self.initial_loss = initial_loss
        self.warning = None
        self._open = False
        self._losses, self._acc, self._train_acc, self._ticks = [], None, None, 0
        self._saved = {}

    def __enter__(self):
        from tqdm import tqdm

        self._tqdm = tqdm
        bar_format = ("{desc:<8} {percentage:3.0f}%|{bar}| {n_fmt}/{total_fmt} "
                      "[{elapsed}<{remaining}]")
        self.epoch_bar = tqdm(total=self.epochs or None, desc=tr("epochs"), position=0,
                              leave=True, disable=not self.progress, bar_format=bar_format,
                              dynamic_ncols=True)
        self.batch_bar = tqdm(total=self.batches_per_epoch or None, desc=tr("batches"),
                              position=1, leave=False, disable=not self.progress,
                              bar_format=bar_format, dynamic_ncols=True)
        for name in self.WRAPPED:
            if callable(getattr(self.module, name, None)):
                self._saved[name] = getattr(self.module, name)
                setattr(self.module, name, getattr(self, "_" + name))
        self._last = time.perf_counter()
        return self

    def __exit__(self, *exc):
        for name, function in self._saved.items():
            setattr(self.module, name, function)
        if exc[0] is None:
            self.close_epoch()
        else:
            self.epoch_bar.leave = False
        self.batch_bar.close()
        self.epoch_bar.close()
        return False

    def write(self, line):
        if self._write is not None:
            self._write(line)
        else:
            self._tqdm.write(line)

    # --- the wrappers
    def _minibatches(self, *args, **kwargs):
        self.close_epoch()
        self._open_epoch()
        batches = self._saved["minibatches"](*args, **kwargs)
        return _Batches(batches, self)

    def _loss_and_grad(self, *args, **kwargs):
        result = self._saved["loss_and_grad"](*args, **kwargs)
        if not self._open:
            self._open_epoch()
        try:
            self._losses.append(float(np.asarray(result[0]).reshape(())))
        except Exception:  # a malformed loss: the student's train will say so
            pass
        return result

    def _predict(self, *args, **kwargs):
        labels = self._saved["predict"](*args, **kwargs)
        X = args[2] if len(args) > 2 else kwargs.get("X")
        if self.X_val is not None and self._is_val(X):
            try:
                self._acc = float(np.mean(np.asarray(labels) == self.y_val))
            except Exception:
                self._acc = None
            self._train_acc = self._score_training(args, kwargs)
            if self._open:
                self.close_epoch()
            elif self.val_acc:  # a second look at the same epoch
                self.val_acc[-1], self.train_acc[-1] = self._acc, self._train_acc
        return labels

    def _score_training(self, args, kwargs):
        """Training accuracy with the ``W, b`` that ``train`` just handed to ``predict``."""
        if self.X_sample is None:
            return None
        try:
            W = np.asarray(args[0] if args else kwargs["W"], dtype=float)
            b = np.asarray(args[1] if len(args) > 1 else kwargs["b"], dtype=float)
            with np.errstate(all="ignore"):
                return float(np.mean(np.argmax(self.X_sample @ W + b, axis=1) == self.y_sample))
        except Exception:
            return None

    def _is_val(self, X):
        if X is self.X_val:
            return True
        return (isinstance(X, np.ndarray) and X.shape == self.X_val.shape
                and np.may_share_memory(X, self.X_val))

    # --- epochs
    def tick(self):
        self._ticks += 1
        self.batch_bar.update(1)

    def _open_epoch(self):
        self._open = True
        self._losses, self._acc, self._train_acc, self._ticks = [], None, None, 0
        self.batch_bar.reset(total=self.batches_per_epoch or None)

    def close_epoch(self):
        if not self._open:
            return
        self._open = False
        now = time.perf_counter()
        self.seconds.append(now - self._last)
        self._last = now
        loss = float(np.mean(self._losses)) if self._losses else float("nan")
        self.train_loss.append(loss)
        self.val_acc.append(self._acc)
        self.train_acc.append(self._train_acc)
        self.steps_seen.append(self._ticks)
        self.loss_calls.append(len(self._losses))
        epoch = len(self.train_loss)
        width = len(str(max(self.epochs, epoch)))
        loss_text = f"{loss:.4f}" if self._losses else "  -   "
        acc_text = f"{self._acc:.4f}" if self._acc is not None else "  -   "
        train_text = f"{self._train_acc:.4f}" if self._train_acc is not None else "  -   "
        self.write(tr("epoch {epoch}/{epochs}  train loss {loss}  train acc {train_acc}  "
                      "val acc {val_acc}  ({seconds} s)", epoch=f"{epoch:>{width}}",
                      epochs=self.epochs, loss=loss_text, train_acc=train_text,
                      val_acc=acc_text, seconds=f"{self.seconds[-1]:.1f}"))
        self.epoch_bar.update(1)
        if self.warning is None and self._losses:
            self.warning = loss_trouble(self.train_loss, self.initial_loss)
            if self.warning:
                self.write(self.warning)
