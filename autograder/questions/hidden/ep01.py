"""Hidden checks of ep01, softmax vs sigmoid: ``softmax`` turns every row of scores into probabilities."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect
from ...checks import check
from ...i18n import tr
from ...reference import reference
from ...strategies import logits
from ..ep01 import Q


@check(Q, "entries are probabilities", weight=1,
       hint="exp makes every score positive; dividing by the row sum keeps it at most 1")
@given(z=logits())
def entries_are_probabilities(sub, z):
    """Every entry of softmax(z) lies in [0, 1]."""
    p = expect.array(sub.softmax(z), "softmax(z)", shape=z.shape)
    expect.that(np.all((p >= 0) & (p <= 1)), tr("softmax(z) has entries outside [0, 1]"),
                expected=tr("entries in [0, 1]"), got=p)


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

