"""Leaves System V IPC objects behind: at import, 4 shared-memory segments of 64 MiB (mode 0666, never attached, so the address-space limit does not count them), a semaphore set and a message queue, keyed by the test's token; and carries a note from one question to the next in the first segment.

All stubs otherwise.  With an IPC namespace of its own per worker the objects
vanish with the worker, and the next question finds no note; in the fallback
the grader removes every IPC object of the worker's user.  ``test_sandbox``
checks that no object with these keys is left after grading.
"""

# honest: none
# questions: ep01, ep03
# mode: api
# expect: equal

import ctypes
import zlib

import numpy as np


# adversarial: include kit


# adversarial: include sandbox-guard


# adversarial: include stubs

IPC_CREAT = 0o1000
SEGMENT = 64 << 20


def _key(index):
    return (zlib.crc32(ADV_TOKEN.encode()) & 0x3FFFFFF0) + index


def _leave_objects():
    if not _under_test():
        return None
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    found = None
    first = libc.shmget(_key(0), SEGMENT, 0)
    if first >= 0:  # an earlier question (or run) left it: read its note
        address = libc.shmat(first, None, 0)
        if address not in (None, ctypes.c_void_p(-1).value):
            found = ctypes.string_at(address, 16)
            libc.shmdt(ctypes.c_void_p(address))
    for index in range(4):
        ident = libc.shmget(_key(index), SEGMENT, IPC_CREAT | 0o666)
        if index == 0 and ident >= 0:
            address = libc.shmat(ident, None, 0)
            if address not in (None, ctypes.c_void_p(-1).value):
                ctypes.memmove(address, b"adv-note-present", 16)
                libc.shmdt(ctypes.c_void_p(address))
    libc.semget(_key(4), 1, IPC_CREAT | 0o666)
    libc.msgget(_key(5), IPC_CREAT | 0o666)
    return found


NOTE = _leave_objects()
