"""Make the kit's Python environments, on Linux, macOS or Windows, with Python alone.

    python tools/setup_env.py kit       # .venv (grader, tests) and .venv-worker
    python tools/setup_env.py student   # the handout's .venv (no torch) and .venv-worker

One environment per (Python version, requirements hash) lives in a shared
cache (``autograder.settings.cache_dir``), so a second clone reuses it; the
clone's ``.venv`` is a link to it (on Windows, where links need privileges,
the environment is made in ``.venv`` itself).  A lock file serialises
parallel first runs.  As root, the worker environment goes where every user
can read it, made from a Python every user can run, so the unprivileged
worker user can start it.  Before building anything, FashionMNIST is looked
for: as root with apt, Debian's package is installed; offline without it, the
script stops with the one command to run.
"""

import argparse
import importlib.util
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK_STALE_S = 3600.0


def _load(name, path):
    """Import a standard-library-only module of the kit by its path (no environment yet)."""
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


settings = _load("_kit_settings", ROOT / "autograder" / "settings.py")


class SetupError(Exception):
    """The environment cannot be made; the message says what to do."""


def plan(target, root=ROOT):
    """The environments of ``target``: ``(link, requirements, name, for_workers)`` tuples."""
    worker = (root / ".venv-worker", root / "requirements-worker.txt", "worker-venv", True)
    if target == "kit":
        main = (root / ".venv", root / "requirements.txt", "venv", False)
    else:
        requirements = root / "requirements-student.txt"
        if not requirements.is_file():  # a handout ships the student's pins as requirements.txt
            requirements = root / "requirements.txt"
        main = (root / ".venv", requirements, "student-venv", False)
    return [e for e in (main, worker) if e[1].is_file()]


def ensure(link, requirements, name, for_workers, python):
    """Make ``link`` a ready environment for ``requirements``; return its folder."""
    if link.exists() and not link.is_symlink() and not (link / ".complete").is_file():
        raise SetupError(f"{link.name} is a folder of its own; remove it so the kit can "
                         f"manage it")
    if for_workers and settings.is_root():
        python = readable_python(python)
    version = _run(python, "import sys; print('{}.{}'.format(*sys.version_info[:2]))")
    environment = settings.environment_path(name, requirements, version,
                                            for_workers=for_workers)
    if not _links(link, environment):
        environment = link  # Windows without link rights: one environment per clone
    if not (environment / ".complete").is_file():
        environment.parent.mkdir(parents=True, exist_ok=True)
        with Lock(environment.parent / f".{environment.name}.lock"):
            if not (environment / ".complete").is_file():
                _build(environment, requirements, python, name)
    if name == "venv":
        install_otter_locator(environment, requirements.parent)
    _link(link, environment)
    return environment


def _build(environment, requirements, python, name):
    print(f"Creating {name} in {environment} (once per {requirements.name}) ...",
          file=sys.stderr)
    started = time.monotonic()
    shutil.rmtree(environment, ignore_errors=True)
    subprocess.run([python, "-m", "venv", str(environment)], check=True)
    # the handout's environment skips byte-compiling (about 60 MB): the student's
    # first run compiles what it imports; shared environments compile all, since
    # the worker's user cannot write beside a root-owned module
    compile_flag = "--no-compile" if name == "student-venv" else "--compile"
    done = subprocess.run([str(settings.venv_python(environment)), "-m", "pip", "install",
                           "--quiet", "--disable-pip-version-check", compile_flag,
                           "-r", str(requirements)],
                          stderr=subprocess.PIPE, text=True)
    noise = "WARNING: Location"  # pip's notes about local index folders it skips
    sys.stderr.write("".join(line for line in done.stderr.splitlines(keepends=True)
                             if not line.startswith(noise)))
    if done.returncode != 0:
        shutil.rmtree(environment, ignore_errors=True)
        raise SetupError(f"installing {requirements.name} failed (see pip's message above)")
    (environment / ".complete").write_text(f"{time.monotonic() - started:.0f} s\n")
    print(f"{name} ready ({time.monotonic() - started:.0f} s)", file=sys.stderr)


def install_otter_locator(environment, root=ROOT):
    """Make ``kit_otter`` importable in the kit's environment, for ``otter run``.

    otter imports the plugin named in ``otter_config.json`` in its own
    process; what is installed only finds the unpacked zip's own copy
    (``deploy/gradescope/locator``).
    """
    python = str(settings.venv_python(environment))
    found = _run(python, "import importlib.util as u; print(bool(u.find_spec('kit_otter')))",
                 check=False)
    locator = root / "deploy" / "gradescope" / "locator"
    if found == "True" or not locator.is_dir():
        return
    with tempfile.TemporaryDirectory() as temporary:  # setuptools builds in the source tree
        copy = shutil.copytree(locator, Path(temporary) / locator.name)
        done = subprocess.run([python, "-m", "pip", "install", "--quiet", "--no-deps",
                               "--disable-pip-version-check", str(copy)],
                              capture_output=True, text=True)
    if done.returncode != 0:
        raise SetupError(f"installing {locator} failed: {done.stderr.strip()[-300:]}")


def _links(link, environment):
    """Whether this system lets ``link`` be a symbolic link to ``environment``."""
    if os.name != "nt":
        return True
    probe = link.with_name(f".{link.name}-probe")
    try:
        probe.unlink(missing_ok=True)
        os.symlink(environment, probe, target_is_directory=True)
        probe.unlink()
        return True
    except OSError:
        return False


def _link(link, environment):
    if link == environment or (link.is_symlink() and Path(os.readlink(link)) == environment):
        return
    temporary = link.with_name(f".{link.name}-{os.getpid()}")
    temporary.unlink(missing_ok=True)
    os.symlink(environment, temporary, target_is_directory=True)
    os.replace(temporary, link)


# ----------------------------------------------------------- root's worker Python


def readable_python(python):
    """A Python of ``python``'s version whose files every user can read and run.

    As root, the worker's unprivileged user must exec the interpreter and read
    its standard library; a Python under ``/root`` (pyenv) is not traversable
    on a fresh machine.  The same version elsewhere (``/usr/bin``, ``PATH``)
    is taken instead.
    """
    version = _run(python, "import sys; print('{}.{}'.format(*sys.version_info[:2]))")
    candidates = [python, shutil.which(f"python{version}"), f"/usr/bin/python{version}",
                  f"/usr/local/bin/python{version}"]
    for candidate in dict.fromkeys(c for c in candidates if c and Path(c).exists()):
        paths = _run(candidate, "import sys, os, sysconfig, venv, ensurepip; "
                                "print(os.path.realpath(sys._base_executable)); "
                                "print(sysconfig.get_paths()['stdlib'])", check=False)
        if paths and all(readable_by_all(Path(p)) for p in paths.splitlines()):
            return candidate
    raise SetupError(f"as root, student code runs as an unprivileged user, who cannot run "
                     f"{python} (its folders are private) and no other Python {version} was "
                     f"found: install one (`apt-get install python{version}-venv`) or set "
                     f"PYTHON=/path/to/python{version}")


def readable_by_all(path):
    """Whether every user can reach ``path`` (each folder above it traversable) and read it."""
    path = Path(path).resolve()
    try:
        if not path.stat().st_mode & stat.S_IROTH:
            return False
        return all(parent.stat().st_mode & stat.S_IXOTH for parent in path.parents)
    except OSError:
        return False


def _run(python, code, check=True):
    done = subprocess.run([python, "-I", "-c", code], capture_output=True, text=True, cwd="/")
    if done.returncode != 0:
        if check:
            raise SetupError(f"{python} cannot run: {done.stderr.strip()[-200:]}")
        return ""
    return done.stdout.strip()


# ------------------------------------------------------------------------ lock


class Lock:
    """An exclusive lock file (``O_EXCL``, portable), broken when its holder is gone."""

    def __init__(self, path):
        self.path = Path(path)

    def __enter__(self):
        told = False
        while True:
            try:
                handle = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o644)
            except FileExistsError:
                if self._stale():
                    self.path.unlink(missing_ok=True)
                    continue
                if not told:
                    print(f"waiting for another set-up ({self.path}) ...", file=sys.stderr)
                    told = True
                time.sleep(1.0)
                continue
            with os.fdopen(handle, "w") as out:
                out.write(f"{os.getpid()}\n")
            return self

    def __exit__(self, *exc):
        self.path.unlink(missing_ok=True)

    def _stale(self):
        try:
            pid = int(self.path.read_text().strip() or 0)
            age = time.time() - self.path.stat().st_mtime
        except (OSError, ValueError):
            return False  # being written: look again
        if age > LOCK_STALE_S:
            return True
        if pid and os.name != "nt":
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return True
            except PermissionError:
                return False
        return False


# ------------------------------------------------------------------------ data


def check_data(root=ROOT):
    """Find FashionMNIST before building anything; install Debian's package if allowed."""
    sources = _load("_kit_data_sources", root / "data" / "sources.py")
    if sources.found_locally():
        return
    if sources.can_install_debian_package():
        failure = sources.install_debian_package(lambda line: print(line, file=sys.stderr))
        if failure is None and sources.found_locally():
            return
    if sources.dns_failure() is None:
        return  # online: the loader downloads it on first use
    command = ("run `sudo apt-get install dataset-fashion-mnist`" if shutil.which("apt-get")
               else f"put the four files {sources.FILES_PATTERN} in {sources.DEFAULT_ROOT}")
    raise SetupError(f"FashionMNIST is missing and this machine is offline: {command}, "
                     "then run this again")


def check_sandbox(root=ROOT):
    """As root on Linux, install Debian's bubblewrap if missing: the grader runs
    student code in it (without it, workers fall back to a user switch, and the
    report says so)."""
    if sys.platform != "linux" or shutil.which("bwrap"):
        return
    sources = _load("_kit_data_sources", root / "data" / "sources.py")
    if sources.can_install_debian_package():
        failure = sources.install_debian_package(lambda line: print(line, file=sys.stderr),
                                                 package="bubblewrap")
        if failure:
            print(f"warning: bubblewrap could not be installed ({failure}); workers will run "
                  "with a user switch only", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", choices=("kit", "student"), default="kit",
                        help="the kit's environments, or the handout's (no torch)")
    parser.add_argument("--no-data-check", action="store_true",
                        help="do not look for FashionMNIST first")
    args = parser.parse_args(argv)
    python = settings.get("PYTHON") or sys.executable
    os.umask(0o022)
    try:
        if not args.no_data_check:
            check_data()
        if args.target == "kit":
            check_sandbox()
        for link, requirements, name, for_workers in plan(args.target):
            ensure(link, requirements, name, for_workers, python)
    except SetupError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except (OSError, subprocess.CalledProcessError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
