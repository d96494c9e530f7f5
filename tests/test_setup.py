"""The standard parts: environment set-up (tools/setup_env.py), settings, the atomic writer.

No test builds an environment with pip (that is the first `make`'s job, too
slow here); they check the decisions: where environments go, which Python a
worker environment is made from as root, the lock, the atomic writer.
"""

import os
import stat
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest
from conftest import ROOT

from autograder import atomic, settings
from tools import setup_env

# ------------------------------------------------------------------- settings


def test_every_kit_variable_read_in_the_code_is_in_the_table():
    names = {n for v in settings.VARIABLES for n in v.name.split(", ")}
    done = subprocess.run(["git", "grep", "-ohE", r"(SOFTMAX_KIT_[A-Z_]+|FASHION_MNIST_DIR)",
                           "--", "*.py", "*.sh", "Makefile", ":!tests/adversarial",
                           ":!tests/test_setup.py"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode > 1:
        pytest.skip("not a git checkout")
    used = set(done.stdout.split()) - {"SOFTMAX_KIT_"}
    assert used <= names


def test_unknown_setting_is_refused():
    with pytest.raises(KeyError, match="not a kit setting"):
        settings.get("SOFTMAX_KIT_TYPO")


def test_blas_is_pinned_without_overriding_a_choice():
    environ = settings.pin_blas_threads({"OMP_NUM_THREADS": "4"})
    assert environ == {"OMP_NUM_THREADS": "4", "OPENBLAS_NUM_THREADS": "1",
                       "MKL_NUM_THREADS": "1"}


def test_worker_environments_of_root_go_where_every_user_can_read(monkeypatch):
    monkeypatch.delenv("SOFTMAX_KIT_CACHE", raising=False)
    monkeypatch.setattr(settings, "is_root", lambda: True)
    assert settings.cache_dir(for_workers=True) == settings.ROOT_CACHE
    assert settings.cache_dir() != settings.ROOT_CACHE  # the grader's own stays private
    monkeypatch.setattr(settings, "is_root", lambda: False)
    assert settings.cache_dir(for_workers=True) == settings.cache_dir()
    monkeypatch.setenv("SOFTMAX_KIT_CACHE", "/somewhere")
    assert settings.cache_dir(for_workers=True) == Path("/somewhere")


def test_environment_names_follow_the_requirements_hash(tmp_path, monkeypatch):
    monkeypatch.setenv("SOFTMAX_KIT_CACHE", str(tmp_path))
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("numpy==1\n")
    first = settings.environment_path("venv", requirements, "3.11")
    requirements.write_text("numpy==2\n")
    second = settings.environment_path("venv", requirements, "3.11")
    assert first.parent == second.parent == tmp_path
    assert first.name.startswith("venv-py3.11-") and first != second


@pytest.mark.parametrize("windows, expected", [(False, "bin/python"),
                                               (True, "Scripts/python.exe")])
def test_venv_python_on_each_os(windows, expected):
    assert settings.venv_python(Path("env"), windows=windows) == Path("env") / expected


def test_worker_python_is_found_from_an_unpacked_autograder(tmp_path, monkeypatch):
    """otter run: the engine is in <ag>/source/files, the pins in <ag>/source."""
    monkeypatch.delenv("SOFTMAX_KIT_WORKER_PYTHON", raising=False)
    monkeypatch.setenv("SOFTMAX_KIT_CACHE", str(tmp_path / "cache"))
    source = tmp_path / "ag" / "source"
    (source / "files").mkdir(parents=True)
    (source / "requirements-worker.txt").write_text("numpy==2.4.6\n")
    assert settings.worker_python(source / "files") in (
        None, str(settings.venv_python(settings.IMAGE_PREFIX / "worker-venv")))
    environment = settings.environment_path("worker-venv", source / "requirements-worker.txt")
    settings.venv_python(environment).parent.mkdir(parents=True)
    settings.venv_python(environment).write_text("")
    (environment / ".complete").write_text("")
    assert settings.worker_python(source / "files") == str(settings.venv_python(environment))
    monkeypatch.setenv("SOFTMAX_KIT_WORKER_PYTHON", "/explicit/python")
    assert settings.worker_python(source / "files") == "/explicit/python"


# ------------------------------------------------------------------ setup_env


def test_readable_by_all_needs_every_folder_above_traversable():
    with tempfile.TemporaryDirectory() as top:  # pytest's tmp_path lies in a 0700 folder
        private = Path(top) / "home"
        (private / "python").mkdir(parents=True)
        binary = private / "python" / "bin"
        binary.write_text("")
        binary.chmod(0o755)
        for folder in (Path(top), private, private / "python"):
            folder.chmod(0o755)
        if not setup_env.readable_by_all(Path(top)):
            pytest.skip(f"{tempfile.gettempdir()} is not traversable by all here")
        assert setup_env.readable_by_all(binary)
        private.chmod(0o700)  # as /root is on a fresh machine
        assert not setup_env.readable_by_all(binary)


def test_root_takes_a_readable_python_of_the_same_version(monkeypatch):
    """pyenv's Python under a private /root is refused; the system's same version is taken."""
    here = os.path.realpath(sys._base_executable)
    monkeypatch.setattr(setup_env, "readable_by_all",
                        lambda path: not str(path).startswith(str(Path(here).parent.parent)))
    version = "{}.{}".format(*sys.version_info[:2])
    system = Path(f"/usr/bin/python{version}")
    if not system.exists() or os.path.realpath(system).startswith(str(Path(here).parent.parent)):
        with pytest.raises(setup_env.SetupError, match="cannot run"):
            setup_env.readable_python(sys.executable)
        return
    chosen = setup_env.readable_python(sys.executable)
    assert os.path.realpath(chosen) == os.path.realpath(system)


def test_no_readable_python_is_one_line_saying_what_to_do(monkeypatch):
    monkeypatch.setattr(setup_env, "readable_by_all", lambda path: False)
    with pytest.raises(setup_env.SetupError) as caught:
        setup_env.readable_python(sys.executable)
    assert "\n" not in str(caught.value) and "PYTHON=" in str(caught.value)


def test_plan_of_each_target(tmp_path):
    for name in ("requirements.txt", "requirements-worker.txt", "requirements-student.txt"):
        (tmp_path / name).write_text("numpy==2.4.6\n")
    kit = setup_env.plan("kit", tmp_path)
    student = setup_env.plan("student", tmp_path)
    assert [(e[0].name, e[1].name, e[3]) for e in kit] == [
        (".venv", "requirements.txt", False), (".venv-worker", "requirements-worker.txt", True)]
    assert student[0][1].name == "requirements-student.txt"
    (tmp_path / "requirements-student.txt").unlink()  # a handout: the student's pins
    assert setup_env.plan("student", tmp_path)[0][1].name == "requirements.txt"


def test_a_folder_of_its_own_at_venv_is_never_replaced(tmp_path):
    (tmp_path / ".venv").mkdir()
    (tmp_path / "requirements.txt").write_text("numpy==2.4.6\n")
    with pytest.raises(setup_env.SetupError, match="folder of its own"):
        setup_env.ensure(tmp_path / ".venv", tmp_path / "requirements.txt", "venv", False,
                         sys.executable)


def test_a_ready_environment_is_linked_without_building(tmp_path, monkeypatch):
    monkeypatch.setenv("SOFTMAX_KIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(setup_env, "_build", lambda *args: pytest.fail("built again"))
    requirements = tmp_path / "requirements-worker.txt"
    requirements.write_text("numpy==2.4.6\n")
    version = "{}.{}".format(*sys.version_info[:2])
    environment = settings.environment_path("worker-venv", requirements, version)
    environment.mkdir(parents=True)
    (environment / ".complete").write_text("")
    monkeypatch.setattr(settings, "is_root", lambda: False)
    got = setup_env.ensure(tmp_path / ".venv-worker", requirements, "worker-venv", True,
                           sys.executable)
    assert got == environment
    assert (tmp_path / ".venv-worker").resolve() == environment.resolve()


def test_the_lock_serialises_and_a_dead_holders_lock_is_broken(tmp_path):
    path = tmp_path / "env.lock"
    inside, order = threading.Lock(), []

    def hold(name):
        with setup_env.Lock(path):
            assert inside.acquire(blocking=False), "two holders at once"
            order.append(name)
            time.sleep(0.2)
            inside.release()

    threads = [threading.Thread(target=hold, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert sorted(order) == [0, 1] and not path.exists()
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    path.write_text(f"{dead}\n")
    with setup_env.Lock(path):  # would wait forever if the stale lock stood
        pass


def test_setup_stops_before_building_when_the_data_cannot_be_had(tmp_path, monkeypatch):
    """Offline, without FashionMNIST, not allowed to install it: one line, nothing built."""
    sources = setup_env._load("_kit_data_sources", ROOT / "data" / "sources.py")
    monkeypatch.setattr(setup_env, "_load", lambda name, path: sources)
    monkeypatch.setattr(sources, "found_locally", lambda: False)
    monkeypatch.setattr(sources, "can_install_debian_package", lambda: False)
    monkeypatch.setattr(sources, "dns_failure", lambda: "cannot resolve the mirror")
    monkeypatch.setattr(setup_env, "ensure", lambda *a: pytest.fail("built an environment"))
    with pytest.raises(setup_env.SetupError) as caught:
        setup_env.check_data()
    message = str(caught.value)
    assert "\n" not in message and "offline" in message
    assert "apt-get install dataset-fashion-mnist" in message or "put the four files" in message


def test_setup_installs_the_debian_package_when_root_with_apt(monkeypatch):
    sources = setup_env._load("_kit_data_sources", ROOT / "data" / "sources.py")
    monkeypatch.setattr(setup_env, "_load", lambda name, path: sources)
    present = []
    monkeypatch.setattr(sources, "found_locally", lambda: bool(present))
    monkeypatch.setattr(sources, "can_install_debian_package", lambda: True)
    monkeypatch.setattr(sources, "install_debian_package",
                        lambda log: present.append("installed"))
    monkeypatch.setattr(sources, "dns_failure", lambda: pytest.fail("looked online"))
    setup_env.check_data()
    assert present == ["installed"]


def test_setup_env_runs_with_the_standard_library_alone():
    code = ("import sys; sys.modules['numpy'] = None; "
            "import runpy; sys.argv = ['setup_env', '--help']; "
            "runpy.run_path('tools/setup_env.py', run_name='__main__')")
    done = subprocess.run([sys.executable, "-I", "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "student" in done.stdout


# --------------------------------------------------------------------- atomic


def test_atomic_write_replaces_a_link_instead_of_writing_through_it(tmp_path):
    victim = tmp_path / "victim"
    victim.write_text("untouched")
    target = tmp_path / "report.json"
    target.symlink_to(victim)
    atomic.write_text(target, "new ✓\n")
    assert victim.read_text() == "untouched"
    assert target.read_text(encoding="utf-8") == "new ✓\n" and not target.is_symlink()
    assert stat.S_IMODE(target.stat().st_mode) == 0o644


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path):
    target = tmp_path / "out.csv"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic.replacing(target) as temporary:
        temporary.write_text("half")
        raise RuntimeError("writer failed")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


@pytest.mark.skipif(not settings.is_root(), reason="only root switches the worker's user")
def test_as_root_an_unprivileged_user_can_run_the_worker_environment():
    """What the user switch needs, with no chmod by hand: `make venv` put it where all can read."""
    worker = settings.worker_python()
    if worker is None:
        pytest.skip("no worker environment (run make venv)")
    done = subprocess.run([worker, "-I", "-c", "import numpy; print(numpy.__version__)"],
                          user=65534, group=65534, cwd="/", capture_output=True, text=True,
                          timeout=60, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, (worker, done.stderr[-500:])
