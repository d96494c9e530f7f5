"""Grading processes on Dask distributed: a local cluster, or a scheduler's workers.

Each Dask worker is one grading process (one thread): a worker plugin pins
BLAS to one thread and imports the engine once; the FashionMNIST arrays are
then loaded once per process by the engine itself.  The student's code runs,
as always, in the engine's own isolated processes below it.

The client gives each idle worker one submission at a time (pinned to it), so
that it knows what runs where and since when:

- a submission that outlives the time limit has the processes below its
  worker killed and the worker restarted; its row says it timed out;
- a worker that dies while grading (the nanny starts a new one) gets its
  file once more on another worker, then costs only that submission's row;
- the file's bytes travel with the task and the report comes back as JSON
  text, so remote workers need the kit installed, not the submissions.
"""

import contextlib
import logging
import os
import tempfile
import time
import uuid
import warnings
from dataclasses import dataclass
from pathlib import Path

import dask
from distributed import Client, LocalCluster, WorkerPlugin, wait
from distributed.client import FIRST_COMPLETED
from hypothesis.errors import HypothesisDeprecationWarning

from .. import settings

DEFAULT_GRADER = "autograder.batch.engine:engine_report"
POLL_S = 0.5
#: a worker that dies while grading a file gets it once more on another one
ATTEMPTS = 2
#: a busy machine must not look like dead workers (seconds, minutes)
PATIENCE = {"distributed.comm.timeouts.connect": "60s", "distributed.comm.timeouts.tcp": "300s",
            "distributed.scheduler.worker-ttl": "30 minutes"}
#: a local cluster's scheduler and workers serve no HTTP pages (health, metrics, JSON state):
#: nothing of the batch shows on the loopback
NO_HTTP = {"distributed.scheduler.http.routes": [], "distributed.worker.http.routes": []}


def engine_report(path, lang, questions=None):
    """The engine's report of one file (what ``make grade`` writes), as a dict."""
    from ..grade import grade
    from ..i18n import set_language
    from ..report import results_json

    set_language(lang)
    return results_json(grade(path, questions))


def resolve(spec):
    """The function named ``"module:function"``."""
    import importlib

    module, _, function = spec.partition(":")
    return getattr(importlib.import_module(module), function)


class GradingSetup(WorkerPlugin):
    """Make a Dask worker a grading process: one BLAS thread, the engine imported and warm."""

    name = "softmax-kit-grading"

    def __init__(self, grader, questions=None):
        self.grader, self.questions = grader, questions

    def setup(self, worker):
        os.environ.update(settings.blas_one_thread())
        from threadpoolctl import threadpool_limits

        threadpool_limits(1)
        # Dask's own threads draw from ``random`` while a check generates its
        # examples; Hypothesis would take that for the check's doing
        warnings.filterwarnings("ignore", message="Do not use the `random` module inside "
                                "strategies", category=HypothesisDeprecationWarning)
        # a grader may name what to load once per process: ``grader.warm_up(questions)``
        prepare = getattr(resolve(self.grader), "warm_up", None)
        if prepare is not None:
            prepare(self.questions)


def warm_up(questions=None):
    """Load what the engine loads on first use, once per process, outside any budget,
    and record the examples of the checks as the reference passes them.

    The first submission a process grades would otherwise pay for importing
    the oracle's torch and reading FashionMNIST inside its questions' time
    budgets, and could time out on a busy machine.  With the examples
    recorded, a check a file passes is replayed without Hypothesis's
    generation (:mod:`autograder.replay`): half of a file's grading time.
    """
    from .. import datacache, grade, oracle

    with contextlib.suppress(AttributeError, ImportError):
        oracle._torch()
    if questions is None or "fashion_mnist" in questions:
        with contextlib.suppress(OSError, ValueError):
            datacache.load()
    # without recordings every check runs Hypothesis as it would anyway
    with contextlib.suppress(Exception):
        grade.record_examples(questions)


def grade_source(source, lang, questions, grader):
    """Grade a file's bytes in this worker; return ``(report JSON text, seconds)``.

    Raises when the report cannot be written as UTF-8 JSON: that submission
    cannot be graded, and says why.
    """
    from .gradebook import report_text

    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="grade-all-") as folder:
        path = Path(folder) / "softmax.py"
        path.write_bytes(source)
        report = resolve(grader)(path, lang, questions)
    try:
        text = report_text(report)
    except (ValueError, TypeError) as error:  # a lone surrogate, say
        raise Unreportable(f"its report cannot be written as UTF-8 JSON "
                           f"({type(error).__name__}: {error!r})") from None
    return text, time.monotonic() - started


class Unreportable(ValueError):
    """A grader's report that cannot be written (its reason is the row's status)."""


def stop_grading(dask_worker=None):
    """Kill every process below this worker (the engine's, and what they started)."""
    import psutil

    below = psutil.Process().children(recursive=True)
    for process in below:
        try:
            process.kill()
        except psutil.Error:
            pass
    if os.geteuid() == 0:
        # as root the engine's processes run as users of this process's block:
        # anything of theirs that left the tree goes too
        from .. import privileges

        block = getattr(privileges, "UIDS_PER_GRADER", 1)
        first = privileges.WORKER_UID_BASE + os.getpid() * block
        for uid in range(first, first + block):
            privileges.kill_everything_of(uid)
    return len(below)


engine_report.warm_up = warm_up


def worker_fingerprint(dask_worker=None):
    from .cache import fingerprint

    return fingerprint()


@dataclass
class Job:
    """One distinct file to grade, and where it runs."""

    key: str
    source: bytes
    future: object = None
    worker: str = ""
    started: float = 0.0
    attempts: int = 0


class Unreachable(RuntimeError):
    """The scheduler cannot be reached, or has no worker."""


class Cluster:
    """Grading processes: ``jobs`` local ones, or the workers of ``scheduler``.

    A context manager; :meth:`grade` runs a batch on it.
    """

    def __init__(self, scheduler=None, jobs=1, grader=DEFAULT_GRADER, questions=None,
                 connect_s=10, workers_s=60):
        self.local, self.workers_s = None, workers_s
        if scheduler:
            try:
                self.client = Client(scheduler, timeout=connect_s)
            except (OSError, ValueError) as error:
                raise Unreachable(f"cannot reach the Dask scheduler {scheduler} ({error}): "
                                  "start it, or check the address") from None
        else:
            with dask.config.set({**PATIENCE, **NO_HTTP}):
                # mutual TLS with credentials made for this cluster: where student
                # code shares the loopback (no network namespace), it cannot talk
                # to the scheduler or a worker; and no dashboard
                self.local = LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                          host="127.0.0.1", dashboard_address=None,
                                          security=True, silence_logs=logging.CRITICAL)
            self.client = Client(self.local)
        try:
            self.client.wait_for_workers(1, timeout=workers_s)
        except TimeoutError:
            self.close()
            raise Unreachable(f"the Dask scheduler {scheduler} has no worker after "
                              f"{workers_s} s: start some (dask worker {scheduler})") from None
        try:
            self.client.register_plugin(GradingSetup(grader, questions))
        except BaseException:
            self.close()
            raise

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self):
        self.client.close()
        if self.local is not None:
            self.local.close()

    def workers(self):
        """Addresses of the workers that are up."""
        return set(self.client.scheduler_info(n_workers=-1)["workers"])

    def fingerprints(self):
        """``{worker address: fingerprint of its kit}``."""
        return self.client.run(worker_fingerprint)

    def grade(self, jobs, *, lang, questions, grader, timeout, done):
        """Grade every :class:`Job`; call ``done(job, text, seconds, problem, timed_out)``.

        ``text`` is the report's JSON, or None with ``problem`` saying why.
        """
        pending = list(jobs)
        running = {}
        alone_since = None
        while pending or running:
            up = self.workers()
            alone_since = None if up else alone_since or time.monotonic()
            if alone_since and time.monotonic() - alone_since > self.workers_s:
                for job in pending:
                    done(job, None, 0.0, "no grading process was left to grade it", False)
                pending = []
            for address in [a for a in running if a not in up]:
                job = running.pop(address)
                self.client.cancel(job.future)
                if job.attempts < ATTEMPTS:  # perhaps the machine's fault: once more
                    pending.insert(0, job)
                else:
                    done(job, None, time.monotonic() - job.started,
                         f"the grading process died ({job.attempts} times)", False)
            for address in sorted(up - set(running)):
                if not pending:
                    break
                job = pending.pop(0)
                job.worker, job.started = address, time.monotonic()
                job.attempts += 1
                job.future = self.client.submit(
                    grade_source, job.source, lang, questions, grader,
                    key=f"grade-{job.key[:16]}-{uuid.uuid4().hex[:8]}",
                    workers=[address], allow_other_workers=False, pure=False, retries=0)
                running[address] = job
            futures = [j.future for j in running.values()]
            if futures:
                try:
                    wait(futures, timeout=POLL_S, return_when=FIRST_COMPLETED)
                except TimeoutError:
                    pass
            else:
                time.sleep(POLL_S)
            for address, job in list(running.items()):
                if job.future.done():
                    running.pop(address)
                    self._collect(job, done)
                elif time.monotonic() - job.started > timeout:
                    running.pop(address)
                    self._restart(job)
                    done(job, None, time.monotonic() - job.started,
                         f"grading took more than {timeout:g} s", True)

    def _collect(self, job, done):
        seconds = time.monotonic() - job.started
        try:
            text, seconds = job.future.result()
        except Exception as error:  # noqa: BLE001  the grader's or the worker's failure
            name = type(error).__name__
            if name == "KilledWorker":
                problem = "the grading process died"
            elif isinstance(error, Unreportable):
                problem = str(error)
            else:
                problem = f"grader error: {name}: {error}"
            done(job, None, seconds, problem, False)
            return
        done(job, text, seconds, "", False)

    def _restart(self, job):
        """Stop what ``job`` runs and give its worker a fresh process."""
        with contextlib.suppress(Exception):  # the worker is going anyway
            self.client.run(stop_grading, workers=[job.worker], wait=True)
        self.client.cancel(job.future, force=True)
        try:
            self.client.restart_workers([job.worker], raise_for_error=False)
        except Exception:  # noqa: BLE001  a worker without a nanny: retired by the scheduler
            self.client.retire_workers([job.worker], close_workers=True)
