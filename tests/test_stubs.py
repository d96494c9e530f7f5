"""The stubs are generated from the reference and cannot drift from it."""

import ast
import subprocess
import sys

from conftest import ROOT, SOLUTION, STUBS

from autograder.contract import FUNCTIONS
from tools.make_stubs import make_stubs


def _functions(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_stub_file_is_generated_from_the_solution():
    assert STUBS.read_text(encoding="utf-8") == make_stubs(SOLUTION.read_text(encoding="utf-8"))


def test_make_stubs_check_passes():
    done = subprocess.run([sys.executable, "tools/make_stubs.py", "--check"], cwd=ROOT,
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_stubs_and_solution_share_names_signatures_and_docstrings():
    stubs, solution = _functions(STUBS), _functions(SOLUTION)
    assert set(FUNCTIONS) <= set(stubs)
    for name in FUNCTIONS:
        assert ast.dump(stubs[name].args) == ast.dump(solution[name].args), name
        assert ast.get_docstring(stubs[name]) == ast.get_docstring(solution[name]), name


def test_every_stub_raises_not_implemented_naming_its_exploration_point():
    for name, node in _functions(STUBS).items():
        body = node.body[1:]  # after the docstring
        assert len(body) == 1 and isinstance(body[0], ast.Raise), name
        message = ast.literal_eval(body[0].exc.args[0])
        assert message.startswith("ep") and name in message, message


def test_stub_file_holds_no_solution_code():
    stub_text = STUBS.read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in stub_text and "_as_float_array" not in stub_text
    solution_lines = SOLUTION.read_text(encoding="utf-8").splitlines()
    inside, hidden, public = False, [], []
    for line in solution_lines:
        if "### BEGIN SOLUTION" in line:
            inside = True
        elif "### END SOLUTION" in line:
            inside = False
        elif inside and len(line.strip()) > 12:
            hidden.append(line.strip())
        else:
            public.append(line)
    public_text = "\n".join(public)
    # a solution line may quote the docstring (the contract's exact draws)
    leaked = [line for line in hidden if line in stub_text and line not in public_text]
    assert not leaked, leaked


def test_every_docstring_states_shapes_and_its_exploration_point():
    for name, node in _functions(SOLUTION).items():
        if name.startswith("_"):
            continue
        doc = ast.get_docstring(node)
        assert "(ep" in doc.splitlines()[0], name
        assert "Parameters" in doc and "Returns" in doc, name


def test_the_generator_rejects_broken_markers():
    import pytest

    with pytest.raises(ValueError):
        make_stubs("def f():\n    ### BEGIN SOLUTION ep01\n    return 1\n")
    with pytest.raises(ValueError):
        make_stubs("def f():\n    ### END SOLUTION\n")
