"""ep01, softmax vs sigmoid: ``softmax`` turns every row of scores into probabilities."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from .. import expect
from ..checks import check
from ..i18n import tr
from ..reference import reference
from ..strategies import logits

Q = "ep01"


@check(Q, "shape of a batch and of a single row", weight=1, public=True,
       hint="use axis=-1 and keepdims=True, so one code path serves (K,) and (n, K)")
@given(z=logits())
def keeps_the_shape(sub, z):
    """softmax returns an array of the input's shape, for a batch (n, K) and a single row (K,)."""
    expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    expect.array(sub.softmax(z[0]), "softmax(z[0])", shape=z[0].shape)


@check(Q, "rows sum to 1", weight=2, public=True,
       hint="divide each row by its own sum: e / e.sum(axis=-1, keepdims=True)")
@given(z=logits())
def rows_sum_to_one(sub, z):
    """Every row of softmax(z) sums to 1."""
    p = expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    expect.close(p.sum(axis=-1), np.ones(len(z)), "softmax(z).sum(axis=-1)")


@check(Q, "entries are probabilities", weight=1,
       hint="exp makes every score positive; dividing by the row sum keeps it at most 1")
@given(z=logits())
def entries_are_probabilities(sub, z):
    """Every entry of softmax(z) lies in [0, 1]."""
    p = expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    expect.that(np.all((p >= 0) & (p <= 1)), tr("softmax(z) has entries outside [0, 1]"),
                expected=tr("entries in [0, 1]"), got=p)


@check(Q, "two classes: softmax = sigmoid of the difference", weight=2, public=True,
       hint="for two scores a, b: exp(a) / (exp(a) + exp(b)) = 1 / (1 + exp(-(a - b)))")
@given(z=logits(classes=(2, 2)))
def two_classes_give_the_sigmoid(sub, z):
    """With two classes, softmax(z)[:, 0] equals sigmoid(z[:, 0] - z[:, 1])."""
    p = expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    sigmoid = np.exp(-np.logaddexp(0.0, -(z[:, 0] - z[:, 1])))
    expect.close(p[:, 0], sigmoid, "softmax(z)[:, 0]")


@check(Q, "permuting classes permutes probabilities", weight=1,
       hint="softmax treats every class alike; nothing may depend on a class's position")
@given(z=logits(), data=st.data())
def permutation_equivariant(sub, z, data):
    """Reordering the classes (columns) of z reorders the columns of softmax(z) the same way."""
    order = np.array(data.draw(st.permutations(range(z.shape[1])), label="order"))
    p = expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    q = expect.array(sub.softmax(z[:, order]), "softmax(z[:, order])", shape=z.shape)
    expect.close(q, p[:, order], "softmax(z[:, order])")


@check(Q, "values equal the reference", weight=2,
       hint="softmax(z)[i, k] = exp(z[i, k]) / sum over j of exp(z[i, j]), per row")
@given(z=logits())
def equals_the_reference(sub, z):
    """softmax(z) equals the reference softmax for moderate logits."""
    p = expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    expect.close(p, reference().softmax(z), "softmax(z)")


@check(Q, "float32 and float64 input, arguments untouched", weight=1,
       hint="work on a new array (z - m, not z -= m), and keep float64 input in float64")
@given(z=logits(dtype=np.float32))
def dtypes_and_no_mutation(sub, z):
    """softmax accepts float32 and float64 input, keeps float64 as float64, and does not modify z."""
    results = {}
    for dtype in (np.float64, np.float32):
        x = z.astype(dtype)
        result = sub.call("softmax", x, options={"check_mutation": True})
        results[dtype] = expect.array(result.value, "softmax(z)", shape=x.shape)
    expect.that(results[np.float64].dtype == np.float64,
                tr("softmax turned float64 input into {dtype} output",
                   dtype=results[np.float64].dtype),
                expected="float64", got=str(results[np.float64].dtype))
    expect.close(results[np.float32], results[np.float64],
                 expect.versus("softmax(z.astype(float32))", "softmax(z)"), dtype=np.float32)
