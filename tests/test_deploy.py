"""Instructor deployment: the otter autograder zip and the student handout, offline.

- ``dist/autograder.zip`` (tools/build_autograder.py) graded as Gradescope
  runs it: a temporary root with ``source/`` (the unzipped zip),
  ``submission/softmax.py``, ``results/``, and the zip's own
  ``run_autograder`` run with the kit's environment; and as ``otter run``
  runs it.  Its ``results.json`` must be the engine's report (``make
  grade``'s): same tests, scores, feedback and visibility.
- ``dist/handout.zip`` (tools/build_handout.py): no reference solution and no
  hidden check, by content; its ``make grade`` runs the public checks from the
  unzipped folder.

Default run: the reference, the stubs and a sample of the buggy-submission
catalogue.  ``SOFTMAX_KIT_DEPLOY_FULL=1`` compares every submission of
``tests/submissions`` (slow: two gradings each).
"""

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, SOLUTION, STUBS

from autograder import settings
from autograder.contract import QUESTIONS
from autograder.report import results_json
from tools import build_autograder, build_handout

FULL = settings.flag("SOFTMAX_KIT_DEPLOY_FULL")
VENV_PYTHON = ROOT / ".venv" / "bin" / "python"
#: the sample of tests/submissions graded in the default run (by name)
SAMPLE = ("buggy_typical_student",)


def _python():
    return str(VENV_PYTHON if VENV_PYTHON.exists() else Path(sys.executable))


def _worker_env():
    """The worker environment setup.sh makes in /opt, here the kit's .venv-worker."""
    worker = ROOT / ".venv-worker"
    if (worker / "bin" / "python").exists():
        return {"SOFTMAX_KIT_WORKER_PYTHON": str(worker.resolve() / "bin" / "python")}
    return {}


def _same_report(got, expected):
    """The zip's results.json is the engine's report (the isolation note names a pid)."""
    assert got["tests"] == expected["tests"]
    assert got["score"] == expected["score"]
    pid = re.compile(r"user \d+")
    assert pid.sub("user N", got.get("output", "")) == pid.sub("user N",
                                                              expected.get("output", ""))


def _engine_report(path):
    from autograder.grade import grade

    return results_json(grade(path))


# ------------------------------------------------------------------ fixtures
@pytest.fixture(scope="module")
def autograder_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist") / "autograder.zip"
    return build_autograder.build(out)


@pytest.fixture(scope="module")
def handout_zip(tmp_path_factory):
    out = tmp_path_factory.mktemp("dist") / "handout.zip"
    return build_handout.build(out)


class _File:
    def __init__(self, path):
        self.name, self.path = path.stem, path

    def source(self):
        return self.path.read_text()


def _catalogue():
    """``[(name, variant)]``: the sample, or every submission with SOFTMAX_KIT_DEPLOY_FULL."""
    sys.path.insert(0, str(ROOT / "tests"))
    try:
        from submissions.variants import BUGGY, CORRECT, file_submissions

        everything = list(BUGGY) + list(CORRECT) + list(file_submissions())
    except Exception as error:  # noqa: BLE001  the catalogue does not load: its own
        # tests say why; the whole-file submissions need none of it
        if FULL:
            raise
        print(f"tests/submissions/variants.py does not load ({error}); sampling files/")
        everything = [_File(p) for p in sorted((ROOT / "tests" / "submissions" / "files")
                                               .glob("*.py"))]
    chosen = everything if FULL else [v for v in everything if v.name in SAMPLE]
    if not chosen:
        return [pytest.param(None, None, marks=pytest.mark.skip(reason="no sample found"))]
    return [pytest.param(v.name, v, id=v.name) for v in chosen]


def gradescope_root(tmp_path, autograder_zip, source=None, extra=None):
    """A folder laid out as Gradescope's /autograder, with the zip unpacked in source/."""
    root = tmp_path / "autograder"
    for sub in ("source", "submission", "results"):
        (root / sub).mkdir(parents=True)
    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(root / "source")
    (root / "submission_metadata.json").write_text(json.dumps({"id": 1, "users": []}))
    if source is not None:
        (root / "submission" / "softmax.py").write_text(source)
    for name, text in (extra or {}).items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def run_gradescope(root):
    """Run the zip's run_autograder as Gradescope does (with the kit's Python)."""
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "SOFTMAX_KIT_PYTHON": _python(),
           **_worker_env()}
    done = subprocess.run(["bash", str(root / "source" / "run_autograder")], env=env,
                          capture_output=True, text=True, timeout=900, cwd=root)
    results = root / "results" / "results.json"
    assert results.exists(), done.stdout[-3000:] + done.stderr[-3000:]
    return done, json.loads(results.read_text())


# ------------------------------------------------------------ the zip itself
def test_the_zip_is_built_with_otter_generate_and_is_sound(autograder_zip):
    assert build_autograder.verify(autograder_zip) == []
    with zipfile.ZipFile(autograder_zip) as archive:
        names = set(archive.namelist())
        setup = archive.read("setup.sh").decode()
        requirements = archive.read("requirements.txt").decode()
        environment = archive.read("environment.yml").decode()
    assert "run_otter.py" in names and "otter-env" in environment  # otter generate's own
    assert "Miniforge3" not in setup and "playwright install" not in setup
    assert "/opt/softmax-kit" in setup
    for package in ("otter-grader[grading]==", "torch==", "numpy==", "hypothesis==",
                    "threadpoolctl==", "pooch=="):
        assert package in requirements
    assert "torchvision" not in requirements  # the data loader reads IDX files with numpy
    # helper code only in package folders; no non-test .py in tests/
    assert not [n for n in names if re.fullmatch(r"files/[^/]+\.py", n)]
    assert sorted(n for n in names if n.startswith("tests/")) == \
        sorted(f"tests/{q.id}.py" for q in QUESTIONS)
    assert "files/autograder/solution/softmax.py" in names
    assert not [n for n in names if "__pycache__" in n or n.endswith("batch.py")]


def test_each_test_file_holds_the_checks_of_its_question(autograder_zip, tmp_path):
    """One test case per check, its points, hidden exactly when the check is not public."""
    from otter.test_files.exception_test import ExceptionTestFile

    from autograder.checks import checks_of, points_of

    with zipfile.ZipFile(autograder_zip) as archive:
        archive.extractall(tmp_path, [f"tests/{q.id}.py" for q in QUESTIONS])
    for q in QUESTIONS:
        test_file = ExceptionTestFile.from_file(str(tmp_path / "tests" / f"{q.id}.py"))
        assert test_file.name == f"{q.id} {q.title}"
        checks = checks_of(q.id)
        assert len(test_file.test_cases) == len(checks)
        for case, check in zip(test_file.test_cases, checks):
            assert case.name.startswith(f"{q.id}.{check.name}:")
            assert case.hidden == (not check.public)
            assert case.points == pytest.approx(points_of(q.id)[check.name])
        assert sum(c.points for c in test_file.test_cases) == pytest.approx(q.points)


# ------------------------------------------------------- as Gradescope runs it
def test_gradescope_grades_the_reference_100_like_make_grade(autograder_zip, tmp_path,
                                                            reference_grade):
    root = gradescope_root(tmp_path, autograder_zip, SOLUTION.read_text())
    done, report = run_gradescope(root)
    assert done.returncode == 0, done.stderr[-3000:]
    _same_report(report, results_json(reference_grade))
    assert report["score"] == 100
    assert [t["visibility"] for t in report["tests"]] == \
        [t["visibility"] for t in results_json(reference_grade)["tests"]]
    assert (root / "results" / "results.pkl").exists()  # otter's own grading ran
    assert "kit_otter: graded by the softmax kit's engine" in done.stdout


def test_gradescope_grades_the_stubs_0_and_ignores_other_uploads(autograder_zip, tmp_path,
                                                                 stub_grade):
    """Files uploaded beside softmax.py never reach the kernel's sys.path."""
    marker = tmp_path / "shadowed"
    trap = f"open({str(marker)!r}, 'w').write('ran')\n"
    root = gradescope_root(tmp_path, autograder_zip, STUBS.read_text(), extra={
        "otter/__init__.py": trap, "autograder/__init__.py": trap,
        "kit_otter/__init__.py": trap, "json.py": trap, "notes.txt": "hello"})
    done, report = run_gradescope(root)
    assert done.returncode == 0, done.stderr[-3000:]
    _same_report(report, results_json(stub_grade))
    assert report["score"] == 0
    assert not marker.exists()
    left = {p.name for p in (root / "submission").iterdir()} - {".hypothesis"}
    assert left == {"softmax.py", "tests", "__init__.py"}


@pytest.mark.parametrize("name, variant", _catalogue())
def test_gradescope_scores_equal_make_grade_on_the_catalogue(autograder_zip, tmp_path, name,
                                                             variant):
    source = variant.source()
    path = tmp_path / "softmax.py"
    path.write_text(source)
    expected = _engine_report(path)
    root = gradescope_root(tmp_path, autograder_zip, source)
    done, report = run_gradescope(root)
    assert done.returncode == 0, done.stderr[-3000:]
    assert {t["name"]: t["score"] for t in report["tests"]} == \
        {t["name"]: t["score"] for t in expected["tests"]}
    if report["tests"] != expected["tests"] and _engine_report(path)["tests"] != \
            expected["tests"]:
        # make grade itself gives this file another report each time (it draws
        # from numpy's unseeded global generator): the scores are the bar
        print(f"{name}: make grade is not reproducible on this file; scores compared")
    else:
        _same_report(report, expected)
    if report["score"] < 100 and not FULL:
        # the output students see carries Hypothesis's smallest failing input
        assert any("smallest failing input" in t["output"] for t in report["tests"])


def test_a_submission_without_softmax_py_gets_a_report_saying_so(autograder_zip, tmp_path):
    root = gradescope_root(tmp_path, autograder_zip, extra={
        "README.txt": "my work", "notebook.ipynb": "{}", "a.py": "x = 1\n", "b.py": "y = 2\n"})
    done, report = run_gradescope(root)
    assert done.returncode == 0, done.stderr[-3000:]
    assert report["score"] == 0 and len(report["tests"]) == len(QUESTIONS)
    assert "softmax.py" in report["tests"][0]["output"]
    assert "no single softmax.py" in done.stdout


def test_a_softmax_py_link_to_the_reference_is_not_followed(autograder_zip, tmp_path):
    root = gradescope_root(tmp_path, autograder_zip)
    (root / "submission" / "softmax.py").symlink_to(
        root / "source" / "files" / "autograder" / "solution" / "softmax.py")
    done, report = run_gradescope(root)
    assert done.returncode == 0, done.stderr[-3000:]
    assert report["score"] == 0


def test_a_softmax_py_in_a_folder_is_found(tmp_path):
    sys.path.insert(0, str(ROOT / "deploy" / "gradescope"))
    from kit_otter.entry import prepare_submission

    folder = tmp_path / "submission"
    (folder / "hw2" / "assignment").mkdir(parents=True)
    (folder / "hw2" / "assignment" / "softmax.py").write_text("x = 1\n")
    (folder / "hw2" / "train.py").write_text("y = 2\n")
    chosen, why = prepare_submission(folder)
    assert chosen == folder / "softmax.py" and chosen.read_text() == "x = 1\n"
    assert sorted(p.name for p in folder.iterdir()) == ["softmax.py"]
    assert "found as hw2/assignment/softmax.py" in why


# ------------------------------------------------------------------ otter run
@pytest.mark.parametrize("which", ["reference", "stubs"])
def test_otter_run_grades_like_make_grade(autograder_zip, tmp_path, which, request):
    path, fixture = {"reference": (SOLUTION, "reference_grade"),
                     "stubs": (STUBS, "stub_grade")}[which]
    expected = results_json(request.getfixturevalue(fixture))
    # as otter's documentation teaches: no PYTHONPATH, no variable of the kit
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "SOFTMAX_KIT_WORKER_PYTHON", "SOFTMAX_KIT_CACHE")}
    otter = Path(_python()).parent / "otter"
    found = subprocess.run([_python(), "-I", "-c", "import importlib.util as u; "
                            "print(u.find_spec('kit_otter') is not None)"],
                           capture_output=True, text=True, cwd="/").stdout.strip()
    assert found == "True", "make venv installs kit_otter's locator (tools/setup_env.py)"
    done = subprocess.run([str(otter), "run", "-a", str(autograder_zip), "-o", str(tmp_path),
                           str(path)], env=env, capture_output=True, text=True, timeout=900,
                          cwd=tmp_path)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    report = json.loads((tmp_path / "results.json").read_text())
    _same_report(report, expected)
    total = 100 if which == "reference" else 0
    assert f"Total Score: {total:.3f} / 100.000" in done.stdout


# -------------------------------------------------------------------- handout
def _texts(zip_path):
    with zipfile.ZipFile(zip_path) as archive:
        return {n: archive.read(n).decode("utf-8", "replace") for n in archive.namelist()}


def test_the_handout_holds_what_students_need(handout_zip):
    names = set(_texts(handout_zip))
    top = build_handout.FOLDER
    for needed in ("Makefile", "README.md", "requirements.txt", "tools/setup_env.py",
                   "tools/student.mk", "docs/contract.md", "autograder/settings.py",
                   "data/sources.py", "assignment/softmax.py", "assignment/README.md",
                   "autograder/grade.py", "data/fashion_mnist.py"):
        assert f"{top}/{needed}" in names
    for optional in ("README.zh.md", "train.py", "gradcheck.py", "experiments.py"):
        if (ROOT / "assignment" / optional).exists():
            assert f"{top}/assignment/{optional}" in names
    assert _texts(handout_zip)[f"{top}/assignment/softmax.py"] == STUBS.read_text()


def test_the_handout_holds_no_reference_and_no_hidden_check(handout_zip):
    """By content: no reference text or function body, no hidden check's body or statement."""
    import inspect

    from autograder import questions  # noqa: F401
    from autograder.checks import REGISTRY

    assert build_handout.audit(handout_zip) == []
    texts = _texts(handout_zip)
    reference = SOLUTION.read_text()
    for name, text in texts.items():
        assert reference not in text and "### BEGIN SOLUTION" not in text, name
    hidden = [c for cs in REGISTRY.values() for c in cs if not c.public]
    assert hidden
    engine = "\n".join(t for n, t in texts.items() if "/autograder/" in n)
    for c in hidden:
        function = getattr(getattr(c.function, "hypothesis", None), "inner_test", c.function)
        body = inspect.getsource(function).split('"""')[-1]  # the code after the docstring
        assert f"def {function.__name__}(" not in engine, c.id
        assert body.strip() not in engine, c.id
        assert c.statement not in "\n".join(texts.values()), c.id
        assert c.hint not in "\n".join(texts.values()), c.id
    # what the handout's engine registers: public checks, at their kit points
    with zipfile.ZipFile(handout_zip) as archive:
        folder = Path(handout_zip).parent / "unzipped"
        archive.extractall(folder)
    assert build_handout.check_registry(folder / build_handout.FOLDER) == []


def test_the_audit_finds_leaks_by_content_not_by_name(handout_zip, tmp_path):
    """A reference function or a hidden check under an innocent name is caught."""
    import inspect

    from autograder import questions  # noqa: F401
    from autograder.checks import REGISTRY

    hidden = next(c for cs in REGISTRY.values() for c in cs if not c.public)
    function = getattr(getattr(hidden.function, "hypothesis", None), "inner_test",
                       hidden.function)
    check_source = inspect.getsource(function).replace(f"def {function.__name__}(",
                                                       "def helper_two(")
    check_source = "\n".join(row for row in check_source.splitlines()
                             if not row.startswith("@"))
    reference_softmax = build_handout._function_bodies(SOLUTION.read_text())
    assert reference_softmax
    planted = tmp_path / "leaky.zip"
    shutil.copyfile(handout_zip, planted)
    lines = SOLUTION.read_text().splitlines()
    start = next(i for i, row in enumerate(lines) if row.startswith("def loss_and_grad("))
    end = next(i for i in range(start + 1, len(lines)) if lines[i].startswith("def "))
    renamed = "\n".join(lines[start:end]).replace("def loss_and_grad(", "def my_utils(")
    renamed = "\n".join(row for row in renamed.splitlines() if "### " not in row)
    with zipfile.ZipFile(planted, "a") as archive:
        archive.writestr(f"{build_handout.FOLDER}/assignment/notes.py",
                         "import numpy as np\n\n\n" + renamed + "\n")
        archive.writestr(f"{build_handout.FOLDER}/autograder/util.py", check_source + "\n")
    problems = "\n".join(build_handout.audit(planted))
    assert "notes.py" in problems and "reference" in problems
    assert "util.py" in problems and hidden.id in problems


def test_the_audit_finds_a_hidden_checks_hint_however_it_is_wrapped(handout_zip, tmp_path):
    from autograder import questions  # noqa: F401
    from autograder.checks import REGISTRY

    hidden = next(c for cs in REGISTRY.values() for c in cs if not c.public and len(c.hint) > 60)
    planted = tmp_path / "leaky.zip"
    shutil.copyfile(handout_zip, planted)
    with zipfile.ZipFile(planted, "a") as archive:
        archive.writestr(f"{build_handout.FOLDER}/NOTES.md", textwrap.fill(hidden.hint, 40) + "\n")
    assert f"{build_handout.FOLDER}/NOTES.md holds the hint of hidden check {hidden.id}" in (
        build_handout.audit(planted))


def _unzip_handout(handout_zip, tmp_path):
    with zipfile.ZipFile(handout_zip) as archive:
        archive.extractall(tmp_path)
    folder = tmp_path / build_handout.FOLDER
    # a fresh machine would install requirements.txt; here the kit's environment
    # stands in for it, found by tools/setup_env.py under the handout's requirements hash
    cache = tmp_path / "cache"
    cache.mkdir()
    for link, requirements, name in ((".venv", "requirements.txt", "student-venv"),
                                     (".venv-worker", "requirements-worker.txt",
                                      "worker-venv")):
        if not (folder / requirements).exists():
            continue
        env_root = (ROOT / link).resolve()
        if not (env_root / ".complete").exists():
            pytest.skip(f"the kit's {link} is not one of tools/setup_env.py's environments")
        (cache / settings.environment_path(name, folder / requirements).name).symlink_to(env_root)
    from data import fashion_mnist

    env = {**os.environ, "SOFTMAX_KIT_CACHE": str(cache),
           "FASHION_MNIST_DIR": str(fashion_mnist.ensure(download=False))}
    env.pop("MAKEFLAGS", None)
    env.pop("MAKELEVEL", None)
    return folder, env


def test_the_unzipped_handout_grades_with_make_grade(handout_zip, tmp_path):
    folder, env = _unzip_handout(handout_zip, tmp_path)
    done = subprocess.run(["make", "--no-print-directory", "grade"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "ep01 softmax vs sigmoid" in done.stdout and "total" in done.stdout
    assert "fashion_mnist" not in done.stdout.split("total")[0]
    assert re.search(r"\b66\.5 more points are in hidden checks|more points are in hidden",
                     done.stdout)
    report = json.loads((folder / "results.json").read_text())
    assert report["score"] == 0
    # the public checks pass on a correct file, without any reference in the folder
    done = subprocess.run(["make", "--no-print-directory", "grade",
                           f"SUBMISSION={SOLUTION}", "RESULTS=ref.json"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    report = json.loads((folder / "ref.json").read_text())
    assert report["score"] == pytest.approx(sum(t["max_score"] for t in report["tests"]),
                                            abs=0.01)
    assert report["score"] > 0


def test_the_unzipped_handout_trains_with_make_train(handout_zip, tmp_path):
    if not (ROOT / "assignment" / "train.py").exists():
        pytest.skip("assignment/train.py is not written yet")
    folder, env = _unzip_handout(handout_zip, tmp_path)
    submission = folder / "assignment" / "softmax.py"
    shutil.copyfile(SOLUTION, submission)
    done = subprocess.run(["make", "--no-print-directory", "train", "OUT=runs/test"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "test accuracy" in done.stdout
    assert (folder / "runs" / "test" / "metrics.json").exists()


def test_the_plugin_takes_a_translated_report_question_by_question(tmp_path):
    """after_grading matches otter's tests and the engine's by question id, not title."""
    sys.path.insert(0, str(ROOT / "deploy" / "gradescope"))
    from otter.run import AutograderConfig
    from otter.test_files import GradingResults
    from otter.test_files.abstract_test import TestCase
    from otter.test_files.exception_test import ExceptionTestFile

    from kit_otter.plugin import EnginePlugin, EngineResults

    (tmp_path / "submission").mkdir()
    plugin = EnginePlugin(str(tmp_path / "submission" / "softmax.py"), {}, {"lang": "zh"})
    report = {"score": 7.5, "output": "说明", "tests": [
        {"name": f"{q.id} 题目 {i}", "score": 7.5 if i == 0 else 0.0, "max_score": q.points,
         "output": "反馈", "visibility": "visible"} for i, q in enumerate(QUESTIONS)]}
    plugin.report_path.write_text(json.dumps(report, ensure_ascii=False))
    files = [ExceptionTestFile(f"{q.id} {q.title}", f"tests/{q.id}.py",
                               [TestCase("c", None, False, q.points, None, None)])
             for q in QUESTIONS]
    results = GradingResults(files)
    plugin.after_grading(results)
    assert plugin.problem == "" and isinstance(results, EngineResults)
    assert results.get_score(f"{QUESTIONS[0].id} {QUESTIONS[0].title}") == 7.5
    assert results.to_gradescope_dict(AutograderConfig({})) == report
    assert "score 7.5" in plugin.generate_report()
