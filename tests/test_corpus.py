"""The outside corpus: hostile, correct and buggy files graded by the real command line.

Every file in ``tests/corpus/{hostile,correct,buggy}/`` is a ``softmax.py`` (its shared parts
assembled by ``corpus_files.assemble``); its docstring ends with lines saying what grading it
must get:

``questions: ep01,ep05`` (or ``all``)
    what to grade (``--questions``); hostile and buggy files name the questions their attack or
    mistake aims at plus controls, so the corpus stays affordable.
``honest: 20`` (hostile)
    the most its honest part earns on those questions: the score must not exceed it.
``zero: ep05`` (hostile, optional)
    questions its honest part fails entirely: the attack must not buy a point there.
``runs: 2`` (hostile, optional)
    graded twice in a row: the attack carries something from one run to the next.
``score: 100`` (correct)
    every graded question must give full marks.
``loses: ep06`` / ``may_lose: ep04`` (buggy)
    the questions that must lose points / may lose points; every other graded question keeps
    full marks (credit stays where the bug is).

Each file is graded as the kit's users do: ``python -m autograder grade FILE --results OUT`` in a
subprocess of the kit under test, as root, while world-readable copies of the kit's reference
(``solution/softmax.py``) lie in the places a course keeps files (/tmp, /var/tmp, /opt, /srv,
/home, /usr/local/share, /mnt and the submission's own parent folders). After every grading: the
report exists with every graded question, no student text reached column 0 (``RT-FORGED``) or
carries raw control, bidi or surrogate characters, no attack reported a breach (``RT-BREACH``:
it saw another process, a socket, a planted copy), and no process, System V IPC object or file
in the shared temporary folders of a worker user of that grading is left. The test removes the
planted copies and whatever a worker left.

``make test`` grades a fixed sample; ``KIT_FULL_CORPUS=1`` grades everything. To judge another
kit without touching its tree: ``python tests/test_corpus.py --kit /path/to/kit`` (a summary of
every failure; ``--only hostile``, ``--jobs 2``), or ``KIT_ROOT=/path/to/kit`` with pytest.
"""

import argparse
import ast
import csv
import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from corpus_files import assemble, part_text
from proc_table import processes

#: these tests read what worker users leave on the whole machine (processes, IPC
#: objects): one xdist worker runs them all, never beside each other
pytestmark = pytest.mark.xdist_group("machine-wide")

HERE = Path(__file__).resolve().parent
CORPUS = HERE / "corpus"
KINDS = ("hostile", "correct", "buggy")
ALL_QUESTIONS = tuple(f"ep{i:02d}" for i in range(1, 11)) + ("fashion_mnist",)
POINTS = {"ep01": 10, "ep02": 10, "ep03": 5, "ep04": 10, "ep05": 15, "ep06": 5, "ep07": 5,
          "ep08": 10, "ep09": 10, "ep10": 5, "fashion_mnist": 15}

#: graded by ``make test``: one of each family of attack, a correct file and two mistakes
SAMPLE = (
    "hostile/fs_walk_parent_folders", "hostile/forged_lines_in_exception_messages",
    "hostile/sysv_leaves_big_segments", "hostile/fork_bomb_bounded",
    "correct/callable_classes", "buggy/softmax_shifts_1d_in_place",
    "buggy/grad_overwrites_soft_labels",
)
#: the sample grades correct files without the (slow) end-to-end training
SAMPLE_QUESTIONS = ",".join(ALL_QUESTIONS[:-1])
#: a whole grading, FashionMNIST included, on a busy machine
GRADE_TIMEOUT_S = 1200
#: characters no student text may carry into the report or the terminal
FORBIDDEN_CHARS = re.compile("[\x00-\x08\x0b-\x1f\x7f\x85\u2028\u2029\u200e\u200f"
                             "\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
SHARED_TMP = ("/tmp", "/var/tmp", "/dev/shm", "/run/lock", "/dev/mqueue")


@dataclass
class Entry:
    """One corpus file and what its docstring asks."""

    kind: str
    path: Path
    fields: dict

    @property
    def id(self):
        return f"{self.kind}/{self.path.stem}"

    @property
    def questions(self):
        value = self.fields.get("questions", "all").strip()
        return ALL_QUESTIONS if value == "all" else tuple(q.strip() for q in value.split(","))

    def ids(self, name):
        return {q.strip() for q in self.fields.get(name, "").split(",") if q.strip()}


def entries():
    """Every corpus file, sorted."""
    out = []
    for kind in KINDS:
        for path in sorted((CORPUS / kind).glob("*.py")):
            doc = ast.get_docstring(ast.parse(path.read_text())) or ""
            fields = dict(re.findall(r"^(\w+): (.*)$", doc, flags=re.M))
            out.append(Entry(kind, path, fields))
    return out


# --- planted copies of the reference ----------------------------------------------------------

def plant(kit, token):
    """World-readable copies of the kit's reference where courses keep files; their roots."""
    source = (Path(kit) / "solution" / "softmax.py").read_text()
    text = source + f"\n# planted copy {token}\n"
    places = [
        ("/tmp", "course/solution/softmax.py"), ("/var/tmp", "solution.py"),
        ("/opt", "softmax-kit/solution/softmax.py"), ("/srv", "autograder/solution/softmax.py"),
        ("/home", "ta/softmax.py"), ("/usr/local/share", "softmax/softmax.py"),
        ("/mnt", "backup/solution/softmax.py"),
    ]
    roots = []
    for top, rel in places:
        root = Path(top) / f"rt-plant-{token}"
        target = root / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
        roots.append(root)
        for folder in [root, *target.relative_to(root).parents]:
            os.chmod(root / folder, 0o755)
        os.chmod(target, 0o644)
    return roots, text


def submission_folder(path, planted_text, token):
    """A batch-like folder anyone can read, the reference beside and above the submission."""
    top = Path(tempfile.mkdtemp(prefix=f"rt-corpus-{token}-", dir="/tmp"))
    student = top / "submissions" / "student"
    student.mkdir(parents=True)
    for folder, name in ((top, "softmax.py"), (top / "submissions", "solution.py"),
                         (top / "solution", "softmax.py")):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(planted_text)
    target = student / "softmax.py"
    shutil.copyfile(path, target)
    for dirpath, _, filenames in os.walk(top):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)
    return top, target


# --- what a worker may leave --------------------------------------------------------------------

def worker_uids(kit):
    """``(base, per_grader)`` of the kit's worker user ids; per_grader 0: a machine-wide counter."""
    probe = ("from autograder import privileges as p; "
             "print(p.WORKER_UID_BASE, getattr(p, 'UIDS_PER_GRADER', 0))")
    try:
        out = subprocess.run([python_of(kit), "-c", probe], cwd=kit, capture_output=True,
                             text=True, timeout=120, check=True).stdout.split()
        return int(out[0]), int(out[1])
    except (subprocess.SubprocessError, OSError, IndexError, ValueError):
        return 200_000, 0


def uid_counter():
    """The next id of the machine-wide worker-uid counter (kits that keep one), else None."""
    folder = Path(os.environ.get("SOFTMAX_KIT_STATE", "/var/lib/softmax-kit"))
    try:
        text = (folder / "worker-uid-counter").read_text().strip()
    except OSError:
        return None
    return int(text) if text.isdigit() else None


def uid_range(kit_uids, grader_pid, counter_before, counter_after):
    """The ids the workers of one grading had: the grader's block, or what the counter handed out.

    With a machine-wide counter, a grading running at the same time (another engineer's) may have
    taken ids in between: :func:`orphans` and :func:`unused` keep its live workers out.
    """
    base, per = kit_uids
    if per:
        first = base + grader_pid * per
        return range(first, first + per)
    if counter_before is None or counter_after is None:
        return range(0)
    return range(counter_before, counter_after)


def orphans(uids):
    """Processes of ``uids`` whose nearest ancestor of another user is init: nobody's live worker.

    A worker of a grading still running has its sandbox or its grader (root) above it; what a
    finished grading left was handed to init.
    """
    table = processes()
    found = []
    for pid, process in table.items():
        if process.uid not in uids:
            continue
        up = process.ppid
        while up in table and table[up].uid in uids:
            up = table[up].ppid
        if up in (0, 1):
            found.append(pid)
    return found


def unused(uids):
    """Those of ``uids`` that no living process has."""
    alive = {process.uid for process in processes().values()}
    return [u for u in uids if u not in alive] if len(uids) < 100_000 else []


def leftover_ipc(uids):
    """``[(kind, id)]`` of System V objects owned or created by one of ``uids``."""
    uids = set(uids)
    found = []
    for kind, flag in (("shm", "-m"), ("msg", "-q"), ("sem", "-s")):
        try:
            lines = Path(f"/proc/sysvipc/{kind}").read_text().splitlines()
        except OSError:
            continue
        header = lines[0].split()
        for line in lines[1:]:
            row = dict(zip(header, line.split()))
            if int(row["uid"]) in uids or int(row["cuid"]) in uids:
                found.append((flag, row.get("shmid") or row.get("msqid") or row.get("semid")))
    return found


def leftover_files(uids):
    uids = set(uids)
    found = []
    for folder in SHARED_TMP:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            path = os.path.join(folder, name)
            try:
                if os.lstat(path).st_uid in uids:
                    found.append(path)
            except OSError:
                continue
    return found


def leftovers(uids):
    """What the workers of one grading left: orphan processes, IPC objects, shared-tmp files."""
    quiet = unused(uids)
    left = {"processes": orphans(uids), "ipc": leftover_ipc(quiet), "files": leftover_files(quiet)}
    return {k: v for k, v in left.items() if v}


def clean_up(uids):
    """Remove what the workers of one grading left (never a live grading's worker)."""
    for pid in orphans(uids):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass
    time.sleep(0.2)
    quiet = unused(uids)
    for flag, ident in leftover_ipc(quiet):
        subprocess.run(["ipcrm", flag, str(ident)], capture_output=True)
    for path in leftover_files(quiet):
        if os.path.isdir(path) and not os.path.islink(path):
            shutil.rmtree(path, ignore_errors=True)
        else:
            try:
                os.unlink(path)
            except OSError:
                pass


# --- grading ------------------------------------------------------------------------------------

def python_of(kit):
    """The kit's environment: its ``.venv``, or the shared one named by its requirements' hash."""
    own = Path(kit) / ".venv" / "bin" / "python"
    if own.exists() or os.environ.get("KIT_PYTHON"):
        return os.environ.get("KIT_PYTHON") or str(own)
    digest = hashlib.sha256((Path(kit) / "requirements.txt").read_bytes()).hexdigest()[:16]
    shared = sorted(Path.home().glob(f".cache/softmax-kit/venv-py*-{digest}/bin/python"))
    return str(shared[0]) if shared else str(own)


@dataclass
class Run:
    """One grading: the report, the terminal output and what was left."""

    report: dict = None
    stdout: str = ""
    returncode: int = None
    left: dict = field(default_factory=dict)
    seconds: float = 0.0

    def scores(self):
        out = {}
        for test in (self.report or {}).get("tests", []):
            qid = test.get("name", "").split(" ", 1)[0]
            if "max_score" in test:
                out[qid] = (float(test.get("score") or 0), float(test["max_score"]))
        return out

    def status(self, qid):
        """The first line of a question's output (why it lost points)."""
        for test in (self.report or {}).get("tests", []):
            if test.get("name", "").startswith(qid):
                lines = [ln.strip() for ln in test.get("output", "").splitlines() if ln.strip()]
                return lines[0][:160] if lines else ""
        return ""


def grade(kit, entry, workdir, questions, kit_uids, planted_text, token, runs=1):
    """Grade ``entry`` ``runs`` times with the kit's command line; clean up after the last run."""
    source = assemble(entry.path).replace("__RT_KIT__", str(kit))
    copy = workdir / "src.py"
    copy.write_text(source)
    top, target = submission_folder(copy, planted_text, token)
    done, uids_seen = [], []
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", MKL_NUM_THREADS="1",
               PYTHONIOENCODING="utf-8", LANG="C.UTF-8", LC_ALL="C.UTF-8")
    try:
        for i in range(runs):
            out = workdir / f"results-{i}.json"
            cmd = [python_of(kit), "-m", "autograder", "grade", str(target), "--results", str(out)]
            if questions != ",".join(ALL_QUESTIONS):
                cmd += ["--questions", questions]
            started = time.monotonic()
            before = uid_counter()
            proc = subprocess.Popen(cmd, cwd=kit, env=env, stdout=subprocess.PIPE,
                                    stderr=subprocess.STDOUT, start_new_session=True)
            try:
                raw, _ = proc.communicate(timeout=GRADE_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                raw, _ = proc.communicate()
            run = Run(stdout=raw.decode("utf-8", "surrogateescape"), returncode=proc.returncode,
                      seconds=time.monotonic() - started)
            try:
                run.report = json.loads(out.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                run.report = None
            uids = uid_range(kit_uids, proc.pid, before, uid_counter())
            uids_seen.append(uids)
            time.sleep(1.0)  # a kill the grader sent just before it exited takes effect
            run.left = leftovers(uids)
            done.append(run)
    finally:
        for uids in uids_seen:
            clean_up(uids)
        shutil.rmtree(top, ignore_errors=True)
    return done


# --- the verdicts -------------------------------------------------------------------------------

def forged_lines(text):
    """Lines where student text (``RT-FORGED``) starts at column 0."""
    bad = []
    for line in re.split("[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]", text):
        if "RT-FORGED" in line and line[:1] not in (" ", "\t", "'", '"', ">", "|", "│"):
            bad.append(line[:120])
    return bad


def problems(entry, runs, questions):
    """What is wrong with the gradings of ``entry`` (empty when it passes)."""
    wanted = tuple(questions.split(","))
    out = []
    for i, run in enumerate(runs):
        tag = f"run {i + 1}: " if len(runs) > 1 else ""
        if run.report is None:
            out.append(f"{tag}no report written (exit {run.returncode})")
            continue
        scores = run.scores()
        missing = [q for q in wanted if q not in scores]
        if missing:
            out.append(f"{tag}report lacks {missing}")
        if run.returncode != 0:
            out.append(f"{tag}exit status {run.returncode}")
        texts = [t.get("output", "") for t in run.report.get("tests", [])] + [run.stdout]
        for text in texts:
            if "RT-BREACH" in text:
                at = text.index("RT-BREACH")
                out.append(f"{tag}breach: {text[at:at + 160]!r}")
                break
        for text in texts:
            forged = forged_lines(text)
            if forged:
                out.append(f"{tag}forged line at column 0: {forged[0]!r}")
                break
        for test in run.report.get("tests", []):
            for key in ("name", "output"):
                bad = FORBIDDEN_CHARS.search(test.get(key, ""))
                if bad:
                    out.append(f"{tag}raw {bad.group()!r} in {test.get('name', '?')[:20]} {key}")
                    break
        if run.left:
            out.append(f"{tag}left on the machine: {run.left}")
        total = sum(s for s, _ in scores.values())
        lost = {q: f"{s:g}/{m:g} ({run.status(q)})" for q, (s, m) in scores.items() if s < m}
        if entry.kind == "hostile":
            honest = float(entry.fields["honest"])
            if total > honest + 1e-9:
                out.append(f"{tag}score {total:g} > honest {honest:g}: {scores}")
            for q in entry.ids("zero"):
                if q in scores and scores[q][0] > 0:
                    out.append(f"{tag}{q} scored {scores[q][0]:g}, its honest code earns 0")
        elif entry.kind == "correct":
            if lost:
                out.append(f"{tag}a correct file lost points: {lost}")
        else:
            loses, may = entry.ids("loses"), entry.ids("may_lose")
            kept = [q for q in loses if q in scores and scores[q][0] >= scores[q][1]]
            if kept:
                out.append(f"{tag}the mistake costs nothing in {kept} (score {total:g})")
            over = {q: v for q, v in lost.items() if q not in loses | may}
            if over:
                out.append(f"{tag}over-penalised elsewhere: {over}")
    return out


def questions_of(entry, full):
    if entry.kind == "correct" and not full:
        return SAMPLE_QUESTIONS
    return ",".join(entry.questions)


# --- pytest ---------------------------------------------------------------------------------------

FULL = os.environ.get("KIT_FULL_CORPUS") == "1"
KIT = Path(os.environ.get("KIT_ROOT", HERE.parent)).resolve()
SELECTED = [e for e in entries() if FULL or e.id in SAMPLE]


@pytest.fixture(scope="module")
def corpus_env():
    if os.geteuid() != 0:
        pytest.skip("the corpus is graded as root, as the issue's bars say")
    if not Path(python_of(KIT)).exists():
        pytest.skip(f"no environment for {KIT}: run make venv there")
    token = uuid.uuid4().hex[:10]
    roots, text = plant(KIT, token)
    try:
        yield worker_uids(KIT), text, token
    finally:
        for root in roots:
            shutil.rmtree(root, ignore_errors=True)


def test_corpus_sizes():
    counts = {kind: sum(1 for e in entries() if e.kind == kind) for kind in KINDS}
    assert counts["hostile"] >= 30 and counts["correct"] >= 12 and counts["buggy"] >= 25, counts


def test_every_file_states_its_grading():
    for entry in entries():
        need = {"hostile": ("honest", "questions"), "correct": ("score",),
                "buggy": ("loses", "questions")}[entry.kind]
        assert all(k in entry.fields for k in need), (entry.id, entry.fields)
        assert set(entry.questions) <= set(ALL_QUESTIONS), entry.id



def test_every_file_assembles_to_a_module_with_the_contract():
    for entry in entries():
        source = assemble(entry.path)
        assert "# corpus:" not in source, entry.id
        tree = ast.parse(source)
        bound = {node.id for node in ast.walk(tree)
                 if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store)}
        bound |= {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert entry.kind == "hostile" or {"softmax", "train"} <= bound, entry.id


def test_a_directive_naming_no_part_fails(tmp_path):
    bad = tmp_path / "softmax.py"
    bad.write_text("# corpus: include reference no_such_function\n")
    with pytest.raises(KeyError):
        assemble(bad)


def test_an_edit_changes_the_included_definition_once(tmp_path):
    edited = tmp_path / "softmax.py"
    edited.write_text('# corpus: include reference l2_penalty\n# corpus: replace "0.5 * " -> ""\n')
    assert assemble(edited) == part_text("reference", "l2_penalty").replace("0.5 * ", "")
    for text in ('# corpus: replace "reg" -> "lam"\n',  # follows no include
                 '# corpus: include reference train\n# corpus: replace "W" -> "V"\n',  # many
                 '# corpus: include reference train\n# corpus: replace "W_" -> "V"\n',  # none
                 '# corpus: include reference train\n# corpus: replace "W -> V"\n',  # one literal
                 '# corpus: include reference train body through "W"\n'):  # many lines
        edited.write_text(text)
        with pytest.raises(ValueError):
            assemble(edited)

@pytest.mark.parametrize("entry", SELECTED, ids=lambda e: e.id)
def test_corpus_file(entry, corpus_env, tmp_path):
    kit_uids, text, token = corpus_env
    questions = questions_of(entry, FULL)
    runs = grade(KIT, entry, tmp_path, questions, kit_uids, text, token,
                 int(entry.fields.get("runs", 1)))
    found = problems(entry, runs, questions)
    assert not found, "\n".join(found)


# --- batch grading: names, links and a Dask scheduler on the loopback ---------------------------

#: ``{name in the folder of submissions: corpus file, or None for a link to a planted copy}``
BATCH = {
    '=HYPERLINK("https:example.invalid","RT-FORGED").py': "hostile/loopback_port_scan",
    "+cmd|'calc'!A0.py": "hostile/unix_sockets_of_others",
    "evil\nRT-FORGED,100,100.py": "hostile/html_and_csv_payloads",
    "crash.py": "hostile/forged_lines_in_exception_messages",
    "linked.py": None,
    "linked_folder": None,
}
BATCH_QUESTIONS = "ep01,ep03"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def grade_batch(kit, workdir, planted_text, token):
    """Run the kit's batch grading on :data:`BATCH`; ``(gradebook rows, reports, html, output)``."""
    folder = workdir / "submissions"
    folder.mkdir()
    reference = workdir / "planted-reference.py"
    reference.write_text(planted_text)
    by_id = {e.id: e for e in entries()}
    for name, source in BATCH.items():
        if source is None and name.endswith(".py"):
            (folder / name).symlink_to(reference)
        elif source is None:
            (folder / name).mkdir()
            (folder / name / "softmax.py").symlink_to(reference)
        else:
            text = assemble(by_id[source].path).replace("__RT_KIT__", str(kit))
            (folder / name).write_text(text)
    for dirpath, _, filenames in os.walk(workdir):
        os.chmod(dirpath, 0o755)
        for name in filenames:
            os.chmod(os.path.join(dirpath, name), 0o644)
    out = workdir / "out"
    cmd = [python_of(kit), "-m", "autograder.batch", str(folder), "--out", str(out), "--jobs", "2",
           "--quiet"]
    helptext = subprocess.run(cmd[:3] + ["--help"], cwd=kit, capture_output=True, text=True).stdout
    if "--questions" in helptext:
        cmd += ["--questions", BATCH_QUESTIONS]
    env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1", LANG="C.UTF-8")
    proc = subprocess.run(cmd, cwd=kit, env=env, capture_output=True, timeout=GRADE_TIMEOUT_S * 3)
    rows = []
    if (out / "gradebook.csv").exists():
        with open(out / "gradebook.csv", newline="", encoding="utf-8", errors="replace") as f:
            rows = list(csv.reader(f))
    reports = {p.name: p.read_text(errors="replace") for p in (out / "reports").glob("*.json")} \
        if (out / "reports").exists() else {}
    html = "".join(p.read_text(errors="replace") for p in out.glob("*.html"))
    return rows, reports, html, proc.stdout.decode(errors="replace") + proc.stderr.decode(
        errors="replace")


def batch_problems(rows, reports, html, output):
    out = []
    if not rows:
        return [f"no gradebook.csv: {output[-300:]!r}"]
    header, body = rows[0], rows[1:]
    total = header.index("total_points_earned") if "total_points_earned" in header else None
    graded = [r for r in body if r and not r[0].startswith("points")]
    names = " ".join(r[0] for r in graded)
    for name in ("HYPERLINK", "calc", "evil", "crash"):
        if name not in names:
            out.append(f"no gradebook row for the {name} file: {names!r}")
    for row in graded:
        for cell in row:
            if cell[:1] in FORMULA_START and not re.fullmatch(r"-?[\d.]+", cell):
                out.append(f"cell that a spreadsheet runs as a formula: {cell[:60]!r}")
            if FORBIDDEN_CHARS.search(cell) or "\n" in cell:
                out.append(f"raw control character in a cell: {cell[:60]!r}")
        try:
            points = float(row[total]) if total is not None else 0.0
        except (ValueError, IndexError):
            points = 0.0
        if points > 0:
            what = "a link to the reference" if row[0].startswith("linked") else "a hostile file"
            out.append(f"{what} (honest score 0) scored: {row}")
    for name, text in reports.items():
        if "RT-BREACH" in text:
            at = text.index("RT-BREACH")
            out.append(f"breach in {name}: {text[at:at + 120]!r}")
    markup = ('<script>document.title="RT-FORGED"', "<img src=x onerror", "</pre></td><script")
    for needle in markup:
        if needle in html:
            out.append(f"student markup unescaped in the class report: {needle!r}")
    return out


def test_batch_of_hostile_names_and_links(corpus_env, tmp_path):
    if not FULL:
        pytest.skip("batch grading of the corpus runs with KIT_FULL_CORPUS=1")
    _, text, token = corpus_env
    os.chmod(tmp_path, 0o755)
    found = batch_problems(*grade_batch(KIT, tmp_path, text, token))
    assert not found, "\n".join(found)


# --- command line: judge any kit ------------------------------------------------------------------

def main(argv=None):
    parser = argparse.ArgumentParser(description="grade the corpus with a kit; list what fails")
    parser.add_argument("--kit", default=str(HERE.parent), help="the kit's folder (its .venv)")
    parser.add_argument("--only", default="", help="comma-separated kinds or file ids")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--sample", action="store_true", help="only make test's sample")
    parser.add_argument("--out", default="", help="write every result as JSON here")
    parser.add_argument("--batch", action="store_true", help="also grade the hostile batch")
    args = parser.parse_args(argv)
    kit = Path(args.kit).resolve()
    chosen = [e for e in entries() if not args.sample or e.id in SAMPLE]
    if args.only:
        keys = set(args.only.split(","))
        chosen = [e for e in chosen if e.kind in keys or e.id in keys]
    kit_uids = worker_uids(kit)
    token = uuid.uuid4().hex[:10]
    roots, text = plant(kit, token)
    results = {}

    def one(entry):
        work = Path(tempfile.mkdtemp(prefix="rt-run-"))
        try:
            questions = questions_of(entry, not args.sample)
            runs = grade(kit, entry, work, questions, kit_uids, text, token,
                         int(entry.fields.get("runs", 1)))
            found = problems(entry, runs, questions)
            summary = {"scores": [r.scores() for r in runs], "problems": found,
                       "seconds": [round(r.seconds, 1) for r in runs],
                       "outputs": [{t.get("name", "")[:20]: t.get("output", "")[:3000]
                                    for t in (r.report or {}).get("tests", [])} for r in runs]}
        except (OSError, ValueError, KeyError, subprocess.SubprocessError) as exc:
            # a runner error must not hide the other files' results
            summary = {"scores": [], "problems": [f"runner error: {exc!r}"], "seconds": []}
        finally:
            shutil.rmtree(work, ignore_errors=True)
        total = [sum(s for s, _ in sc.values()) for sc in summary["scores"]]
        print(f"{'FAIL' if summary['problems'] else 'ok  '} {entry.id} {total} "
              f"{summary['seconds']}", flush=True)
        for p in summary["problems"]:
            print(f"      {p}", flush=True)
        results[entry.id] = summary

    try:
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            list(pool.map(one, chosen))
        if args.batch:
            work = Path(tempfile.mkdtemp(prefix="rt-batch-", dir="/tmp"))
            try:
                found = batch_problems(*grade_batch(kit, work, text, token))
            finally:
                shutil.rmtree(work, ignore_errors=True)
            print(f"{'FAIL' if found else 'ok  '} batch", flush=True)
            for p in found:
                print(f"      {p}", flush=True)
            results["batch"] = {"scores": [], "problems": found, "seconds": []}
    finally:
        for root in roots:
            shutil.rmtree(root, ignore_errors=True)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=1, sort_keys=True))
    failed = sorted(k for k, v in results.items() if v["problems"])
    print(f"{len(failed)} of {len(results)} files fail against {kit}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
