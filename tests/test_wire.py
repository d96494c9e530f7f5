"""The channel carries plain data only, and decoding never runs code."""

import json
import socket
import struct

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from autograder.sandbox import wire

settings.register_profile("kit", derandomize=True, database=None, deadline=None)
settings.load_profile("kit")


def round_trip(value):
    a, b = socket.socketpair()
    with a, b:
        wire.send(a, {"v": value})
        return wire.receive(b, max_bytes=1 << 30)["v"]


arrays = hnp.arrays(
    st.sampled_from([np.float64, np.float32, np.int64, np.int32, np.uint8, np.bool_]),
    hnp.array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=4))


@given(array=arrays)
def test_arrays_cross_unchanged(array):
    back = round_trip(array)
    assert type(back) is np.ndarray and back.dtype == array.dtype
    assert np.array_equal(back, array, equal_nan=array.dtype.kind == "f")


@given(value=st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=20))
def test_plain_python_values_cross_unchanged(value):
    assert round_trip(value) == value


def test_tuples_scalars_and_generators_keep_their_kind():
    rng = np.random.default_rng(5)
    back = round_trip((np.float32(1.5), np.int64(3), rng))
    assert isinstance(back, tuple)
    assert back[0] == np.float32(1.5) and back[0].dtype == np.float32
    assert back[2].random() == np.random.default_rng(5).random()


@pytest.mark.filterwarnings("ignore::PendingDeprecationWarning")
@pytest.mark.parametrize("make, name", [
    (lambda: np.ma.masked_array([1.0]), "MaskedArray"),
    (lambda: np.asmatrix([[1.0]]), "matrix"),
    (object, "object"),
    (lambda: np.array(["a"]), "dtype <U1"),
    (lambda: np.array([1 + 2j]), "complex128"),
    (lambda: (lambda: 0), "function"),
    (lambda: {1: 2}, "non-string keys"),
])
def test_anything_else_crosses_as_a_named_placeholder(make, name):
    back = round_trip(make())
    assert isinstance(back, wire.Opaque) and name in back.type_name


def test_decoding_rejects_object_dtypes_and_bad_sizes():
    for header, buffers in [
        ({"t": "nd", "i": 0, "dtype": "|O", "shape": [1]}, [b"12345678"]),
        ({"t": "nd", "i": 0, "dtype": "<f8", "shape": [2]}, [b"12345678"]),
        ({"t": "nd", "i": 3, "dtype": "<f8", "shape": [1]}, [b"12345678"]),
        ({"t": "pickle", "v": "cos\nsystem\n"}, []),
    ]:
        with pytest.raises(wire.WireError):
            wire.decode(header, buffers)


def test_frames_over_the_limit_are_refused():
    a, b = socket.socketpair()
    with a, b:
        wire.send(a, {"v": np.zeros(1000)})
        with pytest.raises(wire.WireError):
            wire.receive(b, max_bytes=1000)


def test_a_forged_header_length_is_refused():
    a, b = socket.socketpair()
    with a, b:
        a.sendall(struct.pack("!Q", 1 << 40) + json.dumps({}).encode())
        with pytest.raises(wire.WireError):
            wire.receive(b, max_bytes=1 << 20)
