"""Which file of a submission is the student's: one rule for batch grading and Gradescope.

In one student's folder (what Gradescope unpacks into ``submission/``, one
folder of an export): the shallowest ``softmax.py`` if there is exactly one,
else the only ``.py`` file, else none.  Symbolic links, hidden files and
folders, ``__pycache__``, ``__MACOSX`` and ``__init__.py`` never count.

A folder of submissions (``make grade-all``) holds one submission per entry:
a ``.py`` file is a student's file, named by itself (``alice.py``); a folder
is one student's folder, read with the rule above (``alice/softmax.py``).
"""

import os
import stat
from dataclasses import dataclass
from pathlib import Path

SUBMISSION_NAME = "softmax.py"
SKIPPED_DIRS = ("__pycache__", "__MACOSX")


def _counts(name):
    return not name.startswith(".") and name not in SKIPPED_DIRS


def candidates(folder):
    """Regular ``.py`` files below ``folder`` (paths relative to it), links excluded."""
    folder = Path(folder)
    found = []
    for directory, dirs, files in os.walk(folder, followlinks=False):
        dirs[:] = sorted(d for d in dirs if _counts(d))
        for name in sorted(files):
            path = Path(directory) / name
            if name.endswith(".py") and name != "__init__.py" and _counts(name) \
                    and stat.S_ISREG(os.lstat(path).st_mode):
                found.append(path.relative_to(folder))
    return found


def choose(found):
    """The student's file among ``found`` (relative paths), or None."""
    named = [p for p in found if p.name == SUBMISSION_NAME]
    if named:
        depth = min(len(p.parts) for p in named)
        shallowest = [p for p in named if len(p.parts) == depth]
        return shallowest[0] if len(shallowest) == 1 else None
    return found[0] if len(found) == 1 else None


def student_file(folder):
    """``(relative path or None, the .py files seen)`` of one student's folder."""
    found = candidates(folder) if Path(folder).is_dir() else []
    return choose(found), found


@dataclass
class Entry:
    """One submission of a folder of submissions.

    Attributes
    ----------
    file : str
        The gradebook's ``file``: the student's file relative to the folder
        of submissions (``alice/softmax.py``), or the student's folder with a
        slash (``erin/``) when no file could be chosen.
    path : Path or None
        The student's file, or None when none could be chosen.
    problem : str
        Why no file was chosen (the ``.py`` files seen), else ``""``.
    """

    file: str
    path: Path | None
    problem: str = ""


def discover(folder):
    """Every submission in ``folder``, sorted by ``file``."""
    folder = Path(folder)
    entries = []
    for child in sorted(folder.iterdir()):
        if not _counts(child.name) or child.is_symlink():
            continue
        if child.is_dir():
            chosen, found = student_file(child)
            if chosen is not None:
                entries.append(Entry(f"{child.name}/{chosen.as_posix()}", child / chosen))
            else:
                seen = ", ".join(p.as_posix() for p in found[:10]) or "no .py file"
                entries.append(Entry(f"{child.name}/", None,
                                     f"no single {SUBMISSION_NAME} in the folder ({seen})"))
        elif child.is_file() and child.name.endswith(".py") and child.name != "__init__.py":
            entries.append(Entry(child.name, child))
    return sorted(entries, key=lambda e: e.file)
