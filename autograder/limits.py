"""Resource limits of a worker process, and how they are applied (POSIX only)."""

from dataclasses import dataclass

try:
    import resource
except ImportError:  # Windows: only the wall-clock deadline holds
    resource = None

#: processes a worker's user may have at once (with a user switch)
MAX_PROCESSES = 64


@dataclass(frozen=True)
class Limits:
    """Resource limits of one worker process.

    Attributes
    ----------
    wall_s : float
        Wall-clock budget of the whole question, from the worker's start.
    memory_bytes : int
        Address-space limit (``RLIMIT_AS``).
    output_bytes : int
        Largest file the worker may write, its captured output included.
    budget_s : float, optional
        The question's whole budget, as messages name it (``wall_s`` may be
        what is left of it).
    cpu_s : float, optional
        CPU-time budget when it is not ``wall_s``: a worker that several
        questions share gets their budgets together.
    """

    wall_s: float = 30.0
    memory_bytes: int = 4 << 30
    output_bytes: int = 4 << 20
    budget_s: float = None
    cpu_s: float = None


def apply(limits, *, processes=None):
    """In the worker's child before ``exec``: CPU, memory, file size, no core,
    and (for a fresh user id) at most ``processes`` processes."""
    cpu = int(limits.cpu_s if limits.cpu_s is not None else limits.wall_s) + 5
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 5))
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    resource.setrlimit(resource.RLIMIT_FSIZE, (limits.output_bytes, limits.output_bytes))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    if processes is not None:
        resource.setrlimit(resource.RLIMIT_NPROC, (processes, processes))
