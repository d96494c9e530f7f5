"""The grader's side of a worker process: start it, call into it, end it.

The trusted grader never imports the submission.  It starts a fresh worker
process (``sandbox/worker.py``, started as ``launch`` decides) for a question,
or for a few questions in turn (``begin``),
which imports the file and answers calls over a socket that carries plain
data only (``sandbox/wire``).  The grader enforces a wall-clock deadline for
the whole question; ``limits`` bound the worker's memory, CPU time and
output.  When the deadline passes the worker and all it started are killed.
"""

import os
import shutil
import signal
import subprocess
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from . import launch, serving
from .errors import LoadError, StudentError, WorkerGone, worker_text
from .i18n import tr
from .limits import Limits
from .sandbox import wire

__all__ = ["CallResult", "Limits", "LoadError", "StudentError", "WorkerGone", "WorkerProcess"]

SANDBOX = Path(__file__).resolve().parent / "sandbox"
SANDBOX_FILES = ("worker.py", "wire.py")
KIT_ROOT = Path(__file__).resolve().parent.parent

#: a frame from the worker is never larger than this (no result is big)
MAX_FROM_WORKER = 256 << 20


@dataclass
class CallResult:
    """What one call of a student function gave back.

    Attributes
    ----------
    value : object
        The returned value, as plain data (see ``wire``).
    warnings : list of str
        Warnings raised during the call (``"RuntimeWarning: overflow ..."``).
    rng_states : list
        ``[kind, where, state]`` of every Generator argument after the call.
    served : dict
        How often the call used each function the grader serves: counted by
        the grader, so the submission cannot misreport it.
    """

    value: object
    warnings: list = field(default_factory=list)
    rng_states: list = field(default_factory=list)
    served: dict = field(default_factory=dict)

    def generator_after(self, where):
        """The Generator passed at ``where`` (index or keyword), after the call."""
        for _kind, position, state in self.rng_states:
            if position == where:
                return wire.make_generator(state)
        raise KeyError(where)


class WorkerProcess:
    """One worker process running one submission, for one question.

    Parameters
    ----------
    submission : path-like
        The student's ``softmax.py``; the worker gets a private copy.
    functions : sequence of str
        Contract function names to look up in the file.
    served : mapping of str to callable
        Functions the worker's module globals get from the grader instead of
        the student (the reference implementations).
    limits : Limits
        Resource limits; the wall-clock budget starts now.
    import_s : float, optional
        A shorter budget for importing the file, within ``limits.wall_s``.
    """

    def __init__(self, submission, functions, served, limits=None, import_s=None):
        self.limits = limits = limits or Limits()
        self.served = dict(served)
        self.plan = launch.plan()
        self.uid = None
        self.import_s = import_s
        self.started = time.monotonic()
        self.deadline = self.started + limits.wall_s
        self.calling = None
        self.served_calls = 0
        self.served_counts = {}
        self.proc = self.sock = self.output = None
        # the grader's own folder (0700): the worker's captured output lives
        # here, out of the worker's reach, read through the grader's handle
        self.private = Path(tempfile.mkdtemp(prefix="softmax-grader-"))
        self.tmp = Path(tempfile.mkdtemp(prefix="softmax-worker-", dir=self._work_root()))
        try:
            self._start(submission, functions)
        except BaseException:
            self.close()
            raise

    def _start(self, submission, functions):
        self.path = self.tmp / "softmax.py"
        shutil.copyfile(submission, self.path)
        # the worker runs its own copy of the sandbox code: it needs nothing
        # from the kit's folder, which it may not be able to enter
        (self.tmp / "sandbox").mkdir()
        for name in SANDBOX_FILES:
            shutil.copyfile(SANDBOX / name, self.tmp / "sandbox" / name)
        if self.plan.switches_user:
            from . import privileges

            if self.plan.mode == "uid":
                _protect_the_kit()
            self.uid = privileges.next_uid()
            privileges.hand_over(self.tmp, self.uid)
        # appending: the worker's writes follow a truncation (``begin``)
        self.output = open(self.private / "output.txt", "a+b")
        self.proc, self.sock = launch.start(self.plan, self.tmp, self.output, self.limits,
                                            self.uid)
        self.status = self._load(functions)

    def _work_root(self):
        if self.plan.mode == "uid" and self.plan.private_mounts:
            from . import privileges

            return privileges.work_root()  # /tmp is replaced inside the worker
        return None

    # ---------------------------------------------------------- requests
    def _load(self, functions):
        whole = self.deadline
        if self.import_s is not None:
            self.deadline = min(whole, time.monotonic() + self.import_s)
        try:
            reply = self._exchange({"op": "load", "functions": list(functions),
                                    "served": sorted(self.served)}, tr("importing your file"))
        except WorkerGone as gone:
            if gone.timed_out and self.import_s is not None:
                raise WorkerGone(tr("timed out after {seconds:g} s while {doing}",
                                    seconds=self.import_s, doing=tr("importing your file")),
                                 timed_out=True) from None
            raise
        finally:
            self.deadline = whole
        if reply.get("op") == "load_error":
            if reply.get("kind") == "syntax":
                raise LoadError(
                    tr("softmax.py has a syntax error on line {line}: {message}",
                       line=reply.get("line"), message=reply.get("message")),
                    str(reply.get("text", "")).rstrip())
            raise LoadError(
                tr("importing softmax.py raised {type}: {message}", type=reply.get("type"),
                   message=worker_text(reply)),
                str(reply.get("traceback", "")))
        if reply.get("op") != "loaded" or not isinstance(reply.get("status"), dict):
            raise LoadError(tr("the worker answered the import with something unexpected"))
        return {name: str(reply["status"].get(name, "missing")) for name in functions}

    def call(self, function, *args, options=None, **kwargs):
        """Call the student's ``function`` with plain data; return a CallResult.

        Raises
        ------
        StudentError
            The function raised, or the file does not define it.
        WorkerGone
            The question's deadline passed or the worker died.
        """
        state = self.status.get(function, "missing")
        if state != "ok":
            message = (tr("{function} is not defined in your file", function=function)
                       if state == "missing" else
                       tr("{function} in your file is not a function", function=function))
            raise StudentError(function, "NameError", message, missing=True)
        options = dict(options or {})
        if options.get("mapped"):  # host paths, as the worker sees them
            options["mapped"] = [[position, launch.visible_path(self.plan, path)]
                                 for position, path in options["mapped"]]
        self.calling = function
        self.served_counts = {}
        try:
            reply = self._exchange({"op": "call", "fn": function, "args": list(args),
                                    "kwargs": kwargs, "options": options},
                                   tr("running {function}()", function=function))
        finally:
            self.calling = None
        if reply.get("op") == "error":
            message = worker_text(reply)
            if options.get("check_mutation") and reply.get("type") == "ValueError" and (
                    "read-only" in message or "WRITEABLE" in message):
                # arguments were read-only here: the function tried to write into one
                message = tr("{function}() writes into its arguments, which must stay "
                             "unchanged ({message})", function=function, message=message)
            raise StudentError(function, str(reply.get("type")), message,
                               str(reply.get("traceback", "")),
                               bool(reply.get("not_implemented")))
        if reply.get("op") != "result":
            raise WorkerGone(tr("{function}() answered with something unexpected",
                                function=function))
        return CallResult(
            value=reply.get("value"),
            warnings=[str(w) for w in reply.get("warnings") or []],
            rng_states=_checked_states(reply.get("rng_states")),
            served=dict(self.served_counts),
        )

    def serve(self, served):
        """Serve these reference functions (``{name: callable}``) from now on, in place of
        those served until now (the module's own values come back)."""
        self.served = dict(served)
        reply = self._exchange({"op": "serve", "served": sorted(self.served)},
                               tr("preparing the next question"))
        if reply.get("op") != "serving":
            raise WorkerGone(tr("the worker answered with something unexpected"))

    def reseed_global_random_state(self, seed):
        """Seed numpy's global random state in the worker (``np.random.seed``)."""
        reply = self._exchange({"op": "reseed", "seed": int(seed)},
                               tr("running {function}()", function="np.random.seed"))
        if reply.get("op") != "reseeded":
            raise WorkerGone(tr("{function}() answered with something unexpected",
                                function="np.random.seed"))

    def _exchange(self, message, doing):
        """Send one request; serve reference calls until its answer comes."""
        try:
            wire.send(self.sock, message)
            while True:
                reply = wire.receive(self.sock, max_bytes=MAX_FROM_WORKER,
                                     deadline=self.deadline, clock=time.monotonic)
                if not isinstance(reply, dict):
                    raise wire.WireError("a reply that is not a message")
                if reply.get("op") != "ref":
                    return reply
                answer = self._serve(reply)
                if time.monotonic() > self.deadline:
                    raise TimeoutError("deadline passed while serving")
                wire.send(self.sock, answer)
        except TimeoutError:
            self.kill()
            budget = self.limits.budget_s or self.limits.wall_s
            raise WorkerGone(tr("timed out after {seconds:g} s while {doing}", seconds=budget,
                                doing=doing),
                             timed_out=True) from None
        except Exception as error:  # whatever the worker sent or did: it is gone for us
            code = self.kill(grace_s=1.0)
            raise WorkerGone(_death_message(code, doing, self.output_tail(), error)) from None

    def _serve(self, request):
        """Answer a worker's request for a served reference function (``serving``)."""
        return serving.serve(self, request)

    # ---------------------------------------------------------- lifetime
    def begin(self, budget_s):
        """Start the next question in this worker: a wall-clock budget of
        ``budget_s`` from now, its own served-call count and its own output
        (what the last question printed is dropped)."""
        self.started = time.monotonic()
        self.deadline = self.started + budget_s
        self.limits = replace(self.limits, budget_s=budget_s)
        self.served_calls = 0
        self.served_counts = {}
        self.output.truncate(0)

    @property
    def alive(self):
        """Whether the worker process is still running."""
        return self.proc is not None and self.proc.poll() is None

    def output_tail(self, limit=800):
        """The last ``limit`` bytes the submission printed, as text."""
        if self.output is None:
            return ""
        try:
            size = os.fstat(self.output.fileno()).st_size
            start = max(0, size - limit)
            return os.pread(self.output.fileno(), min(limit, size), start).decode(
                "utf-8", "replace")
        except OSError:
            return ""

    def kill(self, grace_s=0.0):
        """End the worker and all it started (with a user id: every process of
        that user, and what it left); return the worker's exit status (a
        worker that is ending by itself gets ``grace_s`` to say how)."""
        return launch.stop(self.proc, self.plan, self.uid, grace_s=grace_s)

    def close(self):
        """Ask the worker to exit, then make sure it and its children are gone."""
        if self.proc is not None and self.proc.poll() is None:
            try:
                wire.send(self.sock, {"op": "exit"})
                self.proc.wait(timeout=2)
            except (OSError, subprocess.TimeoutExpired):
                pass
        self.kill()
        for handle in (self.sock, self.output):
            if handle is not None:
                handle.close()
        shutil.rmtree(self.tmp, ignore_errors=True)
        shutil.rmtree(self.private, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _generators(args, kwargs):
    import numpy as np

    yield from (("arg", i, g) for i, g in enumerate(args)
                if isinstance(g, np.random.Generator))
    yield from (("kwarg", k, g) for k, g in kwargs.items()
                if isinstance(g, np.random.Generator))


def _checked_states(states):
    checked = []
    for item in states or []:
        kind, where, state = item
        wire.make_generator(state)  # raises on anything but a PCG64 state
        checked.append([str(kind), where, state])
    return checked


def _death_message(code, doing, output, error):
    if code is not None and code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = f"signal {-code}"
        reason = {"SIGXFSZ": tr("it printed or wrote more than the output limit"),
                  "SIGXCPU": tr("it used up its CPU-time limit"),
                  "SIGSEGV": tr("it crashed (segmentation fault)"),
                  "SIGKILL": tr("it was killed (out of memory?)")}.get(
                      name, tr("it was killed by {signal}", signal=name))
        text = tr("your code ended the worker process while {doing}: {reason}", doing=doing,
                  reason=reason)
    elif code is not None:
        text = tr("your code ended the worker process while {doing} (exit status {code}: "
                  "sys.exit() or os._exit()?)", doing=doing, code=code)
    else:
        text = tr("the worker stopped answering while {doing} ({error})", doing=doing,
                  error=error)
    if output.strip():
        text += "\n" + tr("last output:") + "\n" + output.strip()[-400:]
    return text


_protected = []


def _protect_the_kit():
    """Once per process: the kit's folder and the reference become 0700."""
    if not _protected:
        from . import privileges
        from .reference import reference_path

        folders = {KIT_ROOT}
        try:
            folders.add(reference_path().resolve().parent)
        except FileNotFoundError:
            pass
        privileges.protect(sorted(folders))
        _protected.append(True)


