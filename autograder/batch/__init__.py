"""Batch grading (``make grade-all``): a folder of submissions, a gradebook, a class report.

- :mod:`.engine`: grading processes on Dask distributed (local or a scheduler's);
- :mod:`.grading`: one batch, resumable; :mod:`.cache`: what a rerun reuses;
- :mod:`.gradebook`: ``gradebook.csv`` and the reports;
- :mod:`.classreport`, :mod:`.similarity`, :mod:`.regrade`: what the instructor reads.

Which file of a folder is a student's is :mod:`autograder.discovery`, the
rule the Gradescope entry point uses too.
"""
