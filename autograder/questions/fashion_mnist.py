"""fashion_mnist: the student's own code, end to end, on the real data set.

Nothing is served by the reference here: the submission's ``train`` runs with
its default hyper-parameters on the 60000 training images, and the grader's
own (reference) ``predict`` measures the accuracy of the returned ``W, b`` on
the 10000 test images.  Its one check is hidden (questions/hidden/fashion_mnist.py).
"""

from ..checks import declare_hidden

Q = "fashion_mnist"
declare_hidden(Q, weight=1)
