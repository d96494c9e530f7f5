"""Wall-clock medians of repeated runs (with the process's CPU time beside them)."""

import statistics
import time
from dataclasses import dataclass


@dataclass
class Timed:
    """Times of repeated calls and the value of the last one.

    Attributes
    ----------
    seconds : list of float
        Wall time of every run, in run order.
    cpu_seconds : list of float
        CPU time of this process during every run.  With one thread it
        equals the wall time on an idle machine; the gap shows how much other
        load on a shared machine stretched the wall time.
    value : object
        What the last call returned.
    """

    seconds: list
    cpu_seconds: list
    value: object

    @property
    def median(self):
        return statistics.median(self.seconds)

    @property
    def cpu_median(self):
        return statistics.median(self.cpu_seconds)

    def extend(self, other):
        """Append ``other``'s runs; keep its value."""
        self.seconds += other.seconds
        self.cpu_seconds += other.cpu_seconds
        self.value = other.value


def timed(fn, repeats, *, progress=None):
    """Call ``fn()`` ``repeats`` times; return a :class:`Timed`.

    Parameters
    ----------
    fn : callable
        Called without arguments.
    repeats : int
        Number of timed calls (>= 1).
    progress : callable, optional
        Called without arguments after every run (e.g. a tqdm ``update``).
    """
    result = Timed([], [], None)
    for _ in range(repeats):
        wall, cpu = time.perf_counter(), time.process_time()
        result.value = fn()
        result.cpu_seconds.append(time.process_time() - cpu)
        result.seconds.append(time.perf_counter() - wall)
        if progress is not None:
            progress()
    return result
