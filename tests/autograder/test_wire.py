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
