"""What the two zip builders share: requirement pins, engine exclusions, deterministic zips.

``tools/build_handout.py`` (students) and ``tools/build_autograder.py``
(Gradescope) both pick pins out of the kit's ``requirements.txt``, copy the
engine without the files neither ships, and write zips that are the same
bytes for the same files.
"""

import re
import shutil
import zipfile
from pathlib import Path

from autograder import atomic

ROOT = Path(__file__).resolve().parent.parent
#: engine files neither zip ships (the batch grader, the instructor's reference folder)
ENGINE_EXCLUDE = ("__pycache__", "batch", "solution")
#: every entry of a zip carries this date, so that a rebuild gives the same bytes
ZIP_DATE = (2020, 1, 1, 0, 0, 0)


def _name(line):
    return re.split(r"[\[=<>!~ ;]", line, maxsplit=1)[0].lower()


def pins(packages, requirements=ROOT / "requirements.txt"):
    """The lines of ``requirements`` that pin one of ``packages``, in file order.

    Raises
    ------
    LookupError
        When a package of ``packages`` is not pinned there; the message names it.
    """
    lines = [line.strip() for line in Path(requirements).read_text().splitlines()]
    wanted = [line for line in lines
              if line and not line.startswith("#") and _name(line) in packages]
    missing = set(packages) - {_name(line) for line in wanted}
    if missing:
        raise LookupError(f"{Path(requirements).name} does not pin "
                          + ", ".join(sorted(missing)))
    return wanted


def copy_tree(source, target, exclude=ENGINE_EXCLUDE):
    """Copy the folder ``source`` to ``target`` without ``exclude`` (names) and ``*.pyc``."""
    def ignore(_folder, names):
        return [n for n in names if n in exclude or n.endswith(".pyc")]
    shutil.copytree(source, target, ignore=ignore)


def write_entry(archive, name, data, *, executable=False):
    """Add ``data`` as ``name`` to the open ``archive``, with a fixed date and mode."""
    item = zipfile.ZipInfo(name, date_time=ZIP_DATE)
    item.compress_type = zipfile.ZIP_DEFLATED
    mode = 0o755 if executable else 0o644
    item.external_attr = (0o100000 | mode) << 16
    archive.writestr(item, data)


def write_zip(out, entries, *, compresslevel=9):
    """Write ``entries`` (``(name, bytes, executable)`` in order) to ``out``, atomically."""
    out = Path(out)
    with atomic.replacing(out) as partial, zipfile.ZipFile(
            partial, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as archive:
        for name, data, executable in entries:
            write_entry(archive, name, data, executable=executable)
    return out


def folder_entries(folder, prefix):
    """``(prefix/relative path, bytes, executable)`` of every file under ``folder``, sorted."""
    folder = Path(folder)
    for path in sorted(folder.rglob("*")):
        if path.is_dir() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        yield (f"{prefix}/{path.relative_to(folder).as_posix()}", path.read_bytes(),
               path.suffix == ".sh")
