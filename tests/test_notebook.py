"""The notebook companion runs headless from a fresh handout, on the reference and on the
stubs, with no cell raising: its checks are the handout's public ones, with no reference."""

import json
import os
import zipfile

import nbformat
import pytest
from conftest import SOLUTION, STUBS

from tools import build_handout

nbclient = pytest.importorskip("nbclient")


@pytest.fixture(scope="module")
def handout(tmp_path_factory):
    """The notebook of a freshly built and unzipped handout."""
    folder = tmp_path_factory.mktemp("handout")
    zip_path = build_handout.build(folder / "handout.zip")
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(folder)
    return folder / build_handout.FOLDER / "assignment" / "softmax.ipynb"


def execute(notebook_path, submission, language):
    """Run every cell of the notebook on ``submission``; returns the executed notebook."""
    notebook = nbformat.read(notebook_path, as_version=4)
    env = {**os.environ, "SOFTMAX_NOTEBOOK_TEST": "1", "SOFTMAX_SUBMISSION": str(submission),
           "LANG": "zh_CN.UTF-8" if language == "zh" else "en_US.UTF-8",
           "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1"}
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "MPLBACKEND"):
        env.pop(name, None)
    client = nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                                     resources={"metadata": {"path": str(notebook_path.parent)}})
    client.execute(env=env)  # raises CellExecutionError when a cell raises
    return notebook


def outputs(notebook, kind=None):
    """Every output text of every code cell, and the number of PNG images."""
    texts, images = [], 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                texts.append("Traceback " + output.get("ename", ""))
            texts.append(output.get("text", "") if isinstance(output.get("text"), str)
                         else "".join(output.get("text", [])))
            data = output.get("data", {})
            texts.append(json.dumps(data.get("text/plain", "")))
            images += "image/png" in data
    return "\n".join(texts), images


@pytest.fixture(scope="module")
def on_the_reference(handout):
    return outputs(execute(handout, SOLUTION, "en"))


@pytest.fixture(scope="module")
def on_the_stubs(handout):
    return outputs(execute(handout, STUBS, "zh"))


def test_on_the_reference_every_check_passes_and_plots_are_drawn(on_the_reference):
    text, images = on_the_reference
    assert "Traceback" not in text and "Error" not in text
    for qid in (f"ep{i:02d}" for i in range(1, 11)):
        assert f"{qid} " in text
    assert text.count("What to look for:") == 10
    assert "not implemented" not in text
    assert images == 6  # EP8: the sweep; EP10: curves and mistakes twice, the sweep
    assert "missing from" not in text  # no missing glyph


def test_on_the_stubs_every_cell_says_what_to_implement(on_the_stubs):
    text, images = on_the_stubs
    assert "Traceback" not in text
    assert "尚未实现" in text and "请先实现" in text
    assert "What to look for" not in text and "要看什么" not in text
    assert "missing from" not in text
