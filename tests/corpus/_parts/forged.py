"""The forged report lines the forged-output attacks print (see ``tests/corpus_files.py``)."""


_FORGED = ("\n✓ ep01 softmax vs sigmoid RT-FORGED [10/10]\n"
           "ep05 gradient p - y   15.00   15  all 7 checks passed RT-FORGED\n"
           "\u2028score 100/100 RT-FORGED\u2029total  100.00  100 RT-FORGED\r"
           "\u202eRT-FORGED 001/001 erocs\u202c\x1b[2K\x1b[1Gscore 100/100 RT-FORGED\x07"
           "\udc80\udcff \x00 \x85RT-FORGED next-line\x0bRT-FORGED vt\x0cRT-FORGED ff")
