"""A worker sees nothing but its own file, Python and numpy, reaches no other
worker, and leaves nothing behind; every sandbox mode grades alike.

The probes run a small file whose ``softmax(z, op=..., arg=...)`` reports
what the worker can see or reach (its value crosses the channel as plain
data).  Tests that need the bubblewrap sandbox or the fallback's user switch
are skipped where the grader is not root.
"""

import ctypes
import os
import subprocess
import sys
import textwrap
import uuid
import zlib
from pathlib import Path

import pytest
from adversarial_files import assemble
from conftest import ROOT, SOLUTION, STUBS

from autograder import launch, privileges
from autograder.contract import FUNCTIONS
from autograder.grade import grade
from autograder.isolation import Limits, WorkerProcess

#: these tests read what worker users leave on the whole machine (processes, IPC
#: objects): one xdist worker runs them all, never beside each other
pytestmark = pytest.mark.xdist_group("machine-wide")

ROOT_ONLY = pytest.mark.skipif(os.geteuid() != 0, reason="needs root (user switch, sandbox)")
ADVERSARIAL = Path(__file__).resolve().parent / "adversarial"
QUESTIONS = ["ep01"]
BUDGETS = {"ep01": 15.0}
IPC_CREAT = 0o1000

PROBE = textwrap.dedent('''
    import os
    import socket

    import numpy as np

    _kept = []


    def softmax(z, op="", arg=""):
        if op == "observe":
            return {"uid": os.getuid(), "root": sorted(os.listdir("/")),
                    "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
                    "tmp": sorted(os.listdir("/tmp")), "cwd": os.getcwd(),
                    "interfaces": sorted(n for _i, n in socket.if_nameindex()),
                    "exists": {p: os.path.exists(p) for p in arg.split("|") if p}}
        if op == "connect_tcp":
            try:
                socket.create_connection(("127.0.0.1", int(arg)), timeout=2).close()
                return True
            except OSError:
                return False
        if op == "listen_abstract":
            server = socket.socket(socket.AF_UNIX)
            server.bind("\\0" + arg)
            server.listen(4)
            _kept.append(server)
            return True
        if op == "connect_abstract":
            client = socket.socket(socket.AF_UNIX)
            try:
                client.connect("\\0" + arg)
                return True
            except OSError:
                return False
            finally:
                client.close()
        if op == "shm_exists":
            import ctypes
            return ctypes.CDLL(None).shmget(int(arg), 0, 0) >= 0
        raise ValueError(op)
''')


@pytest.fixture
def mode(monkeypatch, request):
    """Force a sandbox mode (``request.param``) for one test."""
    monkeypatch.setenv("SOFTMAX_KIT_SANDBOX", request.param)
    launch.plan.cache_clear()
    yield request.param
    launch.plan.cache_clear()


@pytest.fixture
def probe(tmp_path):
    path = tmp_path / "softmax.py"
    path.write_text(PROBE)
    return path


def _worker(path):
    return WorkerProcess(path, FUNCTIONS, {}, Limits(wall_s=30.0))


def _ask(worker, op, arg=""):
    return worker.call("softmax", [[0.0]], op=op, arg=str(arg)).value


def _processes_of(uids):
    found = []
    for entry in os.listdir("/proc"):
        try:
            if entry.isdigit() and os.stat(f"/proc/{entry}").st_uid in uids:
                found.append(int(entry))
        except OSError:
            pass
    return found


@pytest.fixture
def worker_uids(monkeypatch):
    """The user ids this test's workers get (other gradings share the counter)."""
    given = set()
    real = privileges.next_uid

    def recording():
        uid = real()
        given.add(uid)
        return uid

    monkeypatch.setattr(privileges, "next_uid", recording)
    return given


# ------------------------------------------------------------- what it sees
@ROOT_ONLY
@pytest.mark.parametrize("mode", ["bwrap"], indirect=True)
def test_a_sandboxed_worker_sees_only_python_numpy_and_its_file(mode, probe, tmp_path):
    planted = tmp_path / "solution.py"
    planted.write_text("secret")
    # (/var/cache/softmax-kit holds the worker environment itself when the kit runs as root)
    watched = [str(SOLUTION), str(ROOT), str(planted), "/usr/share/datasets", "/home",
               "/var/lib", "/var/tmp", "/var/cache/softmax-kit/fashion-mnist-v1"]
    with _worker(probe) as worker:
        seen = _ask(worker, "observe", "|".join(watched))
    assert seen["uid"] >= privileges.WORKER_UID_BASE
    assert not any(seen["exists"].values()), seen["exists"]
    # the folders on the way to Python, its stdlib and the worker environment (under /root
    # and /var/cache when the kit runs as root), the training images in /data, and its own
    assert set(seen["root"]) <= {"data", "dev", "etc", "lib", "lib64", "proc", "root",
                                 "submission", "tmp", "usr", "var"}, seen["root"]
    assert len(seen["pids"]) <= 3, "a PID namespace of its own: only bwrap's init and itself"
    assert seen["tmp"] == [] and seen["interfaces"] == ["lo"]


@ROOT_ONLY
@pytest.mark.parametrize("mode", ["bwrap"], indirect=True)
def test_a_sandboxed_worker_reaches_no_socket_and_no_ipc_object_of_the_host(mode, probe):
    name = f"adv-{uuid.uuid4().hex}"
    import socket

    with socket.socket(socket.AF_UNIX) as abstract, socket.create_server(
            ("127.0.0.1", 0)) as tcp:
        abstract.bind("\0" + name)
        abstract.listen(1)
        libc = ctypes.CDLL(None)
        key = 0x5AD00000 + os.getpid() % 0xFFFF
        ident = libc.shmget(key, 4096, IPC_CREAT | 0o666)
        assert ident >= 0
        try:
            with _worker(probe) as worker:
                assert _ask(worker, "connect_abstract", name) is False
                assert _ask(worker, "connect_tcp", tcp.getsockname()[1]) is False
                assert _ask(worker, "shm_exists", key) is False
        finally:
            libc.shmctl(ident, 0, None)


@ROOT_ONLY
@pytest.mark.parametrize("mode", ["bwrap"], indirect=True)
def test_two_workers_of_one_grading_cannot_relay_over_an_abstract_socket(mode, probe):
    name = f"adv-relay-{uuid.uuid4().hex}"
    with _worker(probe) as speaker, _worker(probe) as listener:
        assert _ask(listener, "listen_abstract", name) is True
        assert _ask(listener, "connect_abstract", name) is True  # the relay works in one
        assert _ask(speaker, "connect_abstract", name) is False


@ROOT_ONLY
@pytest.mark.parametrize("mode", ["bwrap"], indirect=True)
def test_workers_of_two_grading_processes_cannot_relay(mode, probe):
    """A second grading process (a batch's other pool worker) listens; ours cannot reach it."""
    name = f"adv-relay-{uuid.uuid4().hex}"
    other = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys
            sys.path.insert(0, {str(ROOT)!r})
            from autograder.contract import FUNCTIONS
            from autograder.isolation import Limits, WorkerProcess
            with WorkerProcess({str(probe)!r}, FUNCTIONS, {{}}, Limits(wall_s=60)) as w:
                w.call("softmax", [[0.0]], op="listen_abstract", arg={name!r})
                print("listening", flush=True)
                sys.stdin.readline()
        """)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        env=dict(os.environ, SOFTMAX_KIT_SANDBOX=mode))
    try:
        assert other.stdout.readline().strip() == "listening"
        with _worker(probe) as worker:
            assert _ask(worker, "connect_abstract", name) is False
    finally:
        other.communicate("done\n", timeout=30)


# ------------------------------------------------------------ the attacks
def _attack(name, tmp_path):
    token = "t" + uuid.uuid4().hex[:10]
    (tmp_path / ".adversarial-sandbox").write_text(token)
    folder = tmp_path / "submission"
    folder.mkdir()
    path = folder / "softmax.py"
    path.write_text(assemble(ADVERSARIAL / f"{name}.py").replace("__ADV_TOKEN__", token)
                    .replace("__ADV_SANDBOX__", str(tmp_path)).replace("__ADV_KIT__", str(ROOT)))
    return path, token


#: where a course's files (or an old download of the solution) may lie
PLANT_FOLDERS = ("/tmp", "/var/tmp", "/dev/shm", "/home", "/root", "/opt", "/srv", "/mnt",
                 "/usr/local/share", "/var/lib")


@pytest.fixture
def planted_solutions():
    """World-readable copies of the reference all over the machine (removed after)."""
    made = []
    name = f"adv-planted-{uuid.uuid4().hex[:8]}"
    for place in PLANT_FOLDERS:
        folder = Path(place) / name
        try:
            folder.mkdir(mode=0o755)
        except OSError:
            continue
        os.chmod(folder, 0o755)
        made.append(folder)
        for file_name in ("softmax.py", "solution.py"):
            copy = folder / file_name
            copy.write_text(SOLUTION.read_text())
            os.chmod(copy, 0o644)
    yield made
    for folder in made:
        for child in folder.iterdir():
            child.unlink()
        folder.rmdir()


@ROOT_ONLY
@pytest.mark.parametrize("mode", ["bwrap"], indirect=True)
def test_a_file_that_adopts_a_planted_solution_scores_what_its_stubs_earn(
        mode, tmp_path, planted_solutions, worker_uids):
    assert len(planted_solutions) >= 8
    path, _token = _attack("adopt_planted_solution", tmp_path)
    result = grade(path, QUESTIONS, budgets=BUDGETS)
    assert result.score == 0 and result.load_problem == ""
    assert "bubblewrap" in result.notes[0]
    assert worker_uids and _processes_of(worker_uids) == []


def _ipc_keys():
    keys = set()
    for kind in ("shm", "sem", "msg"):
        lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        keys |= {int(line.split()[0]) for line in lines[1:]}
    return keys


@ROOT_ONLY
@pytest.mark.parametrize("mode", ["bwrap", "uid"], indirect=True)
def test_ipc_objects_and_processes_of_a_worker_are_gone_after_grading(
        mode, tmp_path, worker_uids):
    path, token = _attack("sysv_ipc_leftovers", tmp_path)
    base = zlib.crc32(token.encode()) & 0x3FFFFFF0
    results = [grade(path, QUESTIONS, budgets=BUDGETS) for _run in range(2)]
    assert [(r.score, r.load_problem) for r in results] == [(0, ""), (0, "")]
    assert {base + i for i in range(6)} & _ipc_keys() == set()
    assert worker_uids
    assert [o for uid in worker_uids for o in privileges.ipc_objects_of(uid)] == []
    assert _processes_of(worker_uids) == []


# ---------------------------------------------------------------- user ids
@ROOT_ONLY
def test_worker_user_ids_are_never_reused_across_grading_processes(tmp_path):
    code = (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
            "from autograder.privileges import next_uid\n"
            "print(*[next_uid() for _ in range(300)])")
    runs = [subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
            for _ in range(2)]
    ids = [int(u) for run in runs for u in run.communicate(timeout=60)[0].split()]
    assert len(ids) == 600 == len(set(ids))
    assert min(ids) >= privileges.WORKER_UID_BASE


@ROOT_ONLY
@pytest.mark.parametrize("mode", ["bwrap"], indirect=True)
def test_every_worker_of_a_grading_gets_its_own_user(mode, probe):
    seen = []
    for _ in range(3):
        with _worker(probe) as worker:
            seen.append(_ask(worker, "observe")["uid"])
    assert len(set(seen)) == 3


# ------------------------------------------------------ modes and refusal
@pytest.fixture
def sandboxed_scores(monkeypatch):
    """Scores of the reference and the stubs graded in the bubblewrap sandbox."""
    with monkeypatch.context() as patch:
        patch.setenv("SOFTMAX_KIT_SANDBOX", "bwrap")
        launch.plan.cache_clear()
        scores = {which: [r.score for r in grade(which, QUESTIONS, budgets=BUDGETS).results]
                  for which in (SOLUTION, STUBS)}
    launch.plan.cache_clear()
    return scores


@ROOT_ONLY
@pytest.mark.parametrize("mode", ["uid"], indirect=True)
def test_the_fallback_grades_like_the_sandbox_and_says_so(sandboxed_scores, mode):
    assert launch.plan().mode == "uid"
    for which in (SOLUTION, STUBS):
        result = grade(which, QUESTIONS, budgets=BUDGETS)
        assert [r.score for r in result.results] == sandboxed_scores[which]
    assert "fresh unprivileged user" in result.notes[0] and "no sandbox" in result.notes[0]


@pytest.fixture
def no_posix_features(monkeypatch):
    """What a Windows laptop lacks: resource, setuid, preexec_fn, pass_fds, sessions."""
    import subprocess as subprocess_module

    from autograder import limits

    real_popen = subprocess_module.Popen

    def popen(*args, **kwargs):
        for feature in ("preexec_fn", "pass_fds", "start_new_session"):
            assert not kwargs.get(feature), f"{feature} is POSIX-only"
        return real_popen(*args, **kwargs)

    monkeypatch.setattr(limits, "resource", None)
    monkeypatch.delattr(os, "setuid")
    monkeypatch.setattr(subprocess_module, "Popen", popen)
    monkeypatch.delenv("SOFTMAX_KIT_SANDBOX", raising=False)
    if os.geteuid() == 0:  # a laptop has no root; here the test must say so
        monkeypatch.setenv("SOFTMAX_KIT_ALLOW_ROOT_WORKERS", "1")
    launch.plan.cache_clear()
    yield
    launch.plan.cache_clear()


def test_public_grading_without_posix_features_gives_the_same_public_scores(
        no_posix_features):
    assert launch.plan().mode == "portable"
    got = {}
    for which in (SOLUTION, STUBS):
        result = grade(which, QUESTIONS, budgets=BUDGETS, public_only=True)
        got[which] = [r.score for r in result.results]
        assert result.notes[0].startswith("isolation: worker process only (this system lacks")
    monkeypatch_free = subprocess.run(
        [sys.executable, "-c", (f"import sys; sys.path.insert(0, {str(ROOT)!r})\n"
                                "from autograder.grade import grade\n"
                                "for f in sys.argv[1:]:\n"
                                f"    print(*[r.score for r in grade(f, {QUESTIONS!r}, "
                                f"budgets={BUDGETS!r}, public_only=True).results])"),
         str(SOLUTION), str(STUBS)],
        capture_output=True, text=True, timeout=300, check=True)
    expected = [[float(s) for s in line.split()] for line in monkeypatch_free.stdout.splitlines()]
    assert [got[SOLUTION], got[STUBS]] == expected
    assert got[SOLUTION] and sum(got[SOLUTION]) > 0 and sum(got[STUBS]) == 0


@ROOT_ONLY
def test_as_root_student_code_never_runs_as_root_without_the_flag(monkeypatch, capsys):
    from autograder.cli import main

    monkeypatch.setenv("SOFTMAX_KIT_SANDBOX", "uid")
    monkeypatch.delenv("SOFTMAX_KIT_ALLOW_ROOT_WORKERS", raising=False)
    failure = ("an unprivileged user cannot start Python: {detail}", "denied")
    monkeypatch.setattr(launch, "_probe_uid", lambda private_mounts: failure)
    launch.plan.cache_clear()
    try:
        status = main(["grade", str(SOLUTION), "--questions", "ep01", "--results",
                       os.devnull])
        assert status == 2
        error = capsys.readouterr().err
        assert error.count("\n") == 1 and "--allow-root-workers" in error
        launch.plan.cache_clear()
        assert launch.Plan("root").mode == "root"
        monkeypatch.setenv("SOFTMAX_KIT_ALLOW_ROOT_WORKERS", "1")
        assert launch.plan().mode == "root" and "as root" in launch.plan().note
    finally:
        launch.plan.cache_clear()


@ROOT_ONLY
def test_the_fallback_removes_what_a_worker_user_left_in_shared_folders(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o1777)
    os.chmod(shared, 0o1777)
    uid = privileges.next_uid()
    theirs, nested, ours = shared / "left.bin", shared / "dir", shared / "grader.txt"
    for path in (theirs, ours):
        path.write_text("x")
    nested.mkdir()
    (nested / "inside").write_text("x")
    for path in (theirs, nested, nested / "inside"):
        os.chown(path, uid, uid)
    privileges.remove_files_of(uid, [str(shared)])
    assert sorted(p.name for p in shared.iterdir()) == ["grader.txt"]
