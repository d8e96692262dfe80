"""A message codec for the pipe between the grader and the student's process.

Only JSON values and numeric NumPy arrays cross it: decoding never unpickles or imports, so a
message crafted by a student's code can at worst be wrong data, never code run by the grader.
Frames are an 8-byte big-endian length followed by UTF-8 JSON; arrays travel as base64 ``.npy``
bytes with their dtype and shape.

What the grader decodes is bounded before it is decoded: a frame of at most ``MAX_FRAME`` bytes
(the largest honest reply, a Glorot kernel's samples, is about 0.64 MB), at most
``MAX_CONTAINERS`` lists and objects and ``MAX_ITEMS`` separators in it (honest replies carry
their numbers as arrays, so a few hundred of each), whatever the nesting; an array's bytes must
match its dtype and shape. The decoded message therefore takes a few times its frame at most.
"""

from __future__ import annotations

import base64
import json
import os
import struct
from typing import Any

import numpy as np

MAX_FRAME = 16 * 2**20  # a larger frame is refused rather than read
MAX_CONTAINERS = 20_000
MAX_ITEMS = 200_000
_ARRAY_KINDS = "biufc"  # bool, int, uint, float, complex: never object arrays


class WireError(Exception):
    """A frame that is truncated, too large or not a valid message."""


def _default(obj: Any):
    if isinstance(obj, np.ndarray):
        if obj.dtype.kind not in _ARRAY_KINDS:
            raise TypeError(f"arrays of dtype {obj.dtype} cannot be sent")
        data = np.ascontiguousarray(obj)
        return {"__nd__": [data.dtype.str, list(data.shape), base64.b64encode(data.tobytes()).decode()]}
    if isinstance(obj, np.generic):
        return obj.item()
    if isinstance(obj, tuple):
        return list(obj)
    raise TypeError(f"{type(obj).__name__} objects cannot be sent")


def _hook(obj: dict):
    spec = obj.get("__nd__")
    if spec is None:
        return obj
    if not (isinstance(spec, list) and len(spec) == 3 and isinstance(spec[1], list) and isinstance(spec[2], str)):
        raise WireError("malformed array")
    dtype, shape, data = spec
    dtype = np.dtype(dtype)
    if dtype.kind not in _ARRAY_KINDS or dtype.hasobject:
        raise WireError(f"refused array of dtype {dtype}")
    if not all(type(n) is int and n >= 0 for n in shape):
        raise WireError("malformed array shape")
    raw = base64.b64decode(data, validate=True)
    if len(raw) != dtype.itemsize * int(np.prod(shape, dtype=np.int64)):
        raise WireError(f"array bytes do not match its shape {shape}")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def encode(message: Any) -> bytes:
    payload = json.dumps(message, default=_default).encode()
    return struct.pack(">Q", len(payload)) + payload


def decode(payload: bytes) -> Any:
    containers = payload.count(b"[") + payload.count(b"{")
    if containers > MAX_CONTAINERS or payload.count(b",") + payload.count(b":") > MAX_ITEMS:
        raise WireError(f"refused a message of {containers} lists and objects")
    try:
        return json.loads(payload.decode(), object_hook=_hook)
    except (ValueError, TypeError, KeyError, RecursionError, OverflowError, MemoryError) as exc:
        raise WireError(f"undecodable message: {type(exc).__name__}") from None


def send(fd: int, message: Any) -> None:
    view = memoryview(encode(message))
    while view:
        view = view[os.write(fd, view) :]


def read_exactly(fd: int, n: int) -> bytes:
    chunks, remaining = [], n
    while remaining:
        chunk = os.read(fd, min(remaining, 1 << 20))
        if not chunk:
            raise EOFError("the other side closed the pipe")
        chunks.append(chunk)
        remaining -= len(chunk)
    return b"".join(chunks)


def receive(fd: int) -> Any:
    (length,) = struct.unpack(">Q", read_exactly(fd, 8))
    if length > MAX_FRAME:
        raise WireError(f"refused a {length}-byte message")
    return decode(read_exactly(fd, length))
