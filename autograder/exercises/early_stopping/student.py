"""Call a student's ``early_stopping_epoch(val_losses, patience, min_delta=0.0)`` once.

The losses arrive as a list of Python floats (as ``history.history["val_loss"]`` is); a copy is
passed. The answer must be a pair ``(stopped_epoch or None, best_epoch)`` of whole numbers;
NumPy integers and integral floats are accepted and sent back as ``int``.
"""

from __future__ import annotations

import numbers

from autograder.calling import StudentError, call
from autograder.errors import ErrorKind

SHAPE = "return a tuple (stopped_epoch or None, best_epoch)"


def _epoch(value, what: str, allow_none: bool):
    if value is None:
        if allow_none:
            return None
        raise StudentError(ErrorKind.RETURN_VALUE, f"{what} is None: {SHAPE}; best_epoch is always a number")
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise StudentError(ErrorKind.RETURN_VALUE, f"{what} is a {type(value).__name__}, not an epoch number: {SHAPE}")
    if value != value or float(value) != int(value):
        raise StudentError(ErrorKind.RETURN_VALUE, f"{what} is {value!r}, not a whole epoch number: {SHAPE}")
    return int(value)


def collect(fn, inputs: dict) -> dict:
    kwargs = {"min_delta": inputs["min_delta"]} if "min_delta" in inputs else {}
    out = call(fn, list(inputs["val_losses"]), inputs["patience"], **kwargs)
    if out is None:
        raise StudentError(ErrorKind.RETURN_VALUE, f"the function returned None: {SHAPE}")
    if not isinstance(out, (tuple, list)):
        raise StudentError(ErrorKind.RETURN_VALUE, f"the function returned a {type(out).__name__}: {SHAPE}")
    if len(out) != 2:
        raise StudentError(ErrorKind.RETURN_VALUE, f"the function returned {len(out)} values: {SHAPE}")
    return {"result": [_epoch(out[0], "stopped_epoch", True), _epoch(out[1], "best_epoch", False)]}
