# The test replaces these two placeholders with a per-run token and a
# directory it controls; left as they are (the file graded anywhere else),
# every side effect below outside the worker's own temporary directory is off.
ADV_TOKEN = "__ADV_TOKEN__"
ADV_SANDBOX = "__ADV_SANDBOX__"
GUARD = ".adversarial-sandbox"


def _under_test():
    return not ADV_TOKEN.startswith("__")


def _guarded(directory):
    """Whether a directory is one the test controls (it holds the guard file)."""
    return _under_test() and os.path.isfile(os.path.join(str(directory), GUARD))
