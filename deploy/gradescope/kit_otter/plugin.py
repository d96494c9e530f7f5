"""The otter plugin: the student's code never runs in otter's kernel.

Listed in ``otter_config.json`` as ``kit_otter.plugin.EnginePlugin``.  Otter
calls its events in this order, in the grading process (``run_autograder``
on Gradescope, ``otter run`` locally):

``before_grading``
    The submission folder, the kernel's working directory and hence the
    first entry of its ``sys.path``, is cleared of everything but the
    student's file and ``tests/``: otter's copies of ``files/`` (the engine,
    the reference, the data) and anything else a student uploaded, which
    could otherwise shadow a module the kernel imports.
``before_execution``
    The submission is replaced by one trusted cell: it puts
    ``source/files`` (the kit's engine) first on the kernel's ``sys.path``
    and tells :mod:`kit_otter.bridge` which file to grade and where the
    report goes.  Not a line of the student's file runs in the kernel; the
    engine runs it in its own isolated worker processes.
``after_grading``
    The engine's report, written by the bridge, becomes the results: otter's
    per-file scores are set to the engine's (so partial credit survives) and
    the results object is given :class:`EngineResults`, whose Gradescope
    form is the engine's report itself, the same ``results.json`` as
    ``make grade`` writes.
"""

import copy
import json
import os
import shutil
import tempfile
from pathlib import Path

import nbformat
from otter.plugins import AbstractOtterPlugin
from otter.test_files import GradingResults

from . import PLUGIN

#: entries of the submission folder that stay (besides the student's file)
KEEP = ("tests", "__init__.py")
CELL = """\
# written by the kit_otter plugin: the student's file is graded by the kit's
# engine in isolated worker processes; none of it runs in this kernel
import sys
sys.path.insert(0, {files!r})
import kit_otter.bridge
kit_otter.bridge.configure({submission!r}, {report!r}, lang={lang!r})
"""


class EngineResults(GradingResults):
    """Otter's results whose Gradescope form is the kit engine's report."""

    def to_gradescope_dict(self, ag_config):
        report = self.get_plugin_data(PLUGIN)
        if report is None:
            return super().to_gradescope_dict(ag_config)
        report = copy.deepcopy(report)
        if ag_config.show_stdout:
            report["stdout_visibility"] = "after_published"
        if self.all_hidden:
            for test in report["tests"]:
                test["visibility"] = "hidden"
            report["stdout_visibility"] = "hidden"
        return report


class EnginePlugin(AbstractOtterPlugin):
    """Grade with the kit's engine instead of running the submission in the kernel.

    Configuration (``otter_config.json``)::

        {"plugins": [{"kit_otter.plugin.EnginePlugin": {"lang": "en"}}]}

    ``lang`` is the language of the feedback (``en`` or ``zh``).
    """

    def __init__(self, submission_path, submission_metadata, plugin_config):
        super().__init__(submission_path, submission_metadata, plugin_config or {})
        self.problem = ""
        self.score = None
        if submission_path is None:  # otter generate loads plugins too: nothing to grade
            return
        self.submission = Path(os.path.abspath(submission_path))
        # <root>/submission/softmax.py: the otter autograder folder is <root>
        self.root = self.submission.parent.parent
        self.files = self.root / "source" / "files"
        self.scratch = Path(tempfile.mkdtemp(prefix="kit-otter-"))
        self.report_path = self.scratch / "engine-results.json"

    # ------------------------------------------------------------- events
    def before_grading(self, config):
        folder = self.submission.parent
        for entry in folder.iterdir():
            if entry.name in KEEP or entry == self.submission:
                continue
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()

    def before_execution(self, submission):
        source = CELL.format(files=str(self.files), submission=str(self.submission),
                             report=str(self.report_path),
                             lang=str(self.plugin_config.get("lang", "en")))
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])

    def after_grading(self, results):
        try:
            report = json.loads(self.report_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            self.problem = f"the engine wrote no report ({error}); otter's own results stand"
            return
        finally:
            shutil.rmtree(self.scratch, ignore_errors=True)
        # one otter test file per question: "<id> <title>", the title in
        # English (the report's may be translated), so match them by id
        otter_names = {name.split()[0]: name for name in results.results}
        ids = [test["name"].split()[0] for test in report.get("tests", [])]
        if sorted(ids) != sorted(otter_names):
            self.problem = (f"the engine's report covers {ids}, otter ran "
                            f"{sorted(otter_names)}; otter's own results stand")
            return
        for question_id, test in zip(ids, report["tests"]):
            results.update_score(otter_names[question_id], test["score"])
        results.set_plugin_data(PLUGIN, report)
        results.__class__ = EngineResults
        self.score = report["score"]

    def generate_report(self):
        if self.problem:
            return f"kit_otter: {self.problem}"
        return (f"kit_otter: graded by the softmax kit's engine, score {self.score:g}; "
                "results.json is the engine's report")
