"""What the figures were measured on."""

import datetime
import os
import platform
from pathlib import Path


def cpu_model(cpuinfo=Path("/proc/cpuinfo")):
    """The CPU's ``model name`` from ``/proc/cpuinfo`` (``"unknown"`` if absent)."""
    try:
        for line in cpuinfo.read_text(encoding="utf-8", errors="replace").splitlines():
            key, _, value = line.partition(":")
            if key.strip() == "model name":
                return value.strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def numpy_blas():
    """numpy's BLAS as threadpoolctl sees it: ``{"library", "version", ...}``."""
    import numpy as np  # noqa: F401  (loads the BLAS so that threadpoolctl sees it)
    from threadpoolctl import threadpool_info

    for pool in threadpool_info():
        # numpy's wheel ships its BLAS in numpy.libs/ (scipy's has its own)
        if pool.get("user_api") == "blas" and \
                Path(pool["filepath"]).parent.name.startswith("numpy"):
            return {"library": pool.get("internal_api"), "version": pool.get("version"),
                    "architecture": pool.get("architecture"),
                    "threading_layer": pool.get("threading_layer"),
                    "file": Path(pool["filepath"]).name}
    return {"library": "unknown"}


def thread_pools():
    """Every native thread pool loaded in this process, with its current size.

    Returns
    -------
    pools : list of dict
        ``{"library", "user_api", "file", "num_threads"}`` per pool
        (threadpoolctl's view: numpy's and scipy's OpenBLAS, the OpenMP
        runtimes of torch and scikit-learn).
    """
    from threadpoolctl import threadpool_info

    return [{"library": pool.get("internal_api"), "user_api": pool.get("user_api"),
             "file": Path(pool["filepath"]).name, "num_threads": pool.get("num_threads")}
            for pool in threadpool_info()]


def describe(threads):
    """The machine and software the benchmark ran with.

    Parameters
    ----------
    threads : int
        The BLAS / torch thread count every contestant ran with.

    Returns
    -------
    machine : dict
        JSON-ready: cores, CPU model, versions, BLAS, thread count, date, load.
    """
    import numpy as np
    import sklearn
    import torch

    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu_model": cpu_model(),
        "cores": os.cpu_count(),
        "cores_available": len(os.sched_getaffinity(0)),
        "load_average_1min": round(os.getloadavg()[0], 2),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "numpy_blas": numpy_blas(),
        "torch": torch.__version__,
        "torch_blas": "MKL" if torch.backends.mkl.is_available() else "other",
        "scikit_learn": sklearn.__version__,
        "threads": threads,
        "torch_threads": torch.get_num_threads(),
        "thread_pools": thread_pools(),
    }
