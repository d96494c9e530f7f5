"""The autograder zip's entry point: ``run_autograder`` calls :func:`main`.

    python -I -c 'import sys; sys.path.insert(0, ROOT + "/source/files"); ...'

On Gradescope ``ROOT`` is ``/autograder``: ``source/`` holds the unzipped
autograder, ``submission/`` what the student uploaded, ``results/`` receives
``results.json``.  :func:`main`

1. keeps exactly one file in ``submission/``: the student's file, chosen by
   the rule batch grading uses too (:mod:`autograder.discovery`: the
   shallowest ``softmax.py``, else the only ``.py`` file; a symbolic link is
   never followed), copied as ``softmax.py``, so that otter finds one Python
   file and nothing else the student uploaded lands on the kernel's
   ``sys.path``;
2. without such a file, empties ``submission/``, writes the engine's report
   for a missing ``softmax.py`` (every question 0, saying why) and stops;
3. otherwise runs otter's own grading process
   (``otter.run.run_autograder.main``), in which the ``kit_otter`` plugin
   makes the engine's report the ``results.json``.
"""

import json
import os
import shutil
import sys
from pathlib import Path

from autograder.discovery import SUBMISSION_NAME, student_file


def main(root="/autograder"):
    root = Path(root)
    folder = root / "submission"
    chosen, why = prepare_submission(folder)
    print(why, flush=True)
    if chosen is None:
        _report_missing(root, folder / SUBMISSION_NAME)
        return 0
    from otter.run.run_autograder import main as run_otter

    run_otter(str(root))
    return 0


def prepare_submission(folder):
    """Leave only the student's file in ``folder``, as ``softmax.py``.

    Returns ``(path or None, one line saying what was done)``.
    """
    folder = Path(folder)
    chosen, found = student_file(folder)
    data = (folder / chosen).read_bytes() if chosen is not None else None
    folder.mkdir(parents=True, exist_ok=True)
    for entry in list(folder.iterdir()):
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    if chosen is None:
        listed = ", ".join(str(p) for p in found[:10]) or "no .py file"
        return None, f"kit_otter: no single softmax.py in the submission ({listed})"
    target = folder / SUBMISSION_NAME
    target.write_bytes(data)
    os.chmod(target, 0o644)
    note = "" if str(chosen) == SUBMISSION_NAME else f" (found as {chosen})"
    return target, f"kit_otter: grading submission/{SUBMISSION_NAME}{note}"


def _report_missing(root, path):
    """The engine's report for a file that is not there: 0 everywhere, saying why."""
    from autograder.grade import grade
    from autograder.i18n import set_language
    from autograder.report import write_results

    set_language(_plugin_config(root).get("lang", "en"))
    write_results(grade(path), root / "results" / "results.json")


def _plugin_config(root):
    from . import PLUGIN

    try:
        config = json.loads((root / "source" / "otter_config.json").read_text())
    except (OSError, ValueError):
        return {}
    for entry in config.get("plugins", []):
        if isinstance(entry, dict) and PLUGIN in entry:
            return entry[PLUGIN] or {}
    return {}


if __name__ == "__main__":  # pragma: no cover - run_autograder uses -c
    raise SystemExit(main(*sys.argv[1:]))
