"""The autograder zip's entry point: ``run_autograder`` calls :func:`main`.

    python -I -c 'import sys; sys.path.insert(0, ROOT + "/source/files"); ...'

On Gradescope ``ROOT`` is ``/autograder``: ``source/`` holds the unzipped
autograder, ``submission/`` what the student uploaded, ``results/`` receives
``results.json``.  :func:`main`

1. keeps exactly one file in ``submission/``: the student's ``softmax.py``
   (found at the top, else the shallowest ``softmax.py`` below, else the only
   ``.py`` file), copied as a regular file (a symbolic link is never
   followed), so that otter finds one Python file and nothing else the
   student uploaded lands on the kernel's ``sys.path``;
2. without such a file, empties ``submission/``, writes the engine's report
   for a missing ``softmax.py`` (every question 0, saying why) and stops;
3. otherwise runs otter's own grading process
   (``otter.run.run_autograder.main``), in which the ``kit_otter`` plugin
   makes the engine's report the ``results.json``.
"""

import json
import os
import shutil
import stat
import sys
from pathlib import Path

SUBMISSION_NAME = "softmax.py"
SKIPPED_DIRS = ("__pycache__", "__MACOSX")


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


def candidates(folder):
    """Regular ``.py`` files below ``folder`` (relative paths), symbolic links excluded."""
    found = []
    for directory, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS)
        for name in sorted(files):
            path = Path(directory) / name
            if name.endswith(".py") and name != "__init__.py" and not name.startswith(".") \
                    and stat.S_ISREG(os.lstat(path).st_mode):
                found.append(path.relative_to(folder))
    return found


def choose(found):
    """The student's file among ``found`` (relative paths), or None."""
    named = [p for p in found if p.name == SUBMISSION_NAME]
    if named:
        depth = min(len(p.parts) for p in named)
        shallowest = [p for p in named if len(p.parts) == depth]
        if len(shallowest) == 1:
            return shallowest[0]
        return None
    return found[0] if len(found) == 1 else None


def prepare_submission(folder):
    """Leave only the student's file in ``folder``, as ``softmax.py``.

    Returns ``(path or None, one line saying what was done)``.
    """
    folder = Path(folder)
    found = candidates(folder) if folder.is_dir() else []
    chosen = choose(found)
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
