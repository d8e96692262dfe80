import os

import numpy as np
import pytest

from autograder.sandbox import wire


def test_round_trip_of_json_values_and_numeric_arrays():
    message = {
        "a": [1, 2.5, None, True, "x"],
        "arr": np.arange(6, dtype=np.float32).reshape(2, 3),
        "nested": {"b": [np.array([1, 2], dtype=np.int64)]},
        "nan": float("nan"),
        "t": (1, 2),
    }
    back = wire.decode(wire.encode(message)[8:])
    assert back["a"] == [1, 2.5, None, True, "x"] and back["t"] == [1, 2]
    np.testing.assert_array_equal(back["arr"], message["arr"])
    assert back["arr"].dtype == np.float32 and np.isnan(back["nan"])


def test_object_arrays_and_arbitrary_objects_are_refused():
    with pytest.raises(TypeError):
        wire.encode({"x": np.array([object()])})
    with pytest.raises(TypeError):
        wire.encode({"x": object()})
    crafted = b'{"x": {"__nd__": ["|O", [1], "AAAA"]}}'
    with pytest.raises(wire.WireError):
        wire.decode(crafted)


def test_pipe_frames_and_oversized_frames():
    r, w = os.pipe()
    wire.send(w, {"op": "ping", "x": np.ones(3)})
    assert wire.receive(r)["op"] == "ping"
    os.write(w, (wire.MAX_FRAME + 1).to_bytes(8, "big"))
    with pytest.raises(wire.WireError):
        wire.receive(r)
    os.close(w)
    with pytest.raises(EOFError):
        wire.receive(r)


@pytest.mark.parametrize(
    "payload",
    [
        b"[" * 100_000 + b"]" * 100_000,  # nesting: would be a RecursionError in json
        b"[" + b"[]," * 30_000 + b"[]]",  # many small lists: memory far beyond the frame's bytes
        b"[" + b"0," * 300_000 + b"0]",  # many items
        b'{"__nd__": ["<f8", [1000, 1000], "AAAA"]}',  # an array whose bytes do not match its shape
        b'{"__nd__": ["<f8", [-1], ""]}',
        b'{"__nd__": ["<f8", [2], "not base64!"]}',
        b'{"__nd__": "nonsense"}',
        b"\xff\xfe not utf-8",
    ],
    ids=["deep", "many lists", "many items", "short array", "negative shape", "bad base64", "bad spec", "bytes"],
)
def test_hostile_payloads_are_refused_before_they_cost_memory(payload):
    with pytest.raises(wire.WireError):
        wire.decode(payload)


def test_the_largest_honest_reply_fits_with_room():
    """A Glorot kernel's samples (about 0.64 MB encoded) is the largest reply an answer sends."""
    reply = {"op": "collected", "data": {"samples": np.zeros((4, 256, 64))}}
    assert len(wire.encode(reply)) < wire.MAX_FRAME / 20
