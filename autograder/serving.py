"""Serving reference functions to a worker: bounded by value, run under limits.

While a question is graded, the worker's module globals named in the
question's ``served`` set are proxies that ask the grader (see
``sandbox/worker.py``).  Every such call is checked here before anything
runs: arguments are bounded by value, numpy scalars and 0-d arrays included,
so that no argument can make the reference allocate gigabytes.  The call then
runs in the :class:`ReferenceServer`, a long-lived child process of the
grader with its own address-space limit and one BLAS thread, which the
grader kills (and later restarts) when a call overruns what is left of the
question's time: the deadline holds while the reference works, and the
grader's own memory never grows with what a worker asks for.

A call that does not fit the reference's signature (a student helper with an
extra optional parameter, called with it) is not refused: the worker is told
to run the student's own helper for it, which is what the student's code
would do without the grader.
"""

import atexit
import inspect
import os
import socket
import subprocess
import sys
import threading
import time
from functools import cache
from pathlib import Path

import numpy as np

from . import settings
from .i18n import tr
from .sandbox import wire

#: bounds on what a worker may ask the grader to compute for it
MAX_SERVED_CALLS = 50_000
#: numbers in all array arguments of one call together
MAX_SERVED_ELEMENTS = 200_000
#: an integer argument (Python or numpy, 0-d arrays included), and any size
MAX_SERVED_INT = 10_000
#: the two largest sizes of one call multiplied: bounds what the reference
#: builds from them (``X @ W``, ``one_hot(y, n_classes)``, ``init_params``)
MAX_SERVED_RESULT = 4_000_000
#: array dimensions
MAX_SERVED_NDIM = 4
#: parameters of the reference that are sizes (every other number is a value)
SIZE_PARAMETERS = ("n", "n_features", "n_classes")
#: sizes that divide rather than multiply (bounded, but not part of the product)
COUNT_PARAMETERS = ("batch_size",)

#: a call whose cost (see ``measure``) is at most this runs in the grader
#: itself: the reference needs microseconds and at most a megabyte for it,
#: less than the server's round trip (about 0.3 ms); every larger call runs
#: in the server, under its memory limit and the question's deadline
IN_PROCESS_COST = 65_536
#: the reference server's address-space limit (RLIMIT_AS)
SERVER_MEMORY_BYTES = 2 << 30
#: a frame from the reference server is never larger than this
MAX_FROM_SERVER = 256 << 20

PACKAGE_PARENT = Path(__file__).resolve().parent.parent
REFERENCE_MODULE = "reference_softmax"


def serve(worker, request):
    """Answer a worker's request for a served reference function.

    Parameters
    ----------
    worker : autograder.isolation.WorkerProcess
        The worker asking; its ``served`` functions, ``calling`` (the tested
        function), call counts and ``deadline`` are used.
    request : dict
        ``{"op": "ref", "fn": name, "args": [...], "kwargs": {...}}``.

    Returns
    -------
    dict
        The message for the worker: ``ref_result``, ``ref_error`` or
        ``ref_own`` (run the student's own function for this call).

    Raises
    ------
    TimeoutError
        The question's deadline passed while the reference worked.
    """
    name = request.get("fn")
    function = worker.served.get(name)
    if function is None or name == worker.calling:
        # a tested function never gets its own reference, even where the
        # question serves it to another function (l2_penalty in ep08)
        return _refused("NameError", tr("{name} is not served here", name=repr(name)))
    worker.served_calls += 1
    worker.served_counts[name] = worker.served_counts.get(name, 0) + 1
    args, kwargs = request.get("args", []), request.get("kwargs", {})
    if not isinstance(args, list) or not isinstance(kwargs, dict):
        return _refused("TypeError", tr("a malformed call"))
    try:
        bound = _signature(function).bind(*args, **kwargs)
    except TypeError:
        return {"op": "ref_own"}
    problem, cost = measure(bound, worker.served_calls)
    if problem:
        return _refused("ValueError", problem)
    if cost <= IN_PROCESS_COST:
        return _run(function, args, kwargs)
    return server().call(function.__name__, args, kwargs, deadline=worker.deadline)


@cache
def _signature(function):
    return inspect.signature(function)


def _refused(type_name, message):
    return {"op": "ref_error", "type": type_name, "message": message}


# ------------------------------------------------------------------ bounds

def measure(bound, calls):
    """``(problem, cost)`` of a served call: why it is refused (or ``""``) and its size.

    Parameters
    ----------
    bound : inspect.BoundArguments
        The call, bound to the reference function's signature.
    calls : int
        Served calls so far in this worker, this one included.

    Returns
    -------
    problem : str
        Why the call is refused (too large, too many), or ``""``.
    cost : int
        Numbers in its array arguments plus the two largest sizes multiplied:
        a bound on what the reference reads and builds.
    """
    if calls > MAX_SERVED_CALLS:
        return tr("more than {count} calls of served functions", count=MAX_SERVED_CALLS), 0
    elements, sizes = 0, []
    for parameter, value in bound.arguments.items():
        kind = bound.signature.parameters[parameter].kind
        values = (value if kind is inspect.Parameter.VAR_POSITIONAL else
                  value.values() if kind is inspect.Parameter.VAR_KEYWORD else (value,))
        for one in values:
            problem, size = _bounded(parameter, one)
            if problem:
                return problem, 0
            if isinstance(one, np.ndarray) and one.ndim:
                elements += one.size
                sizes.extend(one.shape)
            elif parameter in SIZE_PARAMETERS and size is not None:
                sizes.append(size)
    if elements > MAX_SERVED_ELEMENTS:
        return tr("arrays of more than {count} numbers", count=MAX_SERVED_ELEMENTS), 0
    largest = sorted(sizes)[-2:]
    result = largest[0] * largest[1] if len(largest) == 2 else sum(largest)
    if result > MAX_SERVED_RESULT:
        return tr("sizes {a} and {b} together ask for a result of more than {count} numbers",
                  a=largest[1], b=largest[0], count=MAX_SERVED_RESULT), 0
    return "", elements + result


def _bounded(parameter, value):
    """``(problem, size)`` of one argument: why it is refused, and its size as a number."""
    if value is None or isinstance(value, (str, np.random.Generator)):
        return "", None
    if isinstance(value, (wire.Opaque, list, tuple, dict)):
        return tr("an argument that is not a number or an array ({type})",
                  type=wire.type_name(value) if not isinstance(value, wire.Opaque)
                  else value.type_name), None
    if isinstance(value, np.ndarray) and value.ndim:
        if value.ndim > MAX_SERVED_NDIM:
            return tr("an array of more than {count} dimensions", count=MAX_SERVED_NDIM), None
        return "", None
    number = value.item() if isinstance(value, (np.ndarray, np.generic)) else value
    if isinstance(number, bool):
        return "", None
    sized = parameter in SIZE_PARAMETERS + COUNT_PARAMETERS
    if isinstance(number, int) or (sized and isinstance(number, float)):
        # a size may come as a float (int(n_classes) in the reference)
        if not abs(number) <= MAX_SERVED_INT:  # nan and inf included
            return tr("{name}={value} is larger than {limit}", name=parameter,
                      value=_short(number), limit=MAX_SERVED_INT), None
        return "", int(abs(number))
    return "", None


def _short(number):
    text = repr(number)
    return text if len(text) <= 24 else f"{text[:10]}...{text[-6:]} ({len(text)} digits)"


# ----------------------------------------------------------- the server

class ReferenceServer:
    """A child process that runs the reference's functions, one call at a time.

    It imports the reference once, runs with one BLAS thread under an
    address-space limit, and is killed when a call overruns its deadline; the
    next call starts a fresh one.  Both ends are the grader's own trusted
    code; the channel is the same plain-data ``wire`` as the workers'.

    Parameters
    ----------
    reference_path : path-like
        The reference ``softmax.py``.
    memory_bytes : int
        Its address-space limit.
    """

    def __init__(self, reference_path, memory_bytes=SERVER_MEMORY_BYTES):
        self.reference_path = str(reference_path)
        self.memory_bytes = memory_bytes
        self.proc = self.sock = None
        self.owner = None
        self.starts = 0
        self.lock = threading.Lock()

    def call(self, name, args, kwargs, *, deadline):
        """Run the reference ``name(*args, **kwargs)``; return the worker's message.

        Raises
        ------
        TimeoutError
            ``deadline`` (``time.monotonic()``) passed: the server is killed.
        """
        with self.lock:
            if self.proc is None or self.owner != os.getpid() or self.proc.poll() is not None:
                self._start()
            try:
                wire.send(self.sock, {"fn": name, "args": args, "kwargs": kwargs})
                reply = wire.receive(self.sock, max_bytes=MAX_FROM_SERVER, deadline=deadline,
                                     clock=time.monotonic)
            except TimeoutError:
                self.stop()
                raise
            except (OSError, wire.WireError):
                self.stop()
                return _refused("MemoryError", tr(
                    "the reference stopped while computing this call (out of memory?)"))
            if not isinstance(reply, dict) or reply.get("op") not in ("ref_result", "ref_error"):
                self.stop()
                return _refused("RuntimeError", tr("the reference answered with something "
                                                   "unexpected"))
            return reply

    def _start(self):
        self.stop()
        ours, theirs = socket.socketpair()
        try:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-B", "-c", _BOOT, str(theirs.fileno()),
                 str(PACKAGE_PARENT), self.reference_path, str(self.memory_bytes), __name__],
                pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                env=_server_environment())
        except BaseException:
            ours.close()
            raise
        finally:
            theirs.close()
        self.sock, self.owner = ours, os.getpid()
        self.starts += 1

    def stop(self):
        """Kill the server (the next call starts a fresh one)."""
        proc, sock = self.proc, self.sock
        self.proc = self.sock = None
        if sock is not None:
            sock.close()
        if proc is not None and self.owner == os.getpid():
            proc.kill()
            proc.wait()


_BOOT = ("import importlib, sys; sys.path.insert(0, sys.argv[2]); "
         "importlib.import_module(sys.argv[5]).run_server(int(sys.argv[1]), sys.argv[3], "
         "int(sys.argv[4]))")

_servers = {}
_servers_lock = threading.Lock()


def server():
    """The grading process's reference server (one per reference file)."""
    from .reference import reference_path

    path = str(reference_path().resolve())
    with _servers_lock:
        if path not in _servers:
            _servers[path] = ReferenceServer(path)
        return _servers[path]


@atexit.register
def _stop_servers():
    for one in list(_servers.values()):
        one.stop()


def _server_environment():
    keep = ("PATH", "LANG", "LC_ALL", "OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")
    env = {k: os.environ[k] for k in keep if k in os.environ}
    env.update(PYTHONHASHSEED="0", PYTHONDONTWRITEBYTECODE="1", **settings.blas_one_thread())
    return env


# ----------------------------------------------------- the server's side

def run_server(fd, reference_file, memory_bytes):
    """The server's loop (in the child): answer calls until the grader goes away."""
    import importlib.util
    import resource  # POSIX: the server runs only where the reference is served

    # set here rather than in a preexec_fn, which is unsafe in the grader's
    # threads; the server runs only the grader's own code
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))

    spec = importlib.util.spec_from_file_location(REFERENCE_MODULE, reference_file)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    sock = socket.socket(fileno=fd)
    while True:
        try:
            request = wire.receive(sock, max_bytes=MAX_FROM_SERVER)
        except (wire.ChannelClosed, OSError):
            return
        wire.send(sock, _run(getattr(module, request["fn"]), request["args"],
                             request["kwargs"]))


def _run(function, args, kwargs):
    try:
        value = function(*args, **kwargs)
        if not isinstance(value, (list, tuple, dict, float, int)) and not \
                hasattr(value, "dtype") and value is not None:
            value = list(value)
    except Exception as error:  # MemoryError included: the server lives on
        return _refused(type(error).__name__, str(error))
    states = [[kind, where, g.bit_generator.state] for kind, where, g in
              _generators(args, kwargs)]
    return {"op": "ref_result", "value": value, "rng_states": states}


def _generators(args, kwargs):
    yield from (("arg", i, g) for i, g in enumerate(args)
                if isinstance(g, np.random.Generator))
    yield from (("kwarg", k, g) for k, g in kwargs.items()
                if isinstance(g, np.random.Generator))

