"""Resumable reruns: completed reports kept by content, engine and library versions.

``<out>/.cache/<key>/<sha256 of the file>.json``, where the key names what a
grade depends on besides the file: the engine's code and catalogs, the
reference solution, the library versions, the language and the questions
graded.  Only completed grades are kept, so a rerun retries the others.
"""

import hashlib
import json
import sys
from importlib import metadata
from pathlib import Path

from ..report import write_atomically

ENGINE = Path(__file__).resolve().parent.parent
LIBRARIES = ("numpy", "hypothesis", "torch", "torchvision")


def fingerprint():
    """What a grade depends on besides the file: engine, reference, library versions."""
    digest = hashlib.sha256()
    for path in sorted(ENGINE.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".json") and "batch" not in \
                path.relative_to(ENGINE).parts[:1] and "__pycache__" not in path.parts:
            digest.update(path.relative_to(ENGINE).as_posix().encode())
            digest.update(path.read_bytes())
    try:
        from ..reference import reference_path

        digest.update(reference_path().read_bytes())
    except FileNotFoundError:
        digest.update(b"no reference")
    for package in LIBRARIES:
        try:
            digest.update(f"{package}={metadata.version(package)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{package}=none".encode())
    digest.update(sys.version.encode())
    return digest.hexdigest()[:16]


class Cache:
    """Completed reports by content, under one key."""

    def __init__(self, out, key):
        self.folder = Path(out) / ".cache" / key

    def get(self, digest):
        try:
            return json.loads((self.folder / f"{digest}.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def put(self, digest, text):
        """Keep the report ``text`` (JSON) of the file whose content has SHA-256 ``digest``."""
        write_atomically(self.folder / f"{digest}.json", text)
