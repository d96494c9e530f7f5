"""Stand-in for the kit's otter plugin package, installed for ``otter run``.

``otter run -a autograder.zip softmax.py`` unpacks the zip into a temporary
``<ag>/source/`` and imports the plugin named in ``otter_config.json`` while
its working directory is ``<ag>/submission/``.  This package becomes the
zip's own ``source/files/kit_otter`` (so the plugin that runs is always the
zip's) and puts ``source/files`` first on ``sys.path``, as Gradescope's
``run_autograder`` does.  Outside an autograder folder it raises ImportError.
"""

import sys
from pathlib import Path


def _files():
    here = Path.cwd()
    for folder in (here.parent / "source" / "files", here / "source" / "files"):
        if (folder / "kit_otter" / "__init__.py").is_file():
            return folder
    raise ImportError(f"kit_otter: no autograder's source/files beside {here} (this "
                      "stand-in only works inside `otter run` or run_autograder)")


_FILES = _files()
if str(_FILES) not in sys.path:
    sys.path.insert(0, str(_FILES))
__path__ = [str(_FILES / "kit_otter")]  # noqa: F811  (submodules come from the zip)
__file__ = str(_FILES / "kit_otter" / "__init__.py")
exec(compile(Path(__file__).read_text(encoding="utf-8"), __file__, "exec"))
