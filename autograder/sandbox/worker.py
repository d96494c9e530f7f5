"""The worker process: imports one submission and runs its functions on request.

Run by the grader as ``python -I -B worker.py --fd FD SUBMISSION [--uid UID]``
(``FD`` is a connected socket, see ``wire``; inside a bubblewrap sandbox the
worker first becomes the unprivileged user ``UID``), or as ``worker.py
--connect PORT SUBMISSION`` where file descriptors cannot be passed (it reads
a token from its standard input and connects to the grader's loopback port).
The worker is the only process that ever executes student code.  Conditions
of its own are reported as codes (``"code": "import_refused"``), which the
grader turns into words.  It answers these requests:

``load``
    import the submission as module ``softmax`` (so its
    ``if __name__ == "__main__":`` block does not run), report which contract
    functions it defines, and replace the module globals named in ``served``
    by proxies that ask the grader for the reference result.  A student
    function that calls ``loss_and_grad(...)`` then gets the reference one,
    while the grader's own calls still reach the student's original function.
``call``
    call one student function with plain data; answer with its value, the
    warnings it raised, the arguments it modified, the final state of any
    random generator it was given, and whether it touched numpy's global
    random state.
``exit``
    end the process.

Nothing here trusts the submission: the grader validates every answer.
"""

import os
import sys


def _become(argv):
    """``--uid UID``: drop root's groups and become UID, before anything is imported."""
    if "--uid" in argv:
        uid = int(argv[argv.index("--uid") + 1])
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
        if os.getuid() != uid or os.geteuid() != uid or uid == 0:
            raise SystemExit("the worker could not drop its privileges")


_become(sys.argv)

import errno  # noqa: E402
import importlib.util  # noqa: E402
import itertools  # noqa: E402
import socket  # noqa: E402
import traceback  # noqa: E402
import warnings  # noqa: E402

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
import wire  # noqa: E402

sys.path.remove(_HERE)

import numpy as np  # noqa: E402

MAX_INCOMING = 4 << 30
MAX_BATCHES = 10_000_000
MAX_TEXT = 2000
#: what the module's own value of a served name is when the file does not define it
_UNDEFINED = object()


class Worker:
    def __init__(self, sock, path):
        self.sock, self.path = sock, os.path.abspath(path)
        self.functions = {}
        self.module = None
        #: the module's own values of the served names, as its import left them
        self.own = {}

    # -------------------------------------------------------------- loop
    def serve(self):
        while True:
            try:
                message = wire.receive(self.sock, max_bytes=MAX_INCOMING)
            except wire.ChannelClosed:
                return
            op = message.get("op")
            if op == "load":
                reply = self.load(message["functions"], message["served"])
            elif op == "call":
                reply = self.call(message)
            elif op == "serve":
                self.install(message["served"])
                reply = {"op": "serving"}
            elif op == "reseed":
                np.random.seed(int(message["seed"]))
                reply = {"op": "reseeded"}
            elif op == "exit":
                return
            else:
                reply = {"op": "protocol_error", "message": f"unknown op {op!r}"}
            self.send(reply)

    def send(self, reply):
        try:
            wire.send(self.sock, reply)
        except wire.WireError:
            raise
        except Exception as error:  # a value that could not be encoded
            wire.send(self.sock, {"op": "error", "type": "EncodingError",
                                  "message": _text(error), "traceback": "",
                                  "not_implemented": False})

    # -------------------------------------------------------------- load
    def load(self, names, served):
        spec = importlib.util.spec_from_file_location("softmax", self.path)
        module = importlib.util.module_from_spec(spec)
        sys.modules["softmax"] = module
        try:
            spec.loader.exec_module(module)
        except SyntaxError as error:
            return {"op": "load_error", "kind": "syntax", "line": error.lineno,
                    "message": _text(error.msg), "text": _text(error.text or "")}
        except BaseException as error:  # SystemExit, KeyboardInterrupt too
            return {"op": "load_error", "kind": "exception",
                    "type": type(error).__name__, "message": _text(error),
                    "traceback": self.trimmed_traceback(error), **_code_of(error)}
        self.module = module
        status = {}
        for name in names:
            value = module.__dict__.get(name)
            if value is None:
                status[name] = "missing"
            elif not callable(value):
                status[name] = "not callable"
            else:
                status[name] = "ok"
                self.functions[name] = value
        self.install(served)
        return {"op": "loaded", "status": status}

    def install(self, served):
        """Make the module's globals named in ``served`` proxies of the grader's reference,
        and give back its own values to the names served until now."""
        for name, value in self.own.items():
            if value is _UNDEFINED:
                self.module.__dict__.pop(name, None)
            else:
                setattr(self.module, name, value)
        self.own = {name: self.module.__dict__.get(name, _UNDEFINED) for name in served}
        for name in served:
            setattr(self.module, name, self.proxy(name))

    def proxy(self, name):
        worker = self

        def served(*args, **kwargs):
            wire.send(worker.sock, {"op": "ref", "fn": name, "args": list(args),
                                    "kwargs": kwargs})
            reply = wire.receive(worker.sock, max_bytes=MAX_INCOMING)
            if reply.get("op") == "ref_own":
                return worker.own_call(name, args, kwargs)
            if reply.get("op") != "ref_result":
                kind = {"TypeError": TypeError, "IndexError": IndexError}.get(
                    reply.get("type"), ValueError)
                raise kind(f"{name}() (the reference, served by the grader): "
                           f"{reply.get('message')}")
            _restore_generators(args, kwargs, reply["rng_states"])
            return reply["value"]

        served.__name__ = served.__qualname__ = name
        served.__doc__ = f"The reference {name}(), served by the grader."
        return served

    def own_call(self, name, args, kwargs):
        """The student's own ``name``, for a call the reference's signature cannot take
        (a helper with an extra parameter): what their code does without the grader."""
        function = self.functions.get(name)
        if function is None:
            raise NameError(f"{name} is not defined in softmax.py")
        return function(*args, **kwargs)

    # -------------------------------------------------------------- call
    def call(self, message):
        name = message["fn"]
        args, kwargs = list(message["args"]), dict(message["kwargs"])
        options = message.get("options") or {}
        function = self.functions.get(name)
        if function is None:
            return {"op": "error", "type": "MissingFunction",
                    "message": f"{name} is not defined", "traceback": "",
                    "not_implemented": False}
        if options.get("mapped"):
            try:
                args = _mapped(args, options["mapped"])
            except (OSError, ValueError) as error:
                return {"op": "error", "type": "MappingError", "message": _text(error),
                        "traceback": "", "not_implemented": False}
        if options.get("check_mutation"):
            # immutable, read-only arrays: a write into one raises, and no
            # patch of the worker can hide it (the grader reads the error)
            args = [_frozen(a) for a in args]
            kwargs = {k: _frozen(v) for k, v in kwargs.items()}
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                with np.errstate(over="warn", divide="warn", invalid="warn",
                                 under="ignore"):
                    value = function(*args, **kwargs)
                    if options.get("materialize") and not isinstance(
                            value, (list, tuple, np.ndarray)):
                        value = list(itertools.islice(iter(value), MAX_BATCHES))
            except BaseException as error:
                return {"op": "error", "type": type(error).__name__,
                        "message": _text(error),
                        "traceback": self.trimmed_traceback(error),
                        "not_implemented": isinstance(error, NotImplementedError),
                        **_code_of(error)}
        return {
            "op": "result",
            "value": value,
            "warnings": [f"{w.category.__name__}: {_text(w.message)}"
                         for w in caught[:20]],
            "rng_states": _generator_states(args, kwargs),
        }

    def trimmed_traceback(self, error):
        """The traceback of ``error``, only the frames in the student's file."""
        try:
            frames = [f for f in traceback.extract_tb(error.__traceback__)
                      if os.path.abspath(f.filename) == self.path]
            lines = [f'  File "softmax.py", line {f.lineno}, in {f.name}\n'
                     f"    {(f.line or '').strip()}" for f in frames[-6:]]
            lines.append(f"{type(error).__name__}: {_text(error)}")
            return "\n".join(lines)
        except Exception:
            return f"{type(error).__name__}"


def _text(value):
    try:
        text = str(value)
    except BaseException:
        text = "<unprintable>"
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + " ..."


def _code_of(error):
    """The code of a condition the grader words itself, as reply fields."""
    if isinstance(error, RefusedImport):
        return {"code": "import_refused", "module": _text(error.module)}
    if isinstance(error, OSError) and error.errno == errno.EFBIG:
        return {"code": "output_limit"}
    return {}


class RefusedImport(ImportError):
    """An import the worker's hook refused (``module`` names the top package)."""

    def __init__(self, module):
        super().__init__(f"softmax.py may import only numpy and the Python standard "
                         f"library, not {module!r}")
        self.module = module


def _mapped(args, mapped):
    """``args`` with the ones named in ``mapped`` (``[[position, path], ...]``) read from
    .npy files the grader wrote: a copy-on-write memory map, so a large data set need not
    cross the socket and the file cannot be written (a write stays in this process)."""
    args = list(args)
    for position, path in mapped:
        args[position] = np.load(path, mmap_mode="c", allow_pickle=False).view(np.ndarray)
    return args


def _frozen(value):
    """A read-only copy of an array, backed by immutable bytes (others unchanged)."""
    if type(value) is not np.ndarray:
        return value
    return np.frombuffer(value.tobytes(), dtype=value.dtype).reshape(value.shape)


def _generators(args, kwargs):
    yield from (("arg", i, g) for i, g in enumerate(args)
                if isinstance(g, np.random.Generator))
    yield from (("kwarg", k, g) for k, g in kwargs.items()
                if isinstance(g, np.random.Generator))


def _generator_states(args, kwargs):
    return [[kind, where, g.bit_generator.state] for kind, where, g in
            _generators(args, kwargs)]


def _restore_generators(args, kwargs, states):
    for kind, where, state in states:
        target = args[where] if kind == "arg" else kwargs[where]
        target.bit_generator.state = state


class OnlyNumpyAndTheStandardLibrary:
    """Import hook: modules may come from numpy and the standard library only.

    Judged by where a module's file lies, not by its name, so that numpy's
    and the standard library's own internal imports keep working, while
    anything installed beside them (torch, scipy, ...) fails to import.
    """

    def __init__(self):
        stdlib = os.path.dirname(os.__file__)  # lib-dynload lies inside it
        self.allowed = tuple(os.path.realpath(p) + os.sep
                             for p in (stdlib, os.path.dirname(np.__file__)))
        self.denied = tuple(os.path.realpath(os.path.join(stdlib, sub)) + os.sep
                            for sub in ("site-packages", "dist-packages"))

    def find_spec(self, name, path=None, target=None):
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                break
        else:
            return None
        origin = spec.origin
        if origin in (None, "built-in", "frozen"):
            return spec
        where = os.path.realpath(origin)
        if where.startswith(self.allowed) and not where.startswith(self.denied):
            return spec
        raise RefusedImport(name.partition(".")[0])


def _channel(argv):
    """The socket to the grader: an inherited descriptor, or a loopback connection."""
    if argv[1] == "--fd":
        return socket.socket(fileno=int(argv[2]))
    token = sys.stdin.readline().strip().encode()
    sys.stdin.close()
    sock = socket.create_connection(("127.0.0.1", int(argv[2])))
    sock.sendall(token)
    return sock


def main():
    path = sys.argv[3]
    sock = _channel(sys.argv)
    sys.meta_path.insert(0, OnlyNumpyAndTheStandardLibrary())
    try:
        Worker(sock, path).serve()
    finally:
        sock.close()


if __name__ == "__main__":
    main()
