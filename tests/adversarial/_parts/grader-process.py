def _grader_argv(pid):
    """The grading process's command line (readable: same user, no hidepid)."""
    try:
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            return [a.decode("utf-8", "replace") for a in f.read().split(b"\0") if a]
    except OSError:
        return []


def _grader_cwd(pid):
    try:
        return os.readlink(f"/proc/{pid}/cwd")
    except OSError:
        return None


def _results_path(argv):
    """The --results argument of `python -m autograder grade ...`, if any."""
    for i, arg in enumerate(argv):
        if arg == "--results" and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith("--results="):
            return arg.split("=", 1)[1]
    return None
