"""Build ``dist/handout.zip``: what students download.

    python tools/build_handout.py [--out dist/handout.zip]

The zip holds one folder, ``softmax-classifier/``, laid out like the kit so
that ``make grade`` and ``make train`` work in it unchanged:

- ``assignment/``: the stubs ``softmax.py``, ``README.md`` (and
  ``README.zh.md``), and ``train.py``, ``gradcheck.py``, ``experiments.py``
  when the kit has them;
- ``autograder/``: the grading engine with the **public checks only**.  Each
  question module loses its hidden checks, the helpers, constants and
  imports only they used, and gains one placeholder check (never run by
  ``--public-only`` grading) that carries their weight, so that every
  public check keeps the points it has in the kit; a question without a
  public check (fashion_mnist) keeps nothing but the placeholder;
- ``data/``: the FashionMNIST loader (not the data: ``make train`` finds or
  downloads it on first use);
- ``Makefile``, ``README.md`` (``deploy/handout/``), ``requirements.txt``
  (the kit's pins of what students need), ``tools/venv.sh``.

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

DEPLOY = ROOT / "deploy" / "handout"
DEFAULT_OUT = ROOT / "dist" / "handout.zip"
FOLDER = "softmax-classifier"
#: what students' machines need (pins come from the kit's requirements.txt)
STUDENT_PACKAGES = ("numpy", "torch", "torchvision", "hypothesis", "threadpoolctl", "tqdm",
                    "matplotlib")
ASSIGNMENT_FILES = ("softmax.py", "README.md", "README.zh.md", "train.py", "gradcheck.py",
                    "experiments.py")
ENGINE_EXCLUDE = ("__pycache__", "batch.py", "solution")
PLACEHOLDER_NAME = "hidden_checks"
PLACEHOLDER = '''

# The hidden checks of this question run on the course's grader only, after
# you submit.  This placeholder stands for them, so that the public checks are
# worth here what they are worth there; `make grade` never runs it.
@check(Q, "hidden checks (run after you submit)", weight={weight!r},
       hint="submit your file to see the hidden checks")
def {name}(sub):
    """The hidden checks of this question run on the course's grader, after you submit."""
    from ..checks import Failure

    raise Failure("the hidden checks run on the course's grader, after you submit")
'''
HIDDEN_ONLY_MODULE = '''"""{qid}: every check of this question is hidden; they run on the course's grader only, after you submit."""

from ..checks import check

Q = {qid!r}
'''


class BuildError(Exception):
    """The handout cannot be built; the message says why."""


# ----------------------------------------------------------------- questions
def _check_decorator(node):
    """The ``@check(...)`` call decorating ``node``, or None."""
    for decorator in getattr(node, "decorator_list", ()):
        if isinstance(decorator, ast.Call):
            func = decorator.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
            if name == "check":
                return decorator
    return None


def _keyword(call, name, default=None):
    for keyword in call.keywords:
        if keyword.arg == name:
            if not isinstance(keyword.value, ast.Constant):
                raise BuildError(f"line {call.lineno}: {name}= of a check must be a literal")
            return keyword.value.value
    return default


def hidden_checks(source):
    """``[(function name, weight)]`` of the checks of a question module that are not public."""
    found = []
    for node in ast.parse(source).body:
        call = _check_decorator(node)
        if call is not None and _keyword(call, "public", False) is not True:
            weight = _keyword(call, "weight")
            if not isinstance(weight, (int, float)):
                raise BuildError(f"check {node.name} has no literal weight")
            found.append((node.name, float(weight)))
    return found


def _span(node):
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", ())])
    return first, node.end_lineno


def _bound_names(node):
    if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {node.name}
    if isinstance(node, (ast.Assign, ast.AnnAssign)):
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        return {t.id for t in targets if isinstance(t, ast.Name)}
    return set()


def _used_names(nodes):
    used = set()
    for node in nodes:
        for sub in ast.walk(node):
            if isinstance(sub, ast.Name) and isinstance(sub.ctx, ast.Load):
                used.add(sub.id)
    return used


def strip_hidden(source, question_id):
    """The text of a question module without its hidden checks (see the module docstring)."""
    hidden = hidden_checks(source)
    weight = round(sum(w for _, w in hidden), 6)
    tree = ast.parse(source)
    checks = [n for n in tree.body if _check_decorator(n) is not None]
    if len(hidden) == len(checks):
        text = HIDDEN_ONLY_MODULE.format(qid=question_id)
        return text + PLACEHOLDER.format(weight=weight, name=PLACEHOLDER_NAME) if hidden else text
    hidden_names = {name for name, _ in hidden}
    drop = [n for n in tree.body if getattr(n, "name", None) in hidden_names]
    kept = [n for n in tree.body if n not in drop]
    # helpers and constants only the hidden checks used: drop until nothing changes
    while True:
        used = _used_names(kept)
        unused = [n for n in kept if _bound_names(n) and _check_decorator(n) is None
                  and not (_bound_names(n) & used) and not _bound_names(n) & {"Q"}]
        if not unused:
            break
        drop += unused
        kept = [n for n in kept if n not in unused]
    lines = source.splitlines(keepends=True)
    used = _used_names(kept)
    edits = []  # (first line, last line, new text), on the original numbering
    for node in kept:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a for a in node.names if (a.asname or a.name.split(".")[0]) in used]
            if not names:
                drop.append(node)
            elif len(names) < len(node.names):
                node.names = names
                edits.append((node.lineno, node.end_lineno, ast.unparse(node) + "\n"))
    for node in drop:
        first, last = _span(node)
        # the blank lines before a dropped definition go with it
        while not isinstance(node, (ast.Import, ast.ImportFrom)) and first > 1 \
                and not lines[first - 2].strip():
            first -= 1
        edits.append((first, last, ""))
    for first, last, new in sorted(edits, reverse=True):
        lines[first - 1:last] = [new] if new else []
    text = "".join(lines).rstrip("\n") + "\n"
    if hidden:
        text += PLACEHOLDER.format(weight=weight, name=PLACEHOLDER_NAME)
    ast.parse(text)
    return text


# ------------------------------------------------------------------- staging
def student_requirements():
    """The kit's pins of what students need, as requirements.txt text."""
    lines = []
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and \
                re.split(r"[\[=<>!~ ;]", line, maxsplit=1)[0].lower() in STUDENT_PACKAGES:
            lines.append(line)
    found = {re.split(r"[\[=<>!~ ;]", line, maxsplit=1)[0].lower() for line in lines}
    if set(STUDENT_PACKAGES) - found:
        raise BuildError("requirements.txt does not pin "
                         + ", ".join(sorted(set(STUDENT_PACKAGES) - found)))
    return ("# What `make grade` and `make train` need (tools/venv.sh installs it).\n"
            "# On Linux without a GPU, torch's CPU wheels are much smaller: install them\n"
            "# first with  pip install --index-url https://download.pytorch.org/whl/cpu "
            "torch torchvision\n" + "\n".join(lines) + "\n")


def check_stubs():
    """Refuse stubs that are not the ones generated from the reference."""
    sys.path.insert(0, str(ROOT / "tools"))
    from make_stubs import make_stubs

    from autograder.reference import reference_path

    stubs = (ROOT / "assignment" / "softmax.py").read_text()
    if make_stubs(reference_path().read_text()) != stubs:
        raise BuildError("assignment/softmax.py is not the stubs of solution/softmax.py: "
                         "run make stubs")


def stage(folder):
    """Lay the handout out in ``folder``."""
    from autograder.contract import QUESTIONS

    folder.mkdir(parents=True)
    (folder / "assignment").mkdir()
    for name in ASSIGNMENT_FILES:
        source = ROOT / "assignment" / name
        if source.is_file():
            shutil.copyfile(source, folder / "assignment" / name)
    for name in ("softmax.py", "README.md"):
        if not (folder / "assignment" / name).is_file():
            raise BuildError(f"assignment/{name} is missing")

    def ignore(_folder, names):
        return [n for n in names if n in ENGINE_EXCLUDE or n.endswith(".pyc")]
    shutil.copytree(ROOT / "autograder", folder / "autograder", ignore=ignore)
    for q in QUESTIONS:
        module = folder / "autograder" / "questions" / f"{q.id}.py"
        module.write_text(strip_hidden(module.read_text(), q.id))
    trim_catalogs(folder / "autograder")

    (folder / "data").mkdir()
    for path in sorted((ROOT / "data").iterdir()):
        if path.is_file() and path.suffix in (".py", ".md"):
            shutil.copyfile(path, folder / "data" / path.name)
    (folder / "tools").mkdir()
    shutil.copy2(ROOT / "tools" / "venv.sh", folder / "tools" / "venv.sh")
    shutil.copyfile(DEPLOY / "Makefile", folder / "Makefile")
    shutil.copyfile(DEPLOY / "README.md", folder / "README.md")
    shutil.copyfile(DEPLOY / "gitignore", folder / ".gitignore")
    (folder / "requirements.txt").write_text(student_requirements())
    if (ROOT / "requirements-worker.txt").is_file():  # tools/venv.sh makes .venv-worker
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
    for path in sorted(package.rglob("*.py")):
        used.update(messages_in(path))
    trim(package, used)


def write_zip(folder, out):
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".pyc":
                continue
            name = f"{FOLDER}/{path.relative_to(folder).as_posix()}"
            item = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            item.compress_type = zipfile.ZIP_DEFLATED
            mode = 0o755 if path.suffix == ".sh" else 0o644
            item.external_attr = (0o100000 | mode) << 16
            archive.writestr(item, path.read_bytes())
    partial.replace(out)


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
    """``[(check id, function name, source)]`` of every hidden check of the kit."""
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
            found.append((c.id, (inner or function).__name__, source))
    return found


def audit(zip_path):
    """Problems of a handout zip (empty when it is sound), as sentences.

    Checked by content, not by name: no solution block, no run of three
    solution lines, no function whose body is a reference function's (other
    than the stubs'), no hidden check's body, name or statement, and only
    public checks (and placeholders) registered by its engine.
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
        if re.search(r"(^|/)(solution|tests|\.git|dist)(/|$)|(^|/)batch\.py$", name):
            problems.append(f"{name} must not be handed out")
    for name, data in files.items():
        text = data.decode("utf-8", "replace")
        if "### BEGIN SOLUTION" in text or "### END SOLUTION" in text:
            problems.append(f"{name} holds a solution marker")
        lines = [_normalise(l) for l in text.splitlines()
                 if l.strip() and not l.strip().startswith("#")]
        for i in range(len(lines) - 2):
            if tuple(lines[i:i + 3]) in runs:
                problems.append(f"{name} holds reference solution lines: {lines[i]!r} ...")
                break
        for _check_id, _function, source in hidden:
            statement = ast.get_docstring(ast.parse(source).body[0]) or ""
            statement = statement.split("\n\n")[0]
            if len(statement) > 30 and statement in text:
                problems.append(f"{name} holds the statement of hidden check {_check_id}")
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
        for check_id, function, source in hidden:
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
    done = subprocess.run([sys.executable, "-I", "-B", "-c", code, str(folder)], capture_output=True,
                          text=True, timeout=300, cwd=folder)
    if done.returncode != 0:
        raise BuildError(f"the handout's engine does not import:\n{done.stderr[-2000:]}")
    return {k: tuple(v) for k, v in json.loads(done.stdout).items()}


def check_registry(folder):
    """Problems of the handout engine's registry compared with the kit's."""
    from autograder import questions  # noqa: F401
    from autograder.checks import REGISTRY, points_of

    kit = {c.id: (c.public, points_of(q)[c.name]) for q, cs in REGISTRY.items() for c in cs}
    problems = []
    for check_id, (public, points) in registered_checks(folder).items():
        if check_id.endswith(f".{PLACEHOLDER_NAME}"):
            if public:
                problems.append(f"the placeholder {check_id} is public")
        elif check_id not in kit or not kit[check_id][0]:
            problems.append(f"the handout registers {check_id}, which is not a public check")
        elif abs(points - kit[check_id][1]) > 1e-9:
            problems.append(f"{check_id} is worth {points:g} in the handout, "
                            f"{kit[check_id][1]:g} in the kit")
    return problems


def build(out=DEFAULT_OUT):
    """Build the handout zip at ``out``; return its path."""
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    check_stubs()
    with tempfile.TemporaryDirectory(prefix="build-handout-") as temporary:
        folder = Path(temporary) / FOLDER
        stage(folder)
        problems = check_registry(folder)
        write_zip(folder, out)
    problems += audit(out)
    if problems:
        out.unlink()
        raise BuildError("the handout is not sound:\n  " + "\n  ".join(problems))
    return out


def main(argv=None):
    parser = argparse.ArgumentParser(description="Build the student handout zip.")
    parser.add_argument("--out", default=str(DEFAULT_OUT), help="the zip to write")
    args = parser.parse_args(argv)
    started = time.monotonic()
    try:
        out = build(args.out)
    except BuildError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    shown = out.relative_to(ROOT) if out.is_relative_to(ROOT) else out
    print(f"wrote {shown} ({out.stat().st_size / 1e3:.0f} kB, "
          f"{time.monotonic() - started:.0f} s): no reference solution, public checks only")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
