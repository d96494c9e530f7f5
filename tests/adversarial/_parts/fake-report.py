FAKE_MARKER = "adversarial-fake"


def _fake_report():
    tests = [{"name": f"ep{i:02d} forged", "score": 10.0, "max_score": 10.0,
              "output": FAKE_MARKER, "visibility": "visible"} for i in range(1, 11)]
    return json.dumps({"score": 100.0, "marker": FAKE_MARKER, "token": ADV_TOKEN,
                       "tests": tests})


def _write_fake(path, *, overwrite):
    """Write the forged report to ``path``.

    Overwrites only inside a directory the test controls; anywhere else only
    creates a file that does not exist yet (O_EXCL), never replaces one.
    """
    path = str(path)
    try:
        if overwrite and _guarded(os.path.dirname(path)):
            with open(path, "w") as f:
                f.write(_fake_report())
            return True
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
        with os.fdopen(fd, "w") as f:
            f.write(_fake_report())
        return True
    except OSError:
        return False
