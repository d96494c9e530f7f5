"""The kit's one atomic writer: readers see the old file or the whole new one.

A new file is written beside the target and renamed over it, so a reader (or
a parallel grader) never sees half a file, and a file or link that something
else put at the target is replaced, never written through.
"""

import contextlib
import os
import tempfile
from pathlib import Path


@contextlib.contextmanager
def replacing(path, mode=0o644):
    """Yield a temporary path beside ``path``; rename it over ``path`` on success.

    Parameters
    ----------
    path : str or Path
        The file to (re)place; its folder is created if needed.
    mode : int, default 0o644
        Permissions of the new file (readable by everyone by default).

    Yields
    ------
    Path
        Where to write the new content (any writer: ``open``, ``np.save``,
        ``savefig``...).  On an exception it is deleted and ``path`` is kept.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}-", suffix=".part",
                                         dir=path.parent)
    os.close(handle)
    temporary = Path(temporary)
    try:
        yield temporary
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_bytes(path, data, mode=0o644):
    """Write ``data`` (bytes) to ``path`` atomically."""
    with replacing(path, mode) as temporary:
        temporary.write_bytes(data)


def write_text(path, text, mode=0o644, *, encoding="utf-8", newline=None, errors="strict"):
    """Write ``text`` to ``path`` atomically (UTF-8 unless told otherwise).

    ``errors="backslashreplace"`` writes what the encoding cannot hold (a lone
    surrogate from a student's message) as an escape instead of failing.
    """
    with replacing(path, mode) as temporary, \
            open(temporary, "w", encoding=encoding, newline=newline, errors=errors) as out:
        out.write(text)
