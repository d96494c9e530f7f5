"""Hostile and broken submissions: grading always finishes, and cheating never pays.

Every file in ``tests/adversarial/`` (but those whose name starts with ``_``)
is one ``softmax.py`` carrying one attack (usually the reference with the
attack added, or stubs plus the attack).  It holds only what is its own: the
reference, the stubs and the helpers several attacks share are pulled in by
comment lines such as ``# adversarial: include reference``, and the reference
part is generated from ``solution/softmax.py`` when the test runs
(``adversarial_files.assemble``; the shared helpers are in
``tests/adversarial/_parts/``).  Its docstring says what the attack does; the
comment lines right after the docstring say what grading it must get, one
``# key: value`` a line:

``honest: ep03``
    the questions its *honest* code passes in full (``none`` if none): what
    the file would earn without the attack.
``partial: ep01=9``
    optional: questions its honest code passes in part, with those points
    (measured once on the file without its attack).
``questions: ep01, ep03``
    what to grade: the questions the attack aims at plus one control.
``mode: api`` or ``mode: cli``
    ``api`` grades in this process with ``grade()`` and a small budget per
    question; ``cli`` runs ``python -m autograder grade ... --results`` in a
    subprocess (the attack goes after the process or its report file).
``expect: equal`` or ``expect: at-most``
    whether the score must equal the honest score (the attack changes
    nothing) or only not exceed it (the attack may break its own code).
``budget: ep01=3``
    optional: a question's budget in ``api`` mode, where it differs from
    ``BUDGET_S`` (a question that loops is given less, one that trains more).
``overrun: 2``
    optional: how many seconds over its budget a question may take
    (default ``CLOSE_S + SLACK_S``: a worker that will not exit is waited for).
``checks: no-leak``
    optional: the report must not quote the reference solution.
``checks: no-litter``
    optional: no temporary folder of a worker is left behind (every test
    removes its own leftovers; this makes a leftover a failure).
``checks: no-escape``
    optional (``cli``): what the grader prints on the terminal carries no
    control characters (ESC, BEL) from the student.
``cleanup: /tmp/adv-{token}-*``
    optional: files the attack may leave (owned by the worker's user) that
    the test removes.
``honest-note: ...``
    optional: why the honest score is what it is (for the reader; comment
    lines indented further continue it).

The honest score of a file with ``partial:`` points was measured by grading
the file without its attack (its "honest twin") once.

For every file the test asserts: the grader returns (no exception), the
report lists every graded question with every one of its checks, grading
ends within the budgets (plus the import check and the time a worker is
given to exit), the score is at most the honest score (equal where asked),
no process the attack started is alive once grading returns, no worker
process is left running, and (``cli``) the report written is the grader's
and stays so after whatever the attack left behind has run.  In ``api``
mode the import check's budget is lowered to ``IMPORT_S`` to keep the suite
fast, and a watchdog releases a named pipe a worker left in place of its
``output.txt`` if the grader blocks on it (see ``output_fifo_hang``), so
that a hanging grader fails the test instead of hanging it.

Attacks that still beat the engine are marked ``xfail(strict=True)`` in
``SUCCEEDS`` with what they achieve; once the engine is fixed they pass and
strict xfail turns them red, so the mark can be removed.  Attacks that only
a worker of another user stops (the sandbox or the fallback's user switch,
``autograder/launch.py``) are listed in ``SUCCEEDS_WITHOUT_USER_SWITCH`` and
marked so only where neither is in force (grader not root, or
``SOFTMAX_KIT_SANDBOX=portable``).

Safety: every attack is bounded in time (its loops end by themselves within
30 s, a process it starts exits within 10 s), allocates only under the
worker's RLIMIT_AS, and writes outside its worker's temporary directory only
into this test's ``tmp_path`` (marked by a guard file holding a per-test
token, substituted into the file for the placeholders ``__ADV_TOKEN__`` and
``__ADV_SANDBOX__``) or creates files that did not exist, which the test
removes again.  ``__ADV_KIT__`` becomes this checkout's folder: where a kit
is deployed is no secret to an attacker, and a guess that misses here would
make an attack look defended.
"""

import ast
import gc
import glob
import json
import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from adversarial_files import PARTS, assemble, includes
from conftest import ROOT
from proc_table import processes

from autograder.checks import checks_of
from autograder.contract import BY_ID, QUESTIONS
from autograder.grade import DEFAULT_BUDGET_S, IMPORT_BUDGET_S, grade
from autograder.report import results_json

#: these tests read what worker users leave on the whole machine (processes, IPC
#: objects): one xdist worker runs them all, never beside each other
pytestmark = pytest.mark.xdist_group("machine-wide")

ADVERSARIAL = Path(__file__).resolve().parent / "adversarial"
GUARD = ".adversarial-sandbox"
FAKE_MARKER = "adversarial-fake"

#: budget of a graded question in ``api`` mode (generous: the machine may be
#: busy, and a control question that times out would hide what an attack did)
BUDGET_S = 10.0
#: budget of the import check in ``api`` mode (the grader's own is IMPORT_BUDGET_S)
IMPORT_S = 4.0
#: a named pipe in place of output.txt is released after this long
FIFO_HOLD_S = 3.0
#: a worker that ignores "exit" gets this long before it is killed (close())
CLOSE_S = 2.0
#: scheduling noise, process start-up, Hypothesis set-up
SLACK_S = 10.0
#: start-up of ``python -m autograder`` (imports numpy, hypothesis, the reference)
CLI_START_S = 10.0
#: a process an attack starts must be gone this long after grading returns
SURVIVOR_GRACE_S = 12.0
#: places outside tmp_path where an attack may *create* (never overwrite) a report
SHARED_TARGETS = (ROOT / "results.json", Path("/autograder/results/results.json"))

#: attacks that still beat the engine, with what they achieve
SUCCEEDS = {}

#: attacks that only a worker of another user stops (launch.plan().switches_user):
#: they succeed where the grader is not root, or workers run as the grader's user
SUCCEEDS_WITHOUT_USER_SWITCH = {
    "steal_reference_absolute": "reads /work/main/solution/softmax.py: 15 points from stubs",
    "steal_reference_via_grader_paths":
        "finds the kit from /proc/<ppid> and loads its solution: 15 points from stubs",
    "import_grader_package":
        "removes the import hook and imports autograder.reference: 15 points from stubs",
    "read_hidden_checks":
        "reads HUGE from autograder/questions/ep02.py: ep02 4.5 instead of the honest 2.5",
    "daemon_fork":
        "a setsid() grandchild escapes the group kill and rewrites the report afterwards",
    "daemon_subprocess":
        "a start_new_session child escapes the group kill and rewrites the report",
    "signal_the_grader":
        "SIGINT to the grading process (same user): no report, exit status 130",
}


# ------------------------------------------------------------------ metadata
@dataclass
class Attack:
    name: str
    path: Path
    honest: tuple
    partial: dict
    questions: tuple
    mode: str
    expect: str
    budgets: dict = field(default_factory=dict)
    checks: tuple = ()
    cleanup: str = ""
    overrun: float = None
    notes: dict = field(default_factory=dict)

    @property
    def honest_score(self):
        return round(sum(BY_ID[q].points for q in self.honest)
                     + sum(self.partial.values()), 4)

    @property
    def source(self):
        """The ``softmax.py`` text: the file with its parts included."""
        return assemble(self.path)

    @property
    def graded(self):
        """The graded question ids, in the order the grader reports them."""
        return [q.id for q in QUESTIONS if q.id in self.questions]


def _ids(text):
    text = text.strip()
    if text in ("", "none"):
        return ()
    return tuple(part.strip() for part in text.split(",") if part.strip())


def load_attack(path):
    source = path.read_text()
    header = re.match(r'\s*""".*?"""\n\s*((?:#[^\n]*\n)+)', source, re.S)
    assert header, f"{path.name}: no docstring followed by comment lines"
    fields = dict(re.findall(r"^# ([a-z-]+):[ \t]*(.*)$", header.group(1), re.M))

    def pairs(key):
        found = {}
        for item in _ids(fields.get(key, "")):
            question, value = item.split("=")
            found[question.strip()] = float(value)
        return found

    questions = _ids(fields["questions"])
    budgets = {q: BUDGET_S for q in questions}
    budgets.update(pairs("budget"))
    attack = Attack(
        name=path.stem, path=path, honest=_ids(fields["honest"]), partial=pairs("partial"),
        questions=questions, mode=fields.get("mode", "api"),
        expect=fields.get("expect", "at-most"), budgets=budgets,
        checks=_ids(fields.get("checks", "")), cleanup=fields.get("cleanup", ""),
        overrun=float(fields.get("overrun", CLOSE_S + SLACK_S)), notes=fields)
    unknown = set(attack.honest) | set(attack.partial) | set(attack.questions)
    assert unknown <= set(BY_ID), f"{path.name}: unknown question in {unknown - set(BY_ID)}"
    assert set(attack.honest) | set(attack.partial) <= set(attack.questions), path.name
    assert set(attack.budgets) <= set(attack.questions), path.name
    assert attack.mode in ("api", "cli") and attack.expect in ("equal", "at-most"), path.name
    return attack


ATTACKS = [load_attack(p) for p in sorted(ADVERSARIAL.glob("*.py"))
           if not p.name.startswith("_")]


def _switches_user():
    try:
        from autograder.launch import plan
    except ImportError:
        return False
    return plan().switches_user


def _params():
    switch = _switches_user()
    for attack in ATTACKS:
        marks = []
        if attack.name in SUCCEEDS:
            marks.append(pytest.mark.xfail(strict=True, reason=SUCCEEDS[attack.name]))
        elif attack.name in SUCCEEDS_WITHOUT_USER_SWITCH and not switch:
            marks.append(pytest.mark.xfail(
                strict=True, reason="no user switch here: "
                + SUCCEEDS_WITHOUT_USER_SWITCH[attack.name]))
        yield pytest.param(attack, id=attack.name, marks=marks)


# ----------------------------------------------------------------- processes
def _marked(token):
    """Live processes an attack started: they carry the test's token."""
    return {pid: p for pid, p in processes().items()
            if p.state != "Z" and (token in p.comm or token in p.cmdline)}


def _our_workers():
    """Live worker processes whose parent is this (grading) process."""
    me = os.getpid()
    return {pid: p for pid, p in processes().items()
            if p.ppid == me and p.state != "Z" and "sandbox/worker.py" in p.cmdline}


def _worker_folders(token):
    """Temporary folders of workers that ran this test's copy of the attack."""
    found = []
    for path in glob.glob(os.path.join(tempfile.gettempdir(), "softmax-worker-*",
                                       "softmax.py")):
        try:
            with open(path, errors="replace") as f:
                if token in f.read():
                    found.append(os.path.dirname(path))
        except OSError:
            continue
    return found


def _wait_until_gone(probe, timeout):
    deadline = time.monotonic() + timeout
    alive = probe()
    while alive and time.monotonic() < deadline:
        time.sleep(0.1)
        alive = probe()
    return alive


def _kill(pids):
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _describe(found):
    return ", ".join(f"{pid} ({p.comm}: {p.cmdline[:80]})" for pid, p in found.items())


# ------------------------------------------------------------------- grading
def _prepare(attack, tmp_path):
    """Copy the attack into tmp_path with the placeholders filled in, and the
    token in a last comment line (so that every copy a worker gets is known)."""
    token = "t" + uuid.uuid4().hex[:10]
    (tmp_path / GUARD).write_text(token)
    folder = tmp_path / "submission"
    folder.mkdir()
    submission = folder / "softmax.py"
    submission.write_text(attack.source
                          .replace("__ADV_TOKEN__", token)
                          .replace("__ADV_SANDBOX__", str(tmp_path))
                          .replace("__ADV_KIT__", str(ROOT))
                          + f"\n# adversarial test token: {token}\n")
    return submission, token


class FifoWatchdog(threading.Thread):
    """Releases a named pipe a worker of this process left as its output.txt.

    The grader opens output.txt of a dead worker to quote its last output;
    opening a FIFO blocks until somebody opens it for writing.  After
    ``FIFO_HOLD_S`` the watchdog does so (and closes it at once), so that a
    grader stuck there gets an empty read and the test can report the hang.
    """

    def __init__(self):
        super().__init__(daemon=True)
        self.stopped = threading.Event()
        self.seen, self.released = {}, []
        try:
            from autograder.privileges import WORKER_UID_BASE
            self.first_worker_uid = WORKER_UID_BASE
        except ImportError:
            self.first_worker_uid = None

    def run(self):
        pattern = os.path.join(tempfile.gettempdir(), "softmax-worker-*", "output.txt")
        while not self.stopped.wait(0.2):
            for path in glob.glob(pattern):
                try:
                    info = os.lstat(path)
                except OSError:
                    continue
                if not stat.S_ISFIFO(info.st_mode) or not self._ours(info.st_uid):
                    continue
                first = self.seen.setdefault((path, info.st_ino), time.monotonic())
                if time.monotonic() - first < FIFO_HOLD_S:
                    continue
                try:
                    os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
                    self.released.append(path)
                except OSError:
                    pass

    def _ours(self, uid):
        return uid == os.getuid() or (self.first_worker_uid is not None
                                      and uid >= self.first_worker_uid)

    def __enter__(self):
        self.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.join()


def _grade_in_process(attack, submission, problems, facts):
    budgets = attack.budgets
    limit = IMPORT_S + CLOSE_S + sum(b + CLOSE_S for b in budgets.values()) + SLACK_S
    started = time.monotonic()
    result = None
    with FifoWatchdog() as watchdog:
        try:
            result = grade(submission, list(attack.questions), budgets=budgets)
        except (KeyboardInterrupt, SystemExit):
            raise
        except BaseException as error:  # noqa: B036 -- WorkerGone is a BaseException
            problems.append(f"the grader crashed: {type(error).__name__}: {error}"[:300])
    elapsed = time.monotonic() - started
    facts["seconds"] = round(elapsed, 1)
    if watchdog.released:
        problems.append(f"the grader blocked on a named pipe the worker left as its "
                        f"output.txt, {len(watchdog.released)} time(s) (released by the "
                        f"test after {FIFO_HOLD_S:g} s each; it would have waited forever)")
    if result is None:
        gc.collect()  # drop the half-built WorkerProcess, closing its socket
        return None, None
    if elapsed > limit:
        problems.append(f"grading took {elapsed:.1f} s, more than the {limit:g} s the "
                        "budgets allow")
    got = [r.question.id for r in result.results]
    if got != attack.graded:
        problems.append(f"the report lists {got}, not {attack.graded}")
    facts["question_seconds"] = {r.question.id: round(r.seconds, 1) for r in result.results}
    for r in result.results:
        wanted = sorted(c.name for c in checks_of(r.question.id))
        have = sorted(o.check.name for o in r.outcomes)
        if have != wanted:
            problems.append(f"{r.question.id}: the report lists the checks {have}, "
                            f"not {wanted}")
        budget = budgets[r.question.id]
        if r.seconds > budget + attack.overrun:
            problems.append(f"{r.question.id} took {r.seconds:.1f} s with a budget of "
                            f"{budget:g} s")
    return {r.question.id: r.score for r in result.results}, results_json(result)


def _grade_with_cli(attack, submission, tmp_path, token, problems, facts):
    reports = tmp_path / "report"
    reports.mkdir()
    (reports / GUARD).write_text(token)
    results = reports / "results.json"
    limit = (CLI_START_S + IMPORT_BUDGET_S + CLOSE_S
             + len(attack.questions) * (DEFAULT_BUDGET_S + CLOSE_S) + SLACK_S)
    command = [sys.executable, "-m", "autograder", "grade", str(submission),
               "--results", str(results), "--questions", ",".join(attack.questions)]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    started = time.monotonic()
    try:
        done = subprocess.run(command, cwd=tmp_path, env=env, capture_output=True,
                              text=True, timeout=limit + 30)
    except subprocess.TimeoutExpired:
        problems.append(f"the grader did not finish within {limit + 30:g} s")
        return None, results, None
    elapsed = time.monotonic() - started
    facts["seconds"] = round(elapsed, 1)
    if elapsed > limit:
        problems.append(f"grading took {elapsed:.1f} s, more than {limit:g} s")
    if done.returncode != 0:
        problems.append(f"the grader exited with status {done.returncode}: "
                        f"{(done.stderr or done.stdout).strip()[-300:]!r}")
    if "no-escape" in attack.checks:
        shown = done.stdout + done.stderr
        controls = sorted({repr(c) for c in shown if c in "\x1b\x07\x9b"})
        if controls:
            problems.append(f"the grader printed the student's control characters "
                            f"{', '.join(controls)} on the terminal")
    if not results.is_file():
        problems.append("the grader wrote no report")
        return None, results, None
    written = results.read_bytes()
    scores = _read_report(attack, written, problems)
    return scores, results, written


def _read_report(attack, data, problems):
    try:
        report = json.loads(data)
    except ValueError as error:
        problems.append(f"the report is not JSON: {error}")
        return None
    if FAKE_MARKER.encode() in data:
        problems.append("the report is the attack's forgery")
    tests = report.get("tests", [])
    names = [t.get("name", "") for t in tests]
    if len(names) != len(attack.graded) or not all(
            n.split(" ", 1)[0] == q for n, q in zip(names, attack.graded)):
        problems.append(f"the report's tests are {names}, not {attack.graded}")
    scores = {t.get("name", "").split(" ", 1)[0]: float(t.get("score", 0)) for t in tests}
    if abs(sum(scores.values()) - float(report.get("score", -1))) > 0.02:
        problems.append(f"the report's total {report.get('score')} is not the sum of "
                        f"its tests {scores}")
    return scores


def _secrets(attack):
    """Pieces of the end of the reference (what a leak of its tail would
    show) that the attack file does not contain: 32-character windows.  (The
    checks' files are left out: their statements and hints are quoted in
    every report on purpose.)"""
    own = attack.source
    files = [ROOT / "solution" / "softmax.py"]
    secrets = []
    for path in files:
        tail = path.read_text()[-400:]
        for start in range(0, len(tail) - 32, 8):
            window = tail[start:start + 32]
            if len(window.split()) >= 3 and window not in own:
                secrets.append((path.relative_to(ROOT), window))
    return secrets


def _strings(value):
    """Every string in a report (the JSON object), in order."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _strings(item)


def _check_no_leak(attack, report, problems):
    text = "\n".join(_strings(report))
    leaked = [(path, w) for path, w in _secrets(attack) if w in text]
    if leaked:
        files = sorted({str(path) for path, _ in leaked})
        problems.append(f"the report quotes the hidden file(s) {', '.join(files)}, e.g. "
                        f"{leaked[0][1]!r}")


def test_every_attack_assembles_and_every_part_is_used():
    """Cheap: the parts resolve and give valid Python, before anything is graded."""
    used = set()
    for attack in ATTACKS:
        own = attack.path.read_text()
        used.update(includes(own))
        if attack.name == "syntax_error":
            assert attack.source == own
            continue
        ast.parse(own, attack.path.name)  # the directives are comments
        ast.parse(attack.source, attack.path.name)
    assert {"reference", "stubs"} <= used
    assert {p.stem for p in PARTS.glob("*.py")} <= used, "a part no attack includes"


@pytest.mark.parametrize("attack", list(_params()))
def test_attack(attack, tmp_path, monkeypatch):
    submission, token = _prepare(attack, tmp_path)
    shared_before = {p: p.exists() for p in SHARED_TARGETS}
    problems, facts = [], {}
    scores, written, report = None, None, None
    try:
        if attack.mode == "api":
            monkeypatch.chdir(tmp_path)  # fake reports aimed at "the cwd" land here
            monkeypatch.setattr("autograder.grade.IMPORT_BUDGET_S", IMPORT_S)
            scores, report = _grade_in_process(attack, submission, problems, facts)
            leftover = _wait_until_gone(_our_workers, 5.0)
            if leftover:
                problems.append(f"worker processes left running: {_describe(leftover)}")
                _kill(leftover)
        else:
            scores, results, written = _grade_with_cli(attack, submission, tmp_path,
                                                       token, problems, facts)
            report = json.loads(written) if scores is not None else None
        survivors = _marked(token)
        if survivors:
            problems.append("processes the attack started outlived grading: "
                            + _describe(survivors))
        if survivors and attack.mode == "cli":
            time.sleep(1.0)  # what is left behind gets its chance to act
        lingering = _wait_until_gone(lambda: _marked(token), SURVIVOR_GRACE_S)
        if lingering:
            problems.append(f"still alive {SURVIVOR_GRACE_S:g} s later: "
                            + _describe(lingering))
            _kill(lingering)
        if written is not None:
            now = results.read_bytes() if results.is_file() else b"<deleted>"
            if now != written:
                problems.append("the report was rewritten after grading: "
                                + now[:120].decode("utf-8", "replace"))
        if "no-leak" in attack.checks and report is not None:
            _check_no_leak(attack, report, problems)
        if scores is not None:
            total = round(sum(scores.values()), 4)
            facts["scores"] = scores
            if total > attack.honest_score + 1e-6:
                problems.append(f"scored {total:g}, more than the honest "
                                f"{attack.honest_score:g}")
            elif attack.expect == "equal" and abs(total - attack.honest_score) > 1e-6:
                problems.append(f"scored {total:g}, not the honest {attack.honest_score:g}")
    finally:
        for path, existed in shared_before.items():
            if not existed and path.is_file() and FAKE_MARKER in path.read_text(
                    errors="replace"):
                problems.append(f"the attack created {path}")
                path.unlink()
        if attack.cleanup:
            for path in glob.glob(attack.cleanup.format(token=token)):
                os.unlink(path)
        litter = _worker_folders(token)
        if litter and "no-litter" in attack.checks:
            problems.append(f"{len(litter)} worker folder(s) left behind, e.g. {litter[0]}")
        for folder in litter:
            shutil.rmtree(folder, ignore_errors=True)
    print(f"{attack.name}: {facts} honest {attack.honest_score:g}; "
          f"{'; '.join(problems) or 'defended'}")
    assert not problems, (f"{attack.name} ({facts}, honest {attack.honest_score:g}):\n  "
                          + "\n  ".join(problems))
