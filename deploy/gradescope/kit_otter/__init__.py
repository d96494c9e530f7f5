"""The softmax kit inside otter-grader: what ``dist/autograder.zip`` runs on Gradescope.

Otter runs a ``.py`` submission in an IPython kernel together with its test
files.  Here the kernel never sees the student's code:

- :mod:`kit_otter.entry` is the zip's entry point (``run_autograder``): it
  leaves exactly one file, ``submission/softmax.py``, in the submission
  folder and hands over to otter;
- :mod:`kit_otter.plugin` is an otter plugin: ``before_grading`` clears the
  submission folder of everything but that file and the tests,
  ``before_execution`` replaces the submission by one trusted cell that loads
  the kit's engine from ``source/files``, ``after_grading`` takes the engine's
  report as the Gradescope ``results.json``;
- :mod:`kit_otter.bridge` is what the thin test files (``tests/<question>.py``,
  one test case per check) call in the kernel: it grades the question with
  the engine, whose isolated worker processes run the student's file.

This package is shipped as ``files/kit_otter`` in the zip (otter copies
``files/*`` into the submission folder; the plugin removes those copies again
before the kernel starts, and everything is imported from ``source/files``).
"""

#: the name under which otter_config.json lists the plugin
PLUGIN = "kit_otter.plugin.EnginePlugin"
