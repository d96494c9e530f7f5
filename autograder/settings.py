"""The kit's settings: every environment variable it reads, and where its environments live.

One table (``VARIABLES``) names each variable, its default and its use; the
README's table is generated from it (``python -m autograder.settings``) and a
test keeps the two equal.  This module imports nothing beyond the standard
library, so ``tools/setup_env.py`` can use it before any environment exists.
"""

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

KIT_ROOT = Path(__file__).resolve().parent.parent
#: thread-count variables of the BLAS libraries numpy and torch may use
BLAS_THREAD_VARIABLES = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")
#: where worker environments live when the kit runs as root: every user can read it
ROOT_CACHE = Path("/var/cache/softmax-kit")
#: the environments Gradescope's image has (deploy/gradescope/setup.sh)
IMAGE_PREFIX = Path("/opt/softmax-kit")


@dataclass(frozen=True)
class Variable:
    """An environment variable the kit reads."""

    name: str
    default: str
    meaning: str


VARIABLES = (
    Variable("LANG, LC_ALL, LANGUAGE", "English",
             "language of feedback and messages (`zh...` for Chinese); `--lang` overrides"),
    Variable("FASHION_MNIST_DIR", "unset",
             "a folder holding the four FashionMNIST files, searched first"),
    Variable("SOFTMAX_KIT_DEBIAN_FASHION_DIR", "/usr/share/datasets/fashion-mnist",
             "where Debian's `dataset-fashion-mnist` puts the files"),
    Variable("SOFTMAX_KIT_CACHE", "~/.cache/softmax-kit (as root, for worker environments: "
             "/var/cache/softmax-kit)",
             "folder of the shared environments, one per requirements hash"),
    Variable("PYTHON", "the Python running `tools/setup_env.py`",
             "the Python environments are made from"),
    Variable("SOFTMAX_KIT_WORKER_PYTHON", "found (see `worker_python`)",
             "the Python student code runs with (numpy only)"),
    Variable("SOFTMAX_KIT_WORKDIR", "/var/lib/softmax-kit/workers",
             "where workers' private folders are made (root only)"),
    Variable("SOFTMAX_KIT_STATE", "/var/lib/softmax-kit",
             "machine-wide state of the grader (the next fresh worker user id)"),
    Variable("SOFTMAX_KIT_SANDBOX", "auto",
             "force how workers run: `bwrap`, `uid`, `none` or `portable`"),
    Variable("SOFTMAX_KIT_ALLOW_ROOT_WORKERS", "unset",
             "`1` (or `--allow-root-workers`): let student code run as root where nothing "
             "else can"),
    Variable("SOFTMAX_KIT_DATA_CACHE", "the shared environments' folder",
             "where the grader keeps FashionMNIST as `.npy` files (training images readable "
             "by workers, the rest by the grader only)"),
    Variable("SOFTMAX_KIT_REFERENCE", "solution/softmax.py",
             "the reference solution the hidden checks serve"),
    Variable("SOFTMAX_KIT_PYTHON", "/opt/softmax-kit/venv/bin/python",
             "Gradescope: the Python of the grading environment"),
    Variable("AUTOGRADER_ROOT", "/autograder",
             "Gradescope: the folder holding source/, submission/, results/"),
    Variable("SOFTMAX_KIT_DEPLOY_FULL", "unset",
             "tests: also build the zip and grade through `otter run`"),
    Variable("SOFTMAX_KIT_BATCH_BENCH", "unset",
             "tests: also run the batch-grading benchmark"),
    Variable("KIT_FULL_MUTATIONS", "unset",
             "tests: run the whole mutation catalogue"),
    Variable("KIT_FULL_TRIVIAL", "unset",
             "tests: run every kind of trivial code against every function"),
    Variable("KIT_FULL_CORPUS", "unset",
             "tests: grade the whole outside corpus (hostile, correct, buggy files)"),
)


def get(name, default=None):
    """The value of the kit variable ``name`` (empty counts as unset)."""
    if not any(name in v.name.split(", ") for v in VARIABLES):
        raise KeyError(f"{name} is not a kit setting (add it to autograder.settings.VARIABLES)")
    return os.environ.get(name) or default


def flag(name):
    """Whether the kit variable ``name`` is set to anything."""
    return bool(get(name))


def pin_blas_threads(environ=None):
    """One BLAS thread unless told otherwise, in ``environ`` (default ``os.environ``).

    Grading runs beside other work (other graders in batch mode), where a
    second OpenBLAS thread slows numpy down 8-10x.  Call before numpy is imported.
    """
    environ = os.environ if environ is None else environ
    for name in BLAS_THREAD_VARIABLES:
        environ.setdefault(name, "1")
    return environ


def blas_one_thread():
    """The variables that pin BLAS to one thread, for a child's environment."""
    return dict.fromkeys(BLAS_THREAD_VARIABLES, "1")


# ---------------------------------------------------------------- environments


def is_root():
    return hasattr(os, "geteuid") and os.geteuid() == 0


def cache_dir(*, for_workers=False):
    """The folder of the shared environments.

    ``SOFTMAX_KIT_CACHE`` if set; else, for an environment student code runs
    in while the kit is root, ``/var/cache/softmax-kit`` (every user can read
    it: the worker's unprivileged user must run its Python); else the user's
    cache (``$XDG_CACHE_HOME`` or ``~/.cache``, ``%LOCALAPPDATA%`` on Windows).
    """
    if get("SOFTMAX_KIT_CACHE"):
        return Path(get("SOFTMAX_KIT_CACHE")).expanduser()
    if for_workers and is_root():
        return ROOT_CACHE
    if sys.platform == "win32" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "softmax-kit"
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "softmax-kit"


def requirements_hash(requirements):
    """The first 16 hex digits of the SHA-256 of a requirements file."""
    return hashlib.sha256(Path(requirements).read_bytes()).hexdigest()[:16]


def environment_path(name, requirements, version=None, *, for_workers=False):
    """Where the shared environment ``name`` for ``requirements`` lives.

    Parameters
    ----------
    name : str
        ``"venv"``, ``"worker-venv"`` or ``"student-venv"``.
    requirements : Path
        Its requirements file; its hash names the environment.
    version : str, optional
        ``"3.11"``: the Python version (default: this interpreter's).
    """
    version = version or "{}.{}".format(*sys.version_info[:2])
    folder = cache_dir(for_workers=for_workers)
    return folder / f"{name}-py{version}-{requirements_hash(requirements)}"


def venv_python(environment, windows=None):
    """The interpreter of a virtual environment, on POSIX or Windows (default: this OS)."""
    environment = Path(environment)
    if os.name == "nt" if windows is None else windows:
        return environment / "Scripts" / "python.exe"
    return environment / "bin" / "python"


def worker_python(kit_root=KIT_ROOT):
    """The Python that runs student code: numpy and nothing else.

    The first that exists of: ``SOFTMAX_KIT_WORKER_PYTHON``; the kit's
    ``.venv-worker``; the shared worker environment for the kit's
    ``requirements-worker.txt`` (beside the kit or one folder up, as in an
    unpacked autograder zip); Gradescope's ``/opt/softmax-kit/worker-venv``.
    None if none exists (the caller falls back to its own interpreter).  A
    path is resolved: a link inside the kit may not be traversable by the
    worker's user.
    """
    if get("SOFTMAX_KIT_WORKER_PYTHON"):
        return get("SOFTMAX_KIT_WORKER_PYTHON")
    kit_root = Path(kit_root)
    candidates = [venv_python(kit_root / ".venv-worker")]
    for folder in (kit_root, kit_root.parent):
        requirements = folder / "requirements-worker.txt"
        if requirements.is_file():
            for for_workers in (True, False):
                environment = environment_path("worker-venv", requirements,
                                               for_workers=for_workers)
                if (environment / ".complete").is_file():
                    candidates.append(venv_python(environment))
            break
    candidates.append(venv_python(IMAGE_PREFIX / "worker-venv"))
    for candidate in candidates:
        if candidate.exists():
            return str(candidate.parent.resolve() / candidate.name)
    return None


def markdown_table():
    """The README's table of environment variables."""
    lines = ["| variable | default | what it sets |", "|---|---|---|"]
    for v in VARIABLES:
        names = ", ".join(f"`{n}`" for n in v.name.split(", "))
        lines.append(f"| {names} | {v.default} | {v.meaning} |")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(markdown_table(), end="")
