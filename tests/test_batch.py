"""Batch grading (``make grade-all``): the gradebook, the class report, reruns, clusters.

One module-scoped batch of a small class is graded with the real engine (two
questions, to stay fast) and read by most tests here; hangs, crashes and
reruns use a stand-in for the engine (the ``grader`` hook, by name, so that
the Dask workers import it from this module).
"""

import csv
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, SOLUTION, STUBS

from autograder import discovery
from autograder.batch import gradebook
from autograder.batch.cli import grade_all
from autograder.batch.engine import warm_up
from autograder.batch.grading import run
from autograder.contract import QUESTIONS

FAKE = "test_batch:fake_grader"
PATIENT = "test_batch:patient_engine"
FILES = ROOT / "tests" / "submissions" / "files"
QUESTION_IDS = ["ep03", "ep08"]
COLUMNS = ["ep03 softmax vs argmax", "ep08 L2 regularisation"]


def patient_engine(path, lang, questions=None):
    """The engine with time budgets that a test machine busy with other work cannot exceed.

    These tests are about the batch, not the budgets: a grade must not depend
    on how loaded the machine is.
    """
    from autograder.grade import grade
    from autograder.i18n import set_language
    from autograder.report import results_json

    set_language(lang)
    return results_json(grade(path, questions, budgets={q.id: 600.0 for q in QUESTIONS}))


patient_engine.warm_up = warm_up


def fake_grader(path, lang, questions=None):
    """Stand-in for the engine, steered by the file's first line."""
    text = Path(path).read_text()
    if text.startswith("HANG"):
        # a grandchild in a session of its own, as the engine's workers are
        pid_file = text.split()[1]
        child = subprocess.Popen(["sleep", "600"], start_new_session=True)
        Path(pid_file).write_text(str(child.pid))
        time.sleep(600)
    if text.startswith("CRASH"):
        os._exit(3)
    if text.startswith("RAISE"):
        raise ValueError("the grader tripped")
    score = float(len(text) % 7)
    tests = [{"name": f"{q.id} {q.title}", "score": score if i == 0 else 0.0,
              "max_score": q.points, "output": "fake", "visibility": "visible"}
             for i, q in enumerate(QUESTIONS)]
    return {"score": score, "tests": tests, "output": f"fake grade of {Path(path).name}"}


def read_gradebook(out):
    with open(Path(out) / "gradebook.csv", newline="", encoding="utf-8") as stream:
        return {row["file"]: row for row in csv.DictReader(stream)}


def write(folder, files):
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", errors="surrogateescape")


def _alive(pid):
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# ------------------------------------------------------ the graded batch
CLASS = {
    "alice/softmax.py": SOLUTION.read_text(),
    "bob.py": STUBS.read_text(),
    # its report cannot be written as UTF-8: a lone surrogate in its message
    "carol/softmax.py": 'raise ValueError("\\udc80")\n',
    "dave.py": (FILES / "buggy_typical_student.py").read_text(),
    "erin.py": (FILES / "correct_loops.py").read_text(),
    "frank/softmax.py": (FILES / "correct_loops.py").read_text(),  # erin's, copied
    "grace/softmax.py": (FILES / "correct_vectorised_alt.py").read_text(),
    "henry/notes.txt": "no python file here",
}


ENGINE = {"questions": QUESTION_IDS, "grader": PATIENT, "timeout": 1800}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """The class above graded once (ep03 and ep08) with two local jobs."""
    folder = tmp_path_factory.mktemp("class")
    write(folder / "in", CLASS)
    out = folder / "out"
    records, pairs, changes = grade_all(folder / "in", out, jobs=2, **ENGINE)
    return folder / "in", out, {r.file: r for r in records}, pairs, changes


# ----------------------------------------------------------------- discovery
def test_one_folder_or_one_file_per_student_by_the_gradescope_rule(tmp_path):
    write(tmp_path, {
        "alice/softmax.py": "a", "alice/helper.py": "ignored beside softmax.py",
        "bob/hw/softmax.py": "b", "bob/hw/deep/softmax.py": "deeper: not chosen",
        "carol.py": "c", "dave/work.py": "d", "erin/a.py": "1", "erin/b.py": "2",
        "frank/__init__.py": "no", "__pycache__/x.py": "no", ".hidden/softmax.py": "no",
        "notes.txt": "no"})
    (tmp_path / "link.py").symlink_to(SOLUTION)
    entries = {e.file: e for e in discovery.discover(tmp_path)}
    assert list(entries) == ["alice/softmax.py", "bob/hw/softmax.py", "carol.py",
                             "dave/work.py", "erin/", "frank/"]
    assert entries["erin/"].path is None and "erin" not in entries["erin/"].problem
    assert "a.py, b.py" in entries["erin/"].problem
    assert "no .py file" in entries["frank/"].problem


def test_the_gradescope_entry_point_uses_the_same_rule():
    sys.path.insert(0, str(ROOT / "deploy" / "gradescope"))
    from kit_otter import entry

    assert entry.student_file is discovery.student_file


# ------------------------------------------------------------- the gradebook
def test_every_submission_gets_its_row_in_otters_layout(graded):
    _, out, records, _, _ = graded
    rows = read_gradebook(out)
    assert list(rows) == ["points-per-question", "alice/softmax.py", "bob.py",
                          "carol/softmax.py", "dave.py", "erin.py", "frank/softmax.py",
                          "grace/softmax.py", "henry/"]
    assert list(rows["bob.py"]) == ["file"] + COLUMNS + [
        "total_points_earned", "percent_correct", "grading_status"]
    assert [float(rows["points-per-question"][c]) for c in COLUMNS] == [5, 10]
    percents = {f: float(r["percent_correct"]) for f, r in rows.items()}
    statuses = {f: r["grading_status"] for f, r in rows.items()}
    # the reference, the report-crashing file and the stubs: 100, 0, 0
    assert (percents["alice/softmax.py"], percents["carol/softmax.py"], percents["bob.py"]) \
        == (1.0, 0.0, 0.0), statuses
    # the lone surrogate that used to crash the report writer is shown as an escape
    assert rows["carol/softmax.py"]["grading_status"] == "Completed"
    assert "\\udc80" in records["carol/softmax.py"].report["tests"][0]["output"]
    assert rows["henry/"]["grading_status"].startswith("could not be graded: no single")
    for file in ("alice/softmax.py", "bob.py", "carol/softmax.py", "dave.py", "erin.py",
                 "grace/softmax.py"):
        assert rows[file]["grading_status"] == "Completed", statuses
        assert records[file].report["score"] == float(rows[file]["total_points_earned"])
    assert 0 < percents["dave.py"] < 1  # l2_penalty's gradient fails in ep08
    for row in rows.values():
        assert abs(sum(float(row[c]) for c in COLUMNS)
                   - float(row["total_points_earned"])) < 1e-9
    for file in rows:
        if file != "points-per-question":
            assert (out / "reports" / gradebook.report_name(file)).is_file()


def test_columns_are_found_by_question_id_whatever_the_language():
    record = gradebook.Record("a.py", None)
    record.finish({"score": 12.0, "tests": [
        {"name": "ep01 softmax 与 sigmoid", "score": 10.0},
        {"name": "ep02 数值稳定性", "score": 2.0}]})
    text = gradebook.gradebook_text([record], QUESTIONS[:2])
    assert text.splitlines()[2] == "a.py,10.0,2.0,12.0,0.6,Completed"


def test_identical_files_are_graded_once_and_a_rerun_regrades_only_failures(graded):
    folder, out, records, _, _ = graded
    assert records["erin.py"].report == records["frank/softmax.py"].report
    distinct = {r.digest for r in records.values() if r.status == "Completed"}
    assert len(list((out / ".cache").glob("*/*.json"))) == len(distinct) == 6
    again = tmp_copy(out)
    rerun = {r.file: r for r in run(folder, again, **ENGINE)}
    assert {f for f, r in rerun.items() if not r.cached} == {"henry/"}
    assert read_gradebook(again) == read_gradebook(out)


def tmp_copy(out):
    target = Path(str(out) + f"-copy{time.monotonic_ns()}")
    shutil.copytree(out, target)
    return target


# -------------------------------------------------------------- regrade diffs
def test_a_regrade_lists_the_changed_submission_and_only_it(graded):
    folder, out, *_ = graded
    changed = Path(str(folder) + "-changed")
    shutil.copytree(folder, changed)
    (changed / "bob.py").write_text(SOLUTION.read_text())  # the stubs, now finished
    again = tmp_copy(out)
    _, _, changes = grade_all(changed, again, **ENGINE)
    assert {c.file for c in changes} == {"bob.py"}
    assert {(c.question, c.before, c.after) for c in changes if not c.check} == {
        ("ep03", 0.0, 5.0), ("ep08", 0.0, 10.0)}
    assert any(c.check for c in changes) and all(c.after > c.before for c in changes)
    with open(again / "regrade-diff.csv", newline="", encoding="utf-8") as stream:
        rows = list(csv.DictReader(stream))
    assert {r["file"] for r in rows} == {"bob.py"} and len(rows) == len(changes)


# ---------------------------------------------------- hangs, crashes, reruns
def test_a_hang_or_a_crash_costs_only_its_own_row(tmp_path):
    submissions, out = tmp_path / "in", tmp_path / "out"
    pid_file = tmp_path / "grandchild.pid"
    write(submissions, {"hangs.py": f"HANG {pid_file}\n", "crashes.py": "CRASH\n",
                        "raises.py": "RAISE\n", "fine1.py": "x = 1\n", "fine2.py": "y = 22\n",
                        "fine3.py": "z = 333\n"})
    graded = {r.file: r for r in run(submissions, out, jobs=2, timeout=15, grader=FAKE)}
    statuses = {f: r.status for f, r in graded.items()}
    assert graded["hangs.py"].outcome == gradebook.TIMED_OUT, statuses
    assert "more than 15 s" in graded["hangs.py"].status
    assert "the grading process died" in graded["crashes.py"].status
    assert "the grader tripped" in graded["raises.py"].status
    for name in ("fine1.py", "fine2.py", "fine3.py"):
        assert graded[name].status == "Completed", statuses
    rows = read_gradebook(out)
    assert len(rows) == 7 and float(rows["crashes.py"]["total_points_earned"]) == 0
    # the hanging grader's own child went with it
    deadline = time.monotonic() + 10
    while _alive(int(pid_file.read_text())) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not _alive(int(pid_file.read_text()))


def test_a_rerun_regrades_changed_and_failed_files_unless_forced(tmp_path):
    submissions, out = tmp_path / "in", tmp_path / "out"
    write(submissions, {"a.py": "x = 1\n", "b.py": "y = 22\n", "c.py": "RAISE\n"})
    first = {r.file: r for r in run(submissions, out, grader=FAKE, jobs=1)}
    assert not any(r.cached for r in first.values())
    (submissions / "b.py").write_text("y = 4444\n")
    second = {r.file: r for r in run(submissions, out, grader=FAKE, jobs=1)}
    assert second["a.py"].cached and not second["b.py"].cached
    assert not second["c.py"].cached  # failures are retried
    assert read_gradebook(out)["b.py"]["total_points_earned"] == str(float(9 % 7))
    forced = run(submissions, out, grader=FAKE, force=True, jobs=1)
    assert not any(r.cached for r in forced)


# ---------------------------------------------------------- the command line
def test_the_command_line_rejects_bad_input_in_one_line(tmp_path):
    def batch(*args):
        return subprocess.run([sys.executable, "-m", "autograder.batch", *map(str, args)],
                              check=False, cwd=ROOT, capture_output=True, text=True,
                              timeout=120)

    done = batch(tmp_path / "nope")
    assert done.returncode == 2 and done.stderr.strip().splitlines() == [
        (f"error: no folder {tmp_path / 'nope'}: give the folder of submissions, e.g. make "
         "grade-all SUBMISSIONS=path/to/submissions/")]
    write(tmp_path / "in", {"a.py": "x = 1\n"})
    for args, words in ((("--questions", "ep99"), "unknown question"),
                        (("--similarity", "2"), "--similarity"),
                        (("--scheduler", "tcp://127.0.0.1:9"), "cannot reach")):
        done = batch(tmp_path / "in", "--out", tmp_path / "out", "--quiet", *args)
        assert done.returncode == 2, done.stderr
        assert len(done.stderr.strip().splitlines()) == 1 and words in done.stderr
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MAKELEVEL")}
    done = subprocess.run(["make", "--no-print-directory", "grade-all"], check=False, cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode != 0
    assert "make grade-all SUBMISSIONS=path/to/submissions/" in done.stderr
    assert "Traceback" not in done.stderr


# -------------------------------------------------------------- class report
def render(html_path, tmp_path):
    """What headless Chromium makes of the page: its DOM after rendering."""
    done = subprocess.run(
        ["/usr/bin/chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'chromium'}", "--dump-dom", html_path.as_uri()],
        check=False, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def visible_text(dom):
    """The page's text as a reader sees it: tags dropped, spaces collapsed."""
    import html
    import re

    body = re.sub(r"<style.*?</style>", " ", dom, flags=re.DOTALL)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def images(dom):
    import base64
    import re

    return [base64.b64decode(data) for data in
            re.findall(r'src="data:image/png;base64,([A-Za-z0-9+/=]+)"', dom)]


@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs Debian's chromium")
def test_the_class_report_shows_what_the_class_got_wrong(graded, tmp_path):
    _, out, _, _, _ = graded
    page = out / "class-report.html"
    assert "http://" not in page.read_text() and "https://" not in page.read_text()
    dom = render(page, tmp_path)
    text = visible_text(dom)
    pictures = images(dom)
    # the score distribution, per question and grading time, inline; the PNGs beside
    assert len(pictures) == 3 and all(p.startswith(b"\x89PNG") for p in pictures)
    assert sorted(p.name for p in (out / "figures").iterdir()) == [
        "questions.png", "scores.png", "times.png"]
    assert "Score distribution" in text and "8 submissions" in text
    # per question: mean and share at full marks (4 of 8 have ep08's 10 points; the
    # buggy file keeps 8 of them)
    assert "ep08 L2 regularisation 10 6.00 50%" in text
    # the buggy file's l2_penalty gradient, ranked with its input and message
    assert "penalty gradient = reg * W" in text
    row = text[text.index("penalty gradient = reg * W"):][:400]
    assert "43% (3/7)" in row
    assert "W:" in row and "reg:" in row  # the commonest failing input
    # status counts: the empty folder is not gradable (the surrogate file is graded)
    assert "completed 7 timed out 0 not gradable 1" in text
    # similarity: the copied pair, and only it
    assert "erin.py ↔ frank/softmax.py: 1.00" in text
    assert text.count("↔") == 1


def test_the_class_report_reads_in_chinese(graded, tmp_path):
    from autograder.batch.classreport import write_class_report
    from autograder.i18n import set_language

    _, _, records, pairs, _ = graded
    set_language("zh")
    try:
        page = write_class_report(list(records.values()), tmp_path, pairs=pairs,
                                  questions=QUESTIONS[2:3] + QUESTIONS[7:8], threshold=0.9)
    finally:
        set_language("en")
    text = visible_text(page.read_text(encoding="utf-8"))
    assert "班级报告" in text and "分数分布" in text and "相似度筛查" in text
    assert "Class report" not in text


def test_similar_pairs_are_copies_not_correct_files_written_alike(graded):
    from autograder.batch.gradebook import Record
    from autograder.batch.similarity import similar_pairs

    pairs = graded[3]
    assert [(p.first, p.second) for p in pairs] == [("erin.py", "frank/softmax.py")]
    assert "<mark>" in pairs[0].first_html
    # a copy with renamed variables and new comments is still a copy
    loops = (FILES / "correct_loops.py").read_text()
    disguised = loops.replace("total", "acc").replace("    # ", "    # note: ")
    catalogue = [Record(p.name, p, p.name, source=p.read_bytes())
                 for p in sorted(FILES.glob("*.py"))] + [
        Record("reference.py", None, "ref", source=SOLUTION.read_bytes()),
        Record("stubs-a.py", None, "sa", source=STUBS.read_bytes()),
        Record("stubs-b.py", None, "sb", source=STUBS.read_bytes() + b"\n"),
        Record("disguised.py", None, "dis", source=disguised.encode())]
    found = {(p.first, p.second) for p in similar_pairs(catalogue, 0.9)}
    # untouched stubs are all boilerplate: never a pair
    assert found == {("correct_loops.py", "disguised.py")}


# --------------------------------------------------- on a real Dask cluster
@pytest.fixture
def loopback_cluster(tmp_path):
    """A Dask scheduler and two single-threaded workers on 127.0.0.1 (subprocesses)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    address = f"tcp://127.0.0.1:{port}"
    dask = str(Path(sys.executable).parent / "dask")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), str(ROOT / "tests")])}
    started = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", str(port),
                                 "--no-dashboard"], cwd=tmp_path, env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    for _ in range(2):
        started.append(subprocess.Popen(
            [dask, "worker", address, "--nthreads", "1", "--nworkers", "1", "--host",
             "127.0.0.1", "--no-dashboard"], cwd=tmp_path, env=env,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    from distributed import Client

    with Client(address, timeout=60) as client:
        client.wait_for_workers(2, timeout=120)
    yield address
    for process in reversed(started):
        process.terminate()
    for process in started:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def test_a_scheduler_on_the_loopback_grades_as_the_local_default(graded, loopback_cluster,
                                                                  tmp_path):
    folder, out, *_ = graded
    chosen = ("alice/softmax.py", "carol/softmax.py", "dave.py")
    for file in chosen:
        (tmp_path / "in" / file).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(folder / file, tmp_path / "in" / file)
    records = run(tmp_path / "in", tmp_path / "out", scheduler=loopback_cluster, **ENGINE)
    assert not any(r.cached for r in records)
    local = read_gradebook(out)
    assert read_gradebook(tmp_path / "out") == {
        f: row for f, row in local.items() if f in chosen + ("points-per-question",)}


def test_the_local_cluster_talks_only_to_holders_of_its_credentials():
    """Student code without a network namespace of its own shares the loopback: it must not
    be able to reach the scheduler (which runs what it is sent, as the grader), nor read
    the cluster's state over HTTP."""
    import socket
    import ssl
    import urllib.error
    import urllib.request

    from autograder.batch.engine import Cluster

    with Cluster(None, 1, questions=("ep07",)) as cluster:
        http = cluster.local.scheduler.http_server.port
        for page in ("health", "json/identity.json", "metrics", "info/main/workers.html"):
            with pytest.raises(urllib.error.HTTPError) as refused:
                urllib.request.urlopen(f"http://127.0.0.1:{http}/{page}", timeout=10)
            assert refused.value.code == 404
        address = cluster.client.scheduler.address
        assert address.startswith("tls://")
        host, port = address.removeprefix("tls://").rsplit(":", 1)
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE
        with pytest.raises((ssl.SSLError, OSError)):
            with socket.create_connection((host, int(port)), timeout=10) as raw:
                with context.wrap_socket(raw) as channel:
                    channel.sendall(b"\0" * 16)
                    if not channel.recv(16):
                        raise ConnectionResetError("closed without a word")
