"""Keep Hypothesis's examples independent of which kit modules are loaded.

Hypothesis (since 6.13x) mixes into its examples, now and then, constants it
finds in the source of "local" modules: every module loaded in the process
that is not in the standard library or site-packages.  For the grader that
means the kit's own modules, and which of them are loaded differs between
``make grade``, batch grading, the test suite and Gradescope (where the
otter plugin is local too), and changes with every edit to any of them.  The
same submission could then meet other examples in another place, or after a
harmless edit of the kit, and, near a tolerance, get another score.

:func:`pin` makes that pool empty for the whole process, so that the examples
depend only on the check, its settings and the (pinned) Hypothesis version.
It reaches into a private part of Hypothesis; when that part is not there
(another version), it changes nothing and says so, and ``tests/`` fail.
"""

_PINNED = None


def pin():
    """Make Hypothesis's pool of local constants empty, once per process.

    Returns
    -------
    bool
        Whether the pool is pinned (False: this Hypothesis has no such pool,
        or a different private layout).
    """
    global _PINNED
    if _PINNED is not None:
        return _PINNED
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:
        _PINNED = False
        return _PINNED
    if not callable(getattr(providers, "_get_local_constants", None)):
        _PINNED = False
        return _PINNED
    empty = Constants()
    providers._get_local_constants = lambda: empty
    cache = getattr(providers, "CONSTANTS_CACHE", None)
    if cache is not None and hasattr(getattr(cache, "cache", None), "clear"):
        cache.cache.clear()  # choices cached from the unpinned pool
    _PINNED = True
    return _PINNED
