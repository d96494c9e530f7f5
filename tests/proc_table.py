"""The processes /proc shows, for the tests that look for what an attack or a grading left."""

import os
import re
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Process:
    ppid: int
    uid: int
    state: str
    comm: str
    cmdline: str


def processes():
    """``{pid: Process}`` of every process we can see (one that ends while it is read is left
    out); ``cmdline`` has its NUL separators as spaces."""
    found = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            status = Path(f"/proc/{entry}/status").read_text()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
        except OSError:
            continue
        comm = stat[stat.index("(") + 1:stat.rindex(")")]
        state, ppid = stat[stat.rindex(")") + 2:].split()[:2]
        uid = int(re.search(r"^Uid:\s+(\d+)", status, flags=re.M).group(1))
        found[int(entry)] = Process(int(ppid), uid, state, comm,
                                    cmdline.replace(b"\0", b" ").decode("utf-8", "replace"))
    return found
