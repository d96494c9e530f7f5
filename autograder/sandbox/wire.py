"""The narrow channel between the grader and a submission's worker process.

Only plain data crosses it: ``None``, ``bool``, ``int``, ``float``, ``str``,
lists, tuples, dicts with string keys, numeric numpy arrays and scalars, and
the state of a ``numpy.random.Generator`` (PCG64).  Anything else is sent as
an :class:`Opaque` placeholder that names its type, so the receiving side can
say "returned a numpy.matrix" without ever holding the object.

A message is one frame on a stream socket::

    8-byte big-endian length | JSON header | (8-byte length | raw bytes) ...

The header describes the value; numpy buffers follow it raw, so no pickle is
involved and decoding can never run code.  This module needs only numpy and
the standard library, because the worker imports it before the submission.
"""

import json
import struct

import numpy as np

_LENGTH = struct.Struct("!Q")

#: dtypes that may cross the channel, all little-endian / byte-sized.
ALLOWED_DTYPES = frozenset(
    np.dtype(name).str for name in (
        "bool", "int8", "int16", "int32", "int64", "uint8", "uint16",
        "uint32", "uint64", "float16", "float32", "float64",
    )
)

MAX_DEPTH = 32
SMALL_FRAME = 1 << 20
MAX_ITEMS = 1_000_000


class WireError(Exception):
    """A frame that breaks the rules of this channel."""


class ChannelClosed(WireError):
    """The other end went away."""


class Opaque:
    """Placeholder for a value that is not plain data.

    Attributes
    ----------
    type_name : str
        ``module.qualname`` of the value's type, e.g. ``"numpy.matrix"``.
    """

    __slots__ = ("type_name",)

    def __init__(self, type_name):
        self.type_name = str(type_name)

    def __repr__(self):
        return f"<{self.type_name} object>"

    def __eq__(self, other):
        return isinstance(other, Opaque) and other.type_name == self.type_name

    def __hash__(self):
        return hash(self.type_name)


def type_name(value):
    """``module.qualname`` of the type of ``value``, for messages."""
    cls = type(value)
    module = getattr(cls, "__module__", "") or ""
    name = getattr(cls, "__qualname__", getattr(cls, "__name__", "?"))
    return name if module in ("builtins", "") else f"{module}.{name}"


# ---------------------------------------------------------------- encoding

def encode(value):
    """Split ``value`` into a JSON-able header and a list of raw buffers."""
    buffers = []
    counter = [0]
    header = _encode(value, buffers, counter, 0)
    return header, buffers


def _encode(value, buffers, counter, depth):
    counter[0] += 1
    if depth > MAX_DEPTH or counter[0] > MAX_ITEMS:
        return {"t": "opaque", "type": "too deeply nested or too large"}
    cls = type(value)
    if value is None or cls in (bool, str):
        return value
    if cls in (int, float):
        return value
    if isinstance(value, np.ndarray):
        if cls is not np.ndarray:
            return {"t": "opaque", "type": type_name(value)}
        return _encode_array(value, buffers, "nd")
    if isinstance(value, np.generic):
        if value.dtype.kind not in "biuf":
            return {"t": "opaque", "type": type_name(value)}
        return _encode_array(np.asarray(value), buffers, "scalar")
    if isinstance(value, (bool, int, float, str)):
        # subclasses of the builtins (an int with a lying __eq__, say)
        # cross as their plain builtin value
        base = next(b for b in (bool, int, float, str) if isinstance(value, b))
        return _encode(base(value), buffers, counter, depth)
    if isinstance(value, (list, tuple)):
        tag = "tuple" if isinstance(value, tuple) else "list"
        items = [_encode(v, buffers, counter, depth + 1) for v in list(value)]
        return {"t": tag, "v": items}
    if isinstance(value, dict):
        pairs = []
        for key, item in list(value.items()):
            if type(key) is not str:
                return {"t": "opaque", "type": "dict with non-string keys"}
            pairs.append([key, _encode(item, buffers, counter, depth + 1)])
        return {"t": "dict", "v": pairs}
    if isinstance(value, np.random.Generator):
        state = value.bit_generator.state
        if state.get("bit_generator") != "PCG64":
            return {"t": "opaque", "type": f"Generator({state.get('bit_generator')})"}
        return {"t": "rng", "state": _plain_state(state)}
    return {"t": "opaque", "type": type_name(value)}


def _encode_array(array, buffers, tag):
    if array.dtype.kind not in "biuf":
        return {"t": "opaque", "type": f"numpy array of dtype {array.dtype}"}
    native = array.astype(array.dtype.newbyteorder("="), copy=False)
    data = native if native.flags.c_contiguous else native.copy(order="C")
    buffers.append(memoryview(data).cast("B") if data.size else b"")
    return {"t": tag, "i": len(buffers) - 1, "dtype": data.dtype.str,
            "shape": list(data.shape)}


def _plain_state(state):
    """A Generator state as plain ints and strings (it already is; be sure)."""
    inner = state["state"]
    return {
        "bit_generator": "PCG64",
        "state": {"state": int(inner["state"]), "inc": int(inner["inc"])},
        "has_uint32": int(state["has_uint32"]),
        "uinteger": int(state["uinteger"]),
    }


# ---------------------------------------------------------------- decoding

def decode(header, buffers):
    """Rebuild the value described by ``header`` from ``buffers``."""
    return _decode(header, buffers, 0)


def _decode(node, buffers, depth):
    if depth > MAX_DEPTH:
        raise WireError("value nested too deeply")
    if node is None or type(node) in (bool, int, str):
        return node
    if type(node) is float:
        return node
    if type(node) is not dict or "t" not in node:
        raise WireError(f"unexpected node {type(node).__name__}")
    tag = node["t"]
    if tag in ("nd", "scalar"):
        array = _decode_array(node, buffers)
        return array[()] if tag == "scalar" else array
    if tag == "list":
        return [_decode(v, buffers, depth + 1) for v in node["v"]]
    if tag == "tuple":
        return tuple(_decode(v, buffers, depth + 1) for v in node["v"])
    if tag == "dict":
        return {str(k): _decode(v, buffers, depth + 1) for k, v in node["v"]}
    if tag == "rng":
        return make_generator(node["state"])
    if tag == "opaque":
        return Opaque(node["type"])
    raise WireError(f"unknown tag {tag!r}")


def _decode_array(node, buffers):
    dtype = node["dtype"]
    if dtype not in ALLOWED_DTYPES:
        raise WireError(f"dtype {dtype!r} may not cross the channel")
    shape = tuple(node["shape"])
    if len(shape) > 32 or not all(type(s) is int and s >= 0 for s in shape):
        raise WireError("bad shape")
    index = node["i"]
    if type(index) is not int or not 0 <= index < len(buffers):
        raise WireError("bad buffer index")
    raw = buffers[index]
    dt = np.dtype(dtype)
    count = 1
    for side in shape:  # Python ints: no overflow, whatever the claim
        count *= side
    if len(raw) != count * dt.itemsize:
        raise WireError("buffer size does not match shape")
    return np.frombuffer(raw, dtype=dt).reshape(shape)


def make_generator(state):
    """A fresh ``numpy.random.Generator`` (PCG64) set to ``state``."""
    checked = _plain_state(state)
    bit_generator = np.random.PCG64()
    bit_generator.state = checked
    return np.random.Generator(bit_generator)


# ------------------------------------------------------------------ frames

def send(sock, message):
    """Send ``message`` (a dict of plain data) as one frame."""
    header, buffers = encode(message)
    sizes = [len(b) if isinstance(b, bytes) else b.nbytes for b in buffers]
    head = json.dumps({"h": header, "n": sizes}).encode()
    parts = [_LENGTH.pack(len(head)), head]
    for buffer, size in zip(buffers, sizes):
        parts.append(_LENGTH.pack(size))
        parts.append(buffer)
    if sum(sizes) <= SMALL_FRAME:
        sock.sendall(b"".join(parts))  # one write: one wake-up of the reader
        return
    for part in parts:
        if len(part):
            sock.sendall(part)


def receive(sock, *, max_bytes, deadline=None, clock=None):
    """Receive one frame; return the decoded message.

    Parameters
    ----------
    sock : socket.socket
        A connected stream socket.
    max_bytes : int
        Largest frame accepted; a larger one raises :class:`WireError`.
    deadline : float, optional
        ``clock()`` value after which ``socket.timeout`` is raised.
    clock : callable, optional
        Monotonic clock matching ``deadline``.
    """
    reader = _Reader(sock, max_bytes, deadline, clock)
    head_size = _LENGTH.unpack(reader.read(_LENGTH.size))[0]
    try:
        frame = json.loads(bytes(reader.read(head_size)))
    except (ValueError, RecursionError) as error:
        raise WireError(f"unreadable frame header: {type(error).__name__}") from None
    if type(frame) is not dict or "h" not in frame:
        raise WireError("bad frame header")
    sizes = frame.get("n")
    if not isinstance(sizes, list) or not all(type(s) is int and s >= 0 for s in sizes):
        raise WireError("bad frame header")
    buffers = []
    for expected in sizes:
        size = _LENGTH.unpack(reader.read(_LENGTH.size))[0]
        if size != expected:
            raise WireError("buffer length does not match header")
        buffers.append(reader.read(size))
    try:
        return decode(frame["h"], buffers)
    except WireError:
        raise
    except (ValueError, TypeError, KeyError, IndexError, OverflowError, RecursionError,
            AttributeError) as error:  # a malformed value, whatever its shape
        raise WireError(f"malformed value: {type(error).__name__}") from None


class _Reader:
    def __init__(self, sock, max_bytes, deadline, clock):
        self.sock, self.budget = sock, max_bytes
        self.deadline, self.clock = deadline, clock

    def read(self, size):
        if size > self.budget:
            raise WireError(f"message larger than {self.budget} bytes")
        self.budget -= size
        data = bytearray(size)
        view = memoryview(data)
        got = 0
        while got < size:
            if self.deadline is not None:
                remaining = self.deadline - self.clock()
                if remaining <= 0:
                    raise TimeoutError("deadline passed")
                self.sock.settimeout(remaining)
            count = self.sock.recv_into(view[got:], size - got)
            if count == 0:
                raise ChannelClosed("the other end closed the channel")
            got += count
        return data
