"""``python -m assignment.train``: train the student's classifier on FashionMNIST and look at it.

1. imports the student's file and checks it defines the functions used;
2. loads FashionMNIST with the fixed validation split (the last 5000 of a
   seeded permutation of the 60000 training images);
3. a sanity check: the untrained model's loss should be close to ``ln 10``;
4. calls their ``train`` (their defaults, or the options given) with a
   progress bar and one line per epoch, warning when the loss rises or is nan;
5. saves learning curves (loss; training and validation accuracy), weight
   templates, the confusion matrix and the most confident mistakes on the
   validation images, and prints the test accuracy last, once.

``--sweep lr=0.03,0.1,0.3 reg=0,1e-4`` trains once per setting instead and
saves a table and a heat map of validation accuracy.
"""

import datetime
import json
import math
import os
import time
import warnings
from pathlib import Path

import numpy as np

from autograder.i18n import tr

from . import plots
from .cli import ASSIGNMENT, choose_language, guarded, parser
from .data import VAL_SIZE, fashion_data, synthetic_data
from .loading import (
    BadInput,
    CodeFailed,
    call_student,
    display,
    forbidden_imports,
    load_submission,
    missing_functions,
    same_file,
)
from .sanity import chance_warning, sanity_check
from .sweep import parse_sweep, run_sweep
from .training import (
    HYPERPARAMETERS,
    check_history,
    effective_hyperparameters,
    format_settings,
    run_training,
)

RUNS = ASSIGNMENT.parent / "runs"
PICTURES = ("learning_curves.png", "weights.png", "confusion_matrix.png", "misclassified.png")


def _parser():
    made = parser("train.py", tr("Train the classifier of your softmax.py on FashionMNIST: a "
                                 "sanity check, a progress bar, pictures in an output folder, "
                                 "and the test accuracy at the end."))
    made.add_argument("--out", metavar="DIR",
                      help=tr("folder for the pictures (default: runs/<date>-<time>/, with "
                              "runs/latest pointing to it)"))
    made.add_argument("--epochs", type=int, help=tr("default: your train()'s default"))
    made.add_argument("--batch-size", type=int, help=tr("default: your train()'s default"))
    made.add_argument("--lr", type=float, help=tr("default: your train()'s default"))
    made.add_argument("--reg", type=float, help=tr("default: your train()'s default"))
    made.add_argument("--seed", type=int, help=tr("default: your train()'s default"))
    made.add_argument("--val-size", type=int, default=VAL_SIZE,
                      help=tr("validation images carved from the training set (default "
                              "{size})", size=VAL_SIZE))
    made.add_argument("--train-size", type=int,
                      help=tr("train on only this many images (a quick run)"))
    made.add_argument("--data", choices=("fashion", "synthetic"), default="fashion",
                      help=tr("'synthetic': small generated images, to try the pipeline "
                              "without FashionMNIST"))
    made.add_argument("--sweep", nargs="+", metavar="NAME=V1,V2",
                      help=tr("train once per setting, e.g. --sweep lr=0.03,0.1,0.3 "
                              "reg=0,1e-4,1e-3, and compare validation accuracy"))
    made.add_argument("--no-progress", action="store_true", help=tr("no progress bars"))
    return made


def output_dir(out):
    """The folder for this run's files, created; and whether it is the default one."""
    if out:
        folder, default = Path(out), False
    else:
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S")
        folder, n = RUNS / stamp, 2
        while folder.exists():
            folder, n = RUNS / f"{stamp}-{n}", n + 1
        default = True
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise BadInput(tr("cannot create the output folder {folder}: {reason}", folder=folder,
                          reason=error.strerror or error)) from None
    if not os.access(folder, os.W_OK):
        raise BadInput(tr("cannot write to the output folder {folder}", folder=folder))
    return folder, default


def point_latest(folder):
    """Make ``runs/latest`` a link to ``folder`` (quietly skipped where impossible)."""
    latest = RUNS / "latest"
    if latest.exists() and not latest.is_symlink():
        return
    temporary = RUNS / f".latest-{os.getpid()}"
    try:
        os.symlink(folder.name, temporary)
        os.replace(temporary, latest)
    except OSError:
        try:
            temporary.unlink()
        except OSError:
            pass


def main(argv=None):
    """Run the command; returns the exit status."""
    choose_language(argv)
    return guarded(_run, argv)


def _run(argv):
    args = _parser().parse_args(argv)
    for option in ("epochs", "batch_size", "train_size", "val_size"):
        value = getattr(args, option)
        if value is not None and value < 1:
            raise BadInput(tr("--{option} must be at least 1, not {value}",
                              option=option.replace("_", "-"), value=value))
    axes = parse_sweep(args.sweep) if args.sweep else None
    started = time.perf_counter()
    path = Path(args.submission)
    module = load_submission(path)
    shown = display(path)
    missing = missing_functions(module)
    if missing:
        raise CodeFailed(tr("error: {path} defines no function {function}(): keep the names of "
                            "the stubs", path=shown, function=missing[0]))
    for name in forbidden_imports(path):
        print(tr("note: {path} imports {module}; the rules allow only numpy and the standard "
                 "library (the grader will refuse it)", path=shown, module=name))
    _preflight(module, path)
    folder, default_folder = output_dir(args.out)
    try:
        data = _load(args)
        if axes:
            status = _sweep(args, module, data, axes, folder)
        else:
            status = _train_and_report(args, module, path, shown, folder, data, started)
    except BaseException:
        if default_folder:
            try:
                folder.rmdir()  # only if still empty
            except OSError:
                pass
        raise
    if default_folder:
        point_latest(folder)
    return status


def _preflight(module, path):
    """Call init_params and loss_and_grad once on a tiny batch before loading the data.

    A function not written yet, or crashing, is reported in a second rather
    than after the dataset has loaded.
    """
    rng = np.random.default_rng(0)
    context = tr("(a first try on 8 random images, before loading the data)")
    W, b = call_student(path, context, module.init_params, 784, 10, rng)
    X, y = rng.uniform(0.0, 1.0, size=(8, 784)), np.arange(8) % 10
    call_student(path, context, module.loss_and_grad, np.asarray(W), np.asarray(b), X, y, 1e-4)


def _load(args):
    t0 = time.perf_counter()
    if args.data == "synthetic":
        parts = synthetic_data(args.train_size or 5000, min(args.val_size, 2000), 2000)
        name = tr("generated images (--data synthetic)")
    else:
        parts = fashion_data(args.val_size, args.train_size)
        name = "FashionMNIST"
    X, y, X_val, y_val, X_test, y_test, names = parts
    print(tr("Data: {data}: {n_train} training images, {n_val} validation images (a fixed split "
             "of the training set), {n_test} test images [loaded in {seconds:.1f} s]",
             data=name, n_train=len(X), n_val=len(X_val), n_test=len(X_test),
             seconds=time.perf_counter() - t0))
    return {"parts": parts, "name": name, "fashion": args.data != "synthetic"}


def _overrides(args):
    return {name: getattr(args, name) for name in HYPERPARAMETERS}


def _sweep(args, module, data, axes, folder):
    X, y, X_val, y_val, _, _, names = data["parts"]
    fixed = {k: v for k, v in _overrides(args).items() if k not in dict(axes)}
    print(tr("Sweep: {count} settings, each trained on the training images and judged on the "
             "validation images (the test images are not used)",
             count=math.prod(len(values) for _, values in axes)))
    result = run_sweep(module, (X, y, X_val, y_val, len(names)), axes, fixed)
    plots.plot_sweep(result, folder / "sweep.png")
    table = {"axes": [[name, values] for name, values in axes],
             "val_acc": result.val_acc.tolist(), "train_acc": result.train_acc.tolist(),
             "last_train_loss": result.final_loss.tolist()}
    (folder / "sweep.json").write_text(json.dumps(table, indent=1) + "\n", encoding="utf-8")
    print(tr("pictures in {folder}/: sweep.png (and sweep.json)", folder=display(folder)))
    return 0


def _train_and_report(args, module, path, shown, folder, data, started):
    X, y, X_val, y_val, X_test, y_test, names = data["parts"]
    K = len(names)
    overrides = _overrides(args)
    _, in_force, dropped = effective_hyperparameters(module.train, overrides)
    for name in dropped:
        print(tr("note: your train() has no parameter {name}; --{option} ignored", name=name,
                 option=name.replace("_", "-")))
    settings = format_settings(in_force)
    print(tr("hyper-parameters: {settings} (your train()'s defaults unless given)",
             settings=settings))
    reg, seed = in_force.get("reg", 1e-4), in_force.get("seed", 0)
    epochs = in_force.get("epochs") if isinstance(in_force.get("epochs"), int) else None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")
        initial_loss, _ = sanity_check(module, X, y, K, reg if reg is not None else 0.0, seed)
        run = run_training(module, X, y, X_val, y_val, K, overrides,
                           progress=not args.no_progress, initial_loss=initial_loss)
    _report_warnings(caught, path, shown)
    monitor = run.monitor
    seen = len(monitor.train_loss)
    print(tr("training took {seconds:.1f} s ({count} epochs seen)", seconds=run.seconds,
             count=seen))
    if not (np.all(np.isfinite(run.W)) and np.all(np.isfinite(run.b))):
        print(tr("warning: W or b holds nan or inf after training: the steps diverged (learning "
                 "rate too large?) or a nan came from an unstable softmax or log"))
    train_loss, val_acc = check_history(run.history, epochs)
    note = ""
    if train_loss is None:
        print(tr("note: history['train_loss'] is missing or does not hold one number per epoch "
                 "(EP10); the curves show what the kit measured instead"))
        train_loss = monitor.train_loss
        note = tr("curves measured by the kit: your history was unusable")
    else:
        _compare_history(train_loss, monitor)
    if val_acc is None or (not val_acc and monitor.X_val is not None):
        if monitor.X_val is not None:
            print(tr("note: history['val_acc'] is missing or empty although train() was given "
                     "X_val and y_val (EP10)"))
        val_acc = monitor.val_acc if any(a is not None for a in monitor.val_acc) else []
    with np.errstate(all="ignore"):
        final_val_acc = float(np.mean(np.argmax(X_val @ run.W + run.b, axis=1) == y_val))
    warning = chance_warning(final_val_acc, K, monitor.train_loss or train_loss, initial_loss)
    if warning:
        print(warning)
    _pictures(run, names, X_val, y_val, folder, shown, settings, train_loss, val_acc,
              initial_loss, note)
    test_acc = float(np.mean(np.argmax(X_test @ run.W + run.b, axis=1) == y_test))
    metrics = {
        "submission": str(path), "data": data["name"], "hyperparameters": run.in_force,
        "n_train": len(X), "n_val": len(X_val), "n_test": len(X_test),
        "initial_loss": initial_loss, "train_loss": train_loss, "val_acc": val_acc,
        "train_acc": monitor.train_acc, "test_accuracy": test_acc, "classes": list(names),
        "seconds": {"train": round(run.seconds, 2),
                    "total": round(time.perf_counter() - started, 2)},
    }
    (folder / "metrics.json").write_text(json.dumps(metrics, indent=1) + "\n", encoding="utf-8")
    print(tr("pictures in {folder}/: {files} (and metrics.json)", folder=display(folder),
             files=", ".join(PICTURES)))
    bar = (tr("; the grader trains on all 60000 images and gives full points from 0.82")
           if data["fashion"] else "")
    print(tr("test accuracy {accuracy:.4f} on {count} test images{bar}", accuracy=test_acc,
             count=len(X_test), bar=bar))
    return 0


def _pictures(run, names, X_val, y_val, folder, shown, settings, train_loss, val_acc,
              initial_loss, note):
    K = len(names)
    logits = X_val @ run.W + run.b
    predicted = np.argmax(logits, axis=1)
    with np.errstate(all="ignore"):
        shifted = np.exp(logits - logits.max(axis=1, keepdims=True))
        probabilities = shifted / shifted.sum(axis=1, keepdims=True)
    matrix = np.bincount(y_val * K + predicted, minlength=K * K).reshape(K, K)
    val_accuracy = float(np.mean(predicted == y_val))
    plots.plot_learning_curves(train_loss, val_acc, folder / "learning_curves.png",
                               train_acc=run.monitor.train_acc, initial_loss=initial_loss,
                               n_classes=K, source_note=note,
                               title=tr("Learning curves of {path} ({settings})", path=shown,
                                        settings=settings))
    plots.plot_weight_templates(run.W, names, folder / "weights.png",
                                title=tr("The ten learned weight templates (columns of W) of "
                                         "{path}", path=shown))
    plots.plot_confusion_matrix(matrix, names, folder / "confusion_matrix.png",
                                title=tr("Confusion matrix on the {count} validation images "
                                         "(accuracy {accuracy:.2%})", count=len(y_val),
                                         accuracy=val_accuracy))
    plots.plot_misclassified(X_val, y_val, predicted, probabilities, names,
                             folder / "misclassified.png",
                             title=tr("The most confident mistakes on the validation images"))


def _compare_history(train_loss, monitor):
    """Say when history['train_loss'] is not the plain mean of the batch losses seen."""
    for epoch, (theirs, seen, steps, calls) in enumerate(
            zip(train_loss, monitor.train_loss, monitor.steps_seen, monitor.loss_calls), 1):
        if steps == 0 or steps != calls or not np.isfinite(seen):
            return  # not comparable: train() does not call minibatches/loss_and_grad as asked
        if not math.isclose(theirs, seen, rel_tol=1e-6, abs_tol=1e-9):
            print(tr("note: history['train_loss'][{index}] is {theirs:.6g}, but the plain mean "
                     "of epoch {epoch}'s {calls} batch losses is {seen:.6g} (EP10)",
                     index=epoch - 1, theirs=theirs, epoch=epoch, calls=calls, seen=seen))
            return


def _report_warnings(caught, path, shown):
    seen = set()
    for item in caught:
        if same_file(item.filename, path):
            where = tr("{path} line {line}", path=shown, line=item.lineno)
        else:
            where = tr("{path} line {line}", path=Path(item.filename).name, line=item.lineno)
        key = (where, str(item.message))
        if key in seen:
            continue
        seen.add(key)
        print(tr("warning ({where}): {category}: {message}", where=where,
                 category=item.category.__name__, message=item.message))
        if len(seen) >= 5:
            break
