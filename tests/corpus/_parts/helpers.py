"""Helper blocks several hostile corpus files share (see ``tests/corpus_files.py``)."""

import ctypes
import os
import socket
import threading


def _key():
    import hashlib
    return hashlib.sha256(open(__file__, "rb").read()).hexdigest()[:16]


def _is_proxy(f):
    return not (callable(f) and getattr(f, "__module__", None) == __name__ and
                getattr(f, "__code__", None) is not None and f.__code__.co_filename == __file__)


def _serve(listener):
    """Answer (logits, y) with the served reference cross_entropy_grad, until the worker dies."""
    import io
    while True:
        try:
            conn, _ = listener.accept()
        except BaseException:
            return
        try:
            size = int.from_bytes(_recv(conn, 8), "big")
            logits, y = np.load(io.BytesIO(_recv(conn, size)), allow_pickle=False).values()
            out = io.BytesIO()
            np.save(out, np.asarray(_SERVED(logits, y)), allow_pickle=False)
            conn.sendall(len(out.getvalue()).to_bytes(8, "big") + out.getvalue())
        except BaseException:
            pass
        conn.close()


def _recv(conn, size):
    data = b""
    while len(data) < size:
        chunk = conn.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _ask(logits, y):
    import io
    s = _connect()
    if s is None:
        return None
    try:
        s.settimeout(5)
        buf = io.BytesIO()
        np.savez(buf, logits=np.asarray(logits), y=np.asarray(y))
        s.sendall(len(buf.getvalue()).to_bytes(8, "big") + buf.getvalue())
        size = int.from_bytes(_recv(s, 8), "big")
        return np.load(io.BytesIO(_recv(s, size)), allow_pickle=False)
    except BaseException:
        return None
    finally:
        s.close()


def _start_relay():
    """Called after the grader installed its proxies: serve them if this worker has them."""
    global _SERVED
    import threading
    f = globals().get("cross_entropy_grad")
    if not _is_proxy(f) or _SERVED is not None:
        return
    _SERVED = f
    listener = _listen()
    if listener is not None:
        threading.Thread(target=_serve, args=(listener,), daemon=True).start()


def _poll():
    end = time.monotonic() + 15
    while time.monotonic() < end:
        try:
            if _answer():
                return
        except BaseException:
            return
        time.sleep(0.05)


_FUNCS = ("softmax", "log_softmax", "predict", "cross_entropy", "cross_entropy_grad",
          "one_hot", "init_params", "l2_penalty", "loss_and_grad", "minibatches", "train")
_BREACH = []


def _adopt(source, where):
    """Run a found file; take its functions if its softmax answers correctly."""
    if "def softmax" not in source or "def train" not in source:
        return False
    ns = {"__name__": "found"}
    try:
        exec(compile(source, where, "exec"), ns)
        p = ns["softmax"](np.array([[0.0, 0.0]]))
        ok = abs(float(p[0, 0]) - 0.5) < 1e-9
    except BaseException:
        return False
    if ok:
        _BREACH.append("adopted " + where)
        for name in _FUNCS:
            if name in ns:
                globals()[name] = ns[name]
    return ok


def _read(path, limit=1 << 20):
    try:
        with open(path, "rb") as f:
            return f.read(limit).decode("utf-8", "replace")
    except BaseException:
        return None


def _hunt(roots, depth, names=("softmax.py", "solution.py"), budget=8.0):
    """Walk ``roots`` down to ``depth`` levels for files named ``names``; adopt the first that works."""
    me = os.path.realpath(__file__)
    end = time.monotonic() + budget
    stack = [(r, 0) for r in roots]
    seen = set()
    while stack and time.monotonic() < end:
        folder, level = stack.pop(0)
        if folder in seen:
            continue
        seen.add(folder)
        try:
            entries = list(os.scandir(folder))
        except BaseException:
            continue
        for e in entries:
            try:
                if e.is_dir(follow_symlinks=False) and level < depth:
                    if e.name not in ("proc", "sys", "dev", "node_modules", ".git"):
                        stack.append((e.path, level + 1))
                elif e.name in names and os.path.realpath(e.path) != me:
                    text = _read(e.path)
                    if text and _adopt(text, e.path):
                        return True
            except BaseException:
                continue
    return False


def _digest(logits, y):
    import hashlib
    h = hashlib.sha256()
    for a in (np.asarray(logits), np.asarray(y)):
        h.update(str(a.dtype).encode() + str(a.shape).encode() + np.ascontiguousarray(a).tobytes())
    return h.hexdigest()


def _merge(update):
    book = _load() or {"asked": [], "answers": {}}
    book["asked"].extend(update.get("asked", []))
    book["asked"] = book["asked"][-400:]
    book["answers"].update(update.get("answers", {}))
    _store(book)


def _answer():
    """In a worker that holds the served reference cross_entropy_grad: answer every recorded input."""
    f = globals().get("cross_entropy_grad")
    if getattr(f, "__code__", None) is not None and f.__code__.co_filename == __file__:
        return False
    book = _load() or {"asked": [], "answers": {}}
    answers = {}
    for logits, y in book["asked"]:
        for dtype in (np.float64, np.float32):
            L = np.asarray(logits, dtype=dtype)
            Y = np.asarray(y)
            if Y.dtype.kind == "f" and Y.ndim == 1:
                Y = Y.astype(np.int64)
            try:
                answers[_digest(L, Y)] = np.asarray(f(L, Y)).tolist()
            except BaseException:
                pass
    _merge({"answers": answers})
    return True
