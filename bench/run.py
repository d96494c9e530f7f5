"""``python -m bench.run`` (``make bench``): run every measurement, write the results.

Order: the SGD trainers (reference and torch, both dtypes, repeats
interleaved so that a burst of load on this shared machine hits all of them),
the check that torch's identical protocol reaches the reference's accuracy,
the hot-loop split, scikit-learn, then the grader.  Every contestant runs with
the same BLAS / torch thread count (``--threads``, default 1).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

from . import RESULTS_DIR, ROOT, contestants, grader_figures, hotloop, machine, report
from .timing import timed

#: the torch identical protocol must match the reference's test accuracy this closely
SAME_ACCURACY = 0.002
#: timed runs per figure: the SGD trainers take seconds, scikit-learn and a
#: grading tens of seconds
TRAIN_REPEATS, REPEATS = 5, 3


def _parser():
    parser = argparse.ArgumentParser(prog="python -m bench.run",
                                     description=__doc__.split("\n")[0])
    parser.add_argument("--threads", type=int, default=1,
                        help="BLAS / OpenMP / torch threads for every contestant (default 1)")
    parser.add_argument("--quick", action="store_true",
                        help="one run of everything instead of the median of --repeats "
                             "(for development; not for quoted figures)")
    parser.add_argument("--repeats", type=int, default=None,
                        help=f"timed runs per figure, their median is reported (default "
                             f"{TRAIN_REPEATS} for the SGD trainers, {REPEATS} for "
                             f"scikit-learn and the grader)")
    parser.add_argument("--out", default=str(RESULTS_DIR),
                        help="folder for latest.json and latest.md (default bench/results)")
    return parser


def _load_data():
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from data import fashion_mnist

    X_train, y_train = fashion_mnist.load("train")
    X_test, y_test = fashion_mnist.load("test")
    return X_train, y_train, X_test, y_test


def _round_robin(tasks, repeats, bar):
    """Time every task ``repeats`` times, one run of each in turn: ``{name: Timed}``."""
    runs = {name: None for name in tasks}
    for _ in range(repeats):
        for name, fn in tasks.items():
            bar.set_description(name)
            one = timed(fn, 1, progress=bar.update)
            if runs[name] is None:
                runs[name] = one
            else:
                runs[name].extend(one)
    return runs


def _figures(run, reference, X_test, y_test):
    W, b = run.value
    return {"test_acc": contestants.accuracy(reference, W, b, X_test, y_test),
            "train_s": run.median, "runs_s": run.seconds, "cpu_s": run.cpu_median}


def _check_same_computation(figures, W_gap):
    """Exit with a message unless torch's identical protocol matches the reference."""
    for dtype in ("float64", "float32"):
        ref, torch_ = figures[f"reference_{dtype}"], figures[f"torch_{dtype}"]
        gap = abs(ref["test_acc"] - torch_["test_acc"])
        if gap > SAME_ACCURACY:
            raise SystemExit(
                f"bench: torch_{dtype} reached test accuracy {torch_['test_acc']:.4f} but the "
                f"reference {ref['test_acc']:.4f}: {gap * 100:.2f} points apart (allowed "
                f"{SAME_ACCURACY * 100:.1f}); the identical protocol is not the same "
                f"computation (max |W_torch - W_reference| = {W_gap[dtype]:.3g})")


def main(argv=None):
    args = _parser().parse_args(argv)
    if args.threads < 1 or (args.repeats is not None and args.repeats < 1):
        raise SystemExit("bench: --threads and --repeats must be at least 1")
    if args.quick:
        repeats = {"train": 1, "other": 1}
    elif args.repeats:
        repeats = {"train": args.repeats, "other": args.repeats}
    else:
        repeats = {"train": TRAIN_REPEATS, "other": REPEATS}

    # threadpoolctl limits only the libraries loaded when the limit is set:
    # load every contestant's (scipy's OpenBLAS and scikit-learn's OpenMP
    # come with sklearn.linear_model) before setting it
    import sklearn.linear_model  # noqa: F401
    import torch
    from threadpoolctl import threadpool_limits
    from tqdm import tqdm

    torch.set_num_threads(args.threads)
    with threadpool_limits(limits=args.threads):
        unpinned = [p for p in machine.thread_pools() if p["num_threads"] != args.threads]
        if unpinned:
            raise SystemExit(f"bench: could not pin every thread pool to {args.threads}: "
                             f"{unpinned}")
        return _bench(args, repeats, tqdm)


def _bench(args, repeats, tqdm):
    started = time.perf_counter()
    described = machine.describe(args.threads)
    print(f"bench: {args.threads} thread(s); runs per figure: {repeats['train']} per SGD "
          f"trainer, {repeats['other']} for the others", file=sys.stderr)
    X64, y_train, X_test, y_test = _load_data()
    X32 = X64.astype(np.float32)
    ref = contestants.load_reference()
    k = int(y_train.max()) + 1

    sgd = {
        "reference_float64": lambda: contestants.train_reference(ref, X64, y_train),
        "reference_float32": lambda: contestants.train_reference(ref, X32, y_train),
        "torch_float64": lambda: contestants.train_torch(ref, X64, y_train),
        "torch_float32": lambda: contestants.train_torch(ref, X32, y_train),
    }
    sklearn = {
        "sklearn_default": lambda: contestants.train_sklearn(X64, y_train),
        "sklearn_tuned": lambda: contestants.train_sklearn(X64, y_train,
                                                           **contestants.SKLEARN_TUNED),
    }
    # warm-up, untimed: first-call costs (torch's lazy initialisation, page faults)
    for X in (X64[:2048], X32[:2048]):
        ref.train(X, y_train[:2048], epochs=1, n_classes=k)
        contestants.train_torch(ref, X, y_train[:2048], epochs=1, n_classes=k)
    contestants.train_sklearn(X64[:2048], y_train[:2048], max_iter=5)

    total = repeats["train"] * (len(sgd) + 2) + repeats["other"] * (len(sklearn) + 4) + 1
    with tqdm(total=total, unit="run", file=sys.stderr, dynamic_ncols=True) as bar:
        runs = _round_robin(sgd, repeats["train"], bar)
        figures = {name: _figures(run, ref, X_test, y_test) for name, run in runs.items()}
        W_gap = {dtype: float(np.max(np.abs(
            runs[f"torch_{dtype}"].value[0].astype(np.float64)
            - runs[f"reference_{dtype}"].value[0].astype(np.float64))))
            for dtype in ("float64", "float32")}
        for dtype, gap in W_gap.items():
            figures[f"torch_{dtype}"]["max_abs_W_diff_to_reference"] = gap
        _check_same_computation(figures, W_gap)

        hot = {}
        for dtype, X in (("float64", X64), ("float32", X32)):
            bar.set_description(f"hot loop {dtype}")
            parts = [hotloop.products_only(ref, X, k) for _ in range(repeats["train"])]
            bar.update(repeats["train"])
            median = {key: statistics.median(p[key] for p in parts) for key in parts[0]}
            hot[dtype] = hotloop.shares(figures[f"reference_{dtype}"]["train_s"], median)

        runs = _round_robin(sklearn, repeats["other"], bar)
        for name, run in runs.items():
            figures[name] = _figures(run, ref, X_test, y_test)
        figures["sklearn_tuned"]["params"] = dict(contestants.SKLEARN_TUNED)

        grading = {}
        for who, path in (("reference", grader_figures.SOLUTION),
                          ("stubs", grader_figures.STUBS)):
            bar.set_description(f"grading {who}")
            grading[who] = grader_figures.single_file(path, repeats["other"],
                                                      progress=bar.update)
        bar.set_description("batch grading")
        grading["batch"] = grader_figures.batch()
        bar.update(1)

    # this machine is shared: the load at both ends says how noisy the figures are
    described["load_average_1min_end"] = round(os.getloadavg()[0], 2)
    result = report.build(
        described, figures,
        {"grade_reference_s": grading["reference"]["total_s"],
         "grade_stubs_s": grading["stubs"]["total_s"],
         "grade_all_per_min": grading["batch"]["per_min"],
         "grading": grading},
        extra={"settings": {"train_repeats": repeats["train"],
                            "sklearn_repeats": repeats["other"],
                            "grade_repeats": repeats["other"],
                            "quick": args.quick, "threads": args.threads,
                            "sklearn_tuned": dict(contestants.SKLEARN_TUNED),
                            "grader_threads": "1 (python -m autograder pins its own BLAS)"},
               "hot_loop": hot,
               "bench_wall_s": time.perf_counter() - started},
    )
    json_path, md_path = report.write(result, args.out)
    md_text = md_path.read_text(encoding="utf-8")
    print(md_text)
    if Path(args.out).resolve() == RESULTS_DIR.resolve() and not args.quick:
        if report.quote_in_readme(ROOT / "README.md", md_text):
            print("bench: README.md quotes the new table", file=sys.stderr)
    print(f"bench: wrote {json_path} and {md_path} in {result['bench_wall_s']:.0f} s",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
