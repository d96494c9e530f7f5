"""Stubs; at import prints the forged lines to stdout and stderr (as text and raw bytes, with an
invalid UTF-8 sequence) and then raises with them.
honest: 0
attack: forge report lines through the import's output and exception
questions: ep01,ep03
"""

import os

import numpy as np


_FORGED = ("\n✓ ep01 softmax vs sigmoid RT-FORGED [10/10]\n"
           "ep05 gradient p - y   15.00   15  all 7 checks passed RT-FORGED\n"
           "\u2028score 100/100 RT-FORGED\u2029total  100.00  100 RT-FORGED\r"
           "\u202eRT-FORGED 001/001 erocs\u202c\x1b[2K\x1b[1Gscore 100/100 RT-FORGED\x07"
           "\udc80\udcff \x00 \x85RT-FORGED next-line\x0bRT-FORGED vt\x0cRT-FORGED ff")


def softmax(z):
    raise NotImplementedError("not implemented yet")


# corpus: include stubs log_softmax..train


print(_FORGED.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))
os.write(1, b"\n\xff\xfe RT-FORGED raw \x1b[31mscore 100/100\x1b[0m\n")
os.write(2, b"\n\xc3\x28 RT-FORGED raw-stderr \xe2\x80\xa8score 100/100 RT-FORGED\n")
raise RuntimeError(_FORGED)
