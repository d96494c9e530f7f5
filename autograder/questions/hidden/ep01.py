"""Hidden checks of ep01, softmax vs sigmoid: ``softmax`` turns every row of scores into
probabilities."""

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from ... import expect
from ...checks import check
from ...i18n import tr
from ...reference import reference
from ...strategies import logits
from ..ep01 import Q, probabilities, right_values


# 15 examples: paired with the values; the range alone fails on most draws
@check(Q, "entries are probabilities", weight=1, max_examples=15)
@given(z=logits())
def entries_are_probabilities(sub, z):
    """Every entry of softmax(z) lies in [0, 1], and is the right probability.

    Hint: a probability lies in [0, 1]: exp makes every score positive, and dividing by the row's
    total keeps each entry at most 1
    """
    p = probabilities(sub, z)
    expect.that(np.all((p >= 0) & (p <= 1)), tr("softmax(z) has entries outside [0, 1]"),
                expected=tr("entries in [0, 1]"), got=p)
    right_values(p, z)


# 15 examples: two calls per example; a position-dependent bug fails on most orders
@check(Q, "permuting classes permutes probabilities", weight=1, max_examples=15)
@given(z=logits(), data=st.data())
def permutation_equivariant(sub, z, data):
    """Reordering the classes (columns) of z reorders the columns of softmax(z) the same way, and
    both are right.

    Hint: softmax treats every class alike; nothing may depend on a class's position
    """
    order = np.array(data.draw(st.permutations(range(z.shape[1])), label="order"))
    p = probabilities(sub, z)
    q = probabilities(sub, z[:, order], "softmax(z[:, order])")
    expect.close(q, p[:, order], "softmax(z[:, order])")
    right_values(p, z)


@check(Q, "values equal the reference", weight=2)
@given(z=logits())
def equals_the_reference(sub, z):
    """softmax(z) equals the reference softmax for moderate logits.

    Hint: softmax(z)[i, k] = exp(z[i, k]) / sum over j of exp(z[i, j]), per row
    """
    expect.close(probabilities(sub, z), reference().softmax(z), "softmax(z)")


# 10 examples: four calls per example; dtype and writes do not depend on values
@check(Q, "float32 and float64 input, arguments untouched", weight=1, max_examples=10)
@given(z=logits(dtype=np.float32))
def dtypes_and_no_mutation(sub, z):
    """softmax accepts float32 and float64 input, keeps float64 as float64, is right on both, and
    modifies neither a batch nor a single row.

    Hint: work on a new array (z - m, not z -= m), for a single row too, and keep float64 input in
    float64
    """
    results = {}
    for dtype in (np.float64, np.float32):
        x = z.astype(dtype)
        results[dtype] = probabilities(sub, x, check_mutation=True)
        right_values(results[dtype], x)
        right_values(probabilities(sub, x[0], "softmax(z[0])", check_mutation=True), x[0],
                     "softmax(z[0])")
    expect.that(results[np.float64].dtype == np.float64,
                tr("softmax turned float64 input into {dtype} output",
                   dtype=results[np.float64].dtype),
                expected="float64", got=str(results[np.float64].dtype))
