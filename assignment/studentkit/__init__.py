"""The student's tools: train, experiments and gradcheck, as one small package.

``loading`` imports a ``softmax.py`` and turns its failures into short
messages, ``data`` gives FashionMNIST (or look-alike images) with the fixed
validation split, ``monitor`` watches a ``train`` run, ``plots`` draws,
``sweep`` searches hyper-parameters, ``gradcheck`` compares gradients with
central differences.  The scripts ``assignment/train.py``, ``experiments.py``
and ``gradcheck.py`` (or ``python -m assignment.train``...) are thin fronts.
"""
