"""Generate the pinned requirements files from pyproject.toml (the one source of pins).

    python -m tools.requirements          # write them
    python -m tools.requirements --check  # exit 1 if one differs (tests run this)

``requirements-worker.txt``: what student code runs with (the project's
dependencies); ``requirements-student.txt``: the handout (``student``);
``requirements.txt``: the kit (``student`` + ``grader`` + ``dev``).  The hash
of each file names its shared environment (``tools/setup_env.py``).
"""

import argparse
import re
import sys
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parent.parent
#: file -> (groups, first line)
FILES = {
    "requirements-worker.txt": ((), "The worker environment: what student code runs with."),
    "requirements-student.txt": (("student",), "The handout's environment: grade, train, plot "
                                               "(no torch)."),
    "requirements.txt": (("student", "grader", "dev"), "The kit's environment (grader, tests, "
                                                       "training, benchmarks)."),
}
_SELF = re.compile(r"^softmax-kit\[")


def project(pyproject=ROOT / "pyproject.toml"):
    with open(pyproject, "rb") as f:
        return tomllib.load(f)["project"]


def pins(groups, data=None):
    """The requirement lines of the core dependencies plus ``groups``, in order, once each."""
    data = data or project()
    lines = list(data["dependencies"])
    for group in groups:
        lines += [r for r in data["optional-dependencies"][group] if not _SELF.match(r)]
    unpinned = [r for r in lines if "==" not in r]
    if unpinned:
        raise ValueError(f"pyproject.toml: pin every requirement with ==: {unpinned}")
    return list(dict.fromkeys(lines))


def render(name, data=None):
    groups, title = FILES[name]
    return (f"# {title}\n# Generated from pyproject.toml by `python -m tools.requirements`; "
            "do not edit.\n" + "\n".join(pins(groups, data)) + "\n")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true",
                        help="only say which files differ from pyproject.toml")
    args = parser.parse_args(argv)
    stale = []
    for name in FILES:
        text, path = render(name), ROOT / name
        if path.is_file() and path.read_text() == text:
            continue
        stale.append(name)
        if not args.check:
            path.write_text(text)
    if args.check and stale:
        print(f"error: {', '.join(stale)} differ from pyproject.toml: "
              "run `python -m tools.requirements`", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
