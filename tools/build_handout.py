"""Build ``dist/handout.zip``: what students download.

    python tools/build_handout.py [--out dist/handout.zip]

The zip holds one folder, ``softmax-classifier/``, laid out like the kit so
that ``make grade`` and ``make train`` work in it unchanged:

- ``assignment/``: the kit's folder as it is (the stubs ``softmax.py``, the
  READMEs, the student's tools);
- ``autograder/``: the grading engine, a plain copy without
  ``questions/hidden/``: the **public checks only**, each worth what it is
  worth in the kit (every question declares the weight of its hidden
  checks), and message catalogues without the hidden checks' text;
- ``data/``: the FashionMNIST loader (not the data: ``make train`` finds or
  downloads it on first use);
- ``Makefile``, ``README.md`` (``deploy/handout/``), ``requirements.txt``
  (the kit's ``requirements-student.txt``: no torch), ``tools/setup_env.py``
  (which the Makefile calls), ``tools/student.mk`` (what the Makefile shares
  with the kit's), ``docs/contract.md``.

Never in it: the reference solution, a hidden check, the batch grader, the
kit's tests.  :func:`audit` checks that by content, and the build refuses a
zip that fails it.
"""

import argparse
import ast
import re
import shutil
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tools import ziputil  # noqa: E402

DEPLOY = ROOT / "deploy" / "handout"
DEFAULT_OUT = ROOT / "dist" / "handout.zip"
FOLDER = "softmax-classifier"
#: never in the handout: the hidden checks, and what the engine's other zip leaves out too
ENGINE_EXCLUDE = ziputil.ENGINE_EXCLUDE + ("hidden",)
ASSIGNMENT_EXCLUDE = ("__pycache__", ".ipynb_checkpoints", "runs")


class BuildError(Exception):
    """The handout cannot be built; the message says why."""


# ------------------------------------------------------------------- staging
def student_requirements():
    """The kit's pins of what students need (``requirements-student.txt``, from pyproject)."""
    source = ROOT / "requirements-student.txt"
    if not source.is_file():
        raise BuildError("requirements-student.txt is missing: run python -m tools.requirements")
    return source.read_text()


def check_stubs():
    """Refuse stubs that are not the ones generated from the reference."""
    sys.path.insert(0, str(ROOT / "tools"))
    from make_stubs import make_stubs

    from autograder.reference import reference_path

    stubs = (ROOT / "assignment" / "softmax.py").read_text()
    if make_stubs(reference_path().read_text()) != stubs:
        raise BuildError("assignment/softmax.py is not the stubs of solution/softmax.py: "
                         "run make stubs")


def stage(folder, language="en"):
    """Lay the handout out in ``folder``; the stubs' docstrings in ``language``."""
    folder.mkdir(parents=True)
    ziputil.copy_tree(ROOT / "assignment", folder / "assignment", exclude=ASSIGNMENT_EXCLUDE)
    if language != "en":
        from autograder.reference import reference_path
        from tools.make_stubs import make_stubs

        (folder / "assignment" / "softmax.py").write_text(
            make_stubs(reference_path().read_text(), language))
    for name in ("softmax.py", "README.md"):
        if not (folder / "assignment" / name).is_file():
            raise BuildError(f"assignment/{name} is missing")
    ziputil.copy_tree(ROOT / "autograder", folder / "autograder", exclude=ENGINE_EXCLUDE)
    trim_catalogs(folder / "autograder")

    (folder / "data").mkdir()
    for path in sorted((ROOT / "data").iterdir()):
        if path.is_file() and path.suffix in (".py", ".md"):
            shutil.copyfile(path, folder / "data" / path.name)
    (folder / "tools").mkdir()
    for name in ("setup_env.py", "student.mk"):
        shutil.copy2(ROOT / "tools" / name, folder / "tools" / name)
    (folder / "docs").mkdir()
    shutil.copyfile(ROOT / "docs" / "contract.md", folder / "docs" / "contract.md")
    shutil.copyfile(DEPLOY / "Makefile", folder / "Makefile")
    shutil.copyfile(DEPLOY / "README.md", folder / "README.md")
    shutil.copyfile(DEPLOY / "gitignore", folder / ".gitignore")
    (folder / "requirements.txt").write_text(student_requirements())
    if (ROOT / "requirements-worker.txt").is_file():  # setup_env.py makes .venv-worker
        shutil.copyfile(ROOT / "requirements-worker.txt", folder / "requirements-worker.txt")


def trim_catalogs(package):
    """Keep in the catalogs only what the handout's engine can say.

    The kit's catalogs hold the title, hint and statement of every check,
    hidden ones included; the handout's keep the messages of its own code
    (found as ``tools/extract_messages.py`` finds them).
    """
    sys.path.insert(0, str(ROOT / "tools"))
    from extract_messages import messages_in, trim

    used = set()
    student_tools = package.parent / "assignment"
    for path in sorted([*package.rglob("*.py"), *student_tools.rglob("*.py")]):
        used.update(messages_in(path))
    trim(package, used)


# --------------------------------------------------------------------- audit
def _function_bodies(source):
    """``{name: ast dump of the body without its docstring}`` of every function in ``source``."""
    bodies = {}
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                    and isinstance(body[0].value.value, str):
                body = body[1:]
            bodies.setdefault(node.name, []).append(
                ast.dump(ast.Module(body=body, type_ignores=[])))
    return bodies


def _normalise(line):
    return " ".join(line.split())


def _docstring_lines(source):
    """Line numbers (1-based) of every docstring in ``source``."""
    numbers = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.Module, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            first = node.body[0] if node.body else None
            if (isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant)
                    and isinstance(first.value.value, str)):
                numbers.update(range(first.lineno, first.end_lineno + 1))
    return numbers


def _solution_runs(reference_text, size=3):
    """Runs of ``size`` consecutive solution code lines (normalised), from the solution blocks.

    Docstrings are left out: a private helper's ``Parameters`` / ``----------``
    headings are no solution, and would match every numpy docstring.
    """
    runs, block = set(), None
    docstrings = _docstring_lines(reference_text)
    for number, line in enumerate(reference_text.splitlines(), start=1):
        if number in docstrings:
            continue
        if re.match(r"^\s*### BEGIN SOLUTION", line):
            block = []
            continue
        if re.match(r"^\s*### END SOLUTION", line):
            for i in range(len(block) - size + 1):
                runs.add(tuple(block[i:i + size]))
            block = None
            continue
        if block is not None and line.strip() and not line.strip().startswith("#"):
            block.append(_normalise(line))
    return runs


def _hidden_check_sources():
    """``[(check id, function name, source, texts)]`` of every hidden check of the kit, its
    ``texts`` the statement and the hint (each one line)."""
    import inspect
    import textwrap

    from autograder import questions  # noqa: F401
    from autograder.checks import REGISTRY

    found = []
    for checks in REGISTRY.values():
        for c in checks:
            if c.public:
                continue
            function = c.function
            inner = getattr(getattr(function, "hypothesis", None), "inner_test", None)
            source = textwrap.dedent(inspect.getsource(inner or function))
            found.append((c.id, (inner or function).__name__, source, (c.statement, c.hint)))
    return found


def audit(zip_path):
    """Problems of a handout zip (empty when it is sound), as sentences.

    Checked by content, not by name: no solution block, no run of three
    solution lines, no function whose body is a reference function's (other
    than the stubs'), no hidden check's body, name, statement or hint, and only
    public checks registered by its engine (see :func:`check_registry`).
    """
    from autograder.reference import reference_path

    problems = []
    reference = reference_path().read_text()
    stub_bodies = _function_bodies((ROOT / "assignment" / "softmax.py").read_text())
    reference_bodies = {name: [b for b in bodies if b not in stub_bodies.get(name, [])]
                        for name, bodies in _function_bodies(reference).items()}
    runs = _solution_runs(reference)
    hidden = _hidden_check_sources()
    with zipfile.ZipFile(zip_path) as archive:
        files = {name: archive.read(name) for name in archive.namelist()
                 if not name.endswith("/")}
    for name in files:
        if not name.startswith(f"{FOLDER}/"):
            problems.append(f"{name} is outside the folder {FOLDER}/")
        if re.search(r"(^|/)(solution|tests|\.git|dist)(/|$)|(^|/)autograder/batch(/|$)", name):
            problems.append(f"{name} must not be handed out")
    for name, data in files.items():
        text = data.decode("utf-8", "replace")
        if "### BEGIN SOLUTION" in text or "### END SOLUTION" in text:
            problems.append(f"{name} holds a solution marker")
        lines = [_normalise(line) for line in text.splitlines()
                 if line.strip() and not line.strip().startswith("#")]
        for i in range(len(lines) - 2):
            if tuple(lines[i:i + 3]) in runs:
                problems.append(f"{name} holds reference solution lines: {lines[i]!r} ...")
                break
        flat = _normalise(text)  # a docstring's text, whatever its line breaks and indent
        for check_id, _function, _source, texts in hidden:
            for what, words in zip(("statement", "hint"), texts):
                if len(words) > 30 and _normalise(words) in flat:
                    problems.append(f"{name} holds the {what} of hidden check {check_id}")
        if not name.endswith(".py"):
            continue
        try:
            bodies = _function_bodies(text)
        except SyntaxError:
            problems.append(f"{name} is not valid Python")
            continue
        for function, dumps in bodies.items():
            for dump in dumps:
                if dump in reference_bodies.get(function, []) or any(
                        dump in b for b in reference_bodies.values()):
                    problems.append(f"{name}: {function}() has the body of a reference "
                                    "function")
        for check_id, function, source, _texts in hidden:
            hidden_body = next(iter(_function_bodies(source).get(function, [])), None)
            if any(hidden_body in dumps for dumps in bodies.values()):
                problems.append(f"{name} holds the body of hidden check {check_id}")
            if name.startswith(f"{FOLDER}/autograder/") and function in bodies:
                problems.append(f"{name} defines {function}(), a hidden check ({check_id})")
    return sorted(set(problems))


def registered_checks(folder):
    """``{check id: (public, points)}`` registered by the engine in ``folder`` (a subprocess)."""
    import json
    import subprocess

    code = ("import json, sys; sys.path.insert(0, sys.argv[1])\n"
            "from autograder import questions\n"
            "from autograder.checks import REGISTRY, points_of\n"
            "print(json.dumps({c.id: [c.public, points_of(q)[c.name]] "
            "for q, cs in REGISTRY.items() for c in cs}))\n")
    done = subprocess.run([sys.executable, "-I", "-B", "-c", code, str(folder)],
                          capture_output=True, text=True, timeout=300, cwd=folder)
    if done.returncode != 0:
        raise BuildError(f"the handout's engine does not import:\n{done.stderr[-2000:]}")
    return {k: tuple(v) for k, v in json.loads(done.stdout).items()}


def check_registry(folder):
    """Problems of the handout engine's registry: exactly the kit's public checks, at kit points."""
    from autograder import questions  # noqa: F401
    from autograder.checks import REGISTRY, points_of

    kit = {c.id: points_of(q)[c.name] for q, cs in REGISTRY.items() for c in cs if c.public}
    handout = registered_checks(folder)
    problems = [f"the handout lacks the public check {check_id}"
                for check_id in sorted(set(kit) - set(handout))]
    for check_id, (public, points) in sorted(handout.items()):
        if check_id not in kit or not public:
            problems.append(f"the handout registers {check_id}, which is not a public check")
        elif abs(points - kit[check_id]) > 1e-9:
            problems.append(f"{check_id} is worth {points:g} in the handout, "
                            f"{kit[check_id]:g} in the kit")
    return problems


def build(out=DEFAULT_OUT, language="en"):
    """Build the handout zip at ``out``, its stubs' docstrings in ``language``; return its path."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    check_stubs()
    with tempfile.TemporaryDirectory(prefix="build-handout-") as temporary:
        folder = Path(temporary) / FOLDER
        stage(folder, language)
        problems = check_registry(folder)
        ziputil.write_zip(out, ziputil.folder_entries(folder, FOLDER))
    problems += audit(out)
    if problems:
        out.unlink()
        raise BuildError("the handout is not sound:\n  " + "\n  ".join(problems))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build the student handout zip.")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="the zip to write")
    parser.add_argument("--lang", choices=("en", "zh"), default="en",
                        help="language of the stubs' docstrings (zh: Chinese)")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        out = build(args.out, args.lang)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    print(f"wrote {shown} ({out.stat().st_size / 1e3:.0f} kB, "
          f"{time.monotonic() - started:.0f} s): no reference solution, public checks only")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
