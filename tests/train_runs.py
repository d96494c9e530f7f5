"""``make train`` run in the test's own process, on a student file made from the reference."""

from conftest import SOLUTION

from assignment.studentkit import train_command


def main(capsys, *args):
    """train.py's main in this process (much faster than a new interpreter).

    Returns ``(exit status, stdout, stderr)``.
    """
    status = train_command.main([str(a) for a in args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def student_file(tmp_path, appended, name="softmax.py"):
    """The reference with extra definitions appended (they replace earlier ones).

    Returns the path and the line number of the appended text's first line.
    """
    text = SOLUTION.read_text(encoding="utf-8").rstrip("\n") + "\n\n\n"
    first = text.count("\n") + 1
    path = tmp_path / name
    path.write_text(text + appended, encoding="utf-8")
    return path, first


def loss_and_grad_returning(tmp_path, returned):
    """A student file whose ``loss_and_grad`` returns ``returned``, an expression of the right
    ``loss``, ``dW`` and ``db``."""
    path, _ = student_file(tmp_path, (
        "_right_loss_and_grad = loss_and_grad\n\n"
        "def loss_and_grad(W, b, X, y, reg):\n"
        "    loss, dW, db = _right_loss_and_grad(W, b, X, y, reg)\n"
        f"    return {returned}\n"))
    return path


def trained(capsys, submission, out, *args, epochs=1, train_size=1000):
    """What training ``submission`` on generated data into ``out`` prints (no progress bars),
    after it exited with status 0; ``args`` are more options."""
    status, stdout, stderr = main(capsys, "--submission", submission, "--data", "synthetic",
                                  "--epochs", epochs, "--train-size", train_size,
                                  "--no-progress", "--out", out, *args)
    assert status == 0, stderr
    return stdout


def failed(capsys, submission, out):
    """What training ``submission`` on generated data for one epoch into ``out`` writes to stdout
    and stderr, after it exited with status 1."""
    status, stdout, stderr = main(capsys, "--submission", submission, "--data", "synthetic",
                                  "--epochs", 1, "--no-progress", "--out", out)
    assert status == 1
    return stdout, stderr
