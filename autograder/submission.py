"""What a check sees of the student's file: its functions, called by name."""

from functools import partial

from .contract import FUNCTIONS


class Submission:
    """The narrow interface between the checks and the student's code.

    ``sub.softmax(z)`` calls the student's ``softmax`` in the worker process
    and returns its value as plain data; ``sub.call("softmax", z,
    options=...)`` returns the whole :class:`~autograder.isolation.CallResult`
    (warnings, modified arguments, random generator states).

    Parameters
    ----------
    worker : autograder.isolation.WorkerProcess
        The worker running the submission for the current question.
    """

    def __init__(self, worker):
        self._worker = worker

    def call(self, function, *args, options=None, **kwargs):
        return self._worker.call(function, *args, options=options, **kwargs)

    def reseed_global_random_state(self, seed):
        """``np.random.seed(seed)`` in the worker, before the next call."""
        self._worker.reseed_global_random_state(seed)

    def __getattr__(self, name):
        if name in FUNCTIONS:
            return partial(self._value_of, name)
        raise AttributeError(name)

    def _value_of(self, function, *args, **kwargs):
        return self._worker.call(function, *args, **kwargs).value

    def __repr__(self):
        return "submission"
