"""Call a student's ``tuned_gd(lambda_min, lambda_max)`` or ``tuned_momentum(lambda_min, lambda_max)``.

The curvatures are passed as Python floats. ``tuned_gd`` must return one number (the learning
rate), ``tuned_momentum`` a pair ``(learning_rate, momentum)``; NumPy scalars and 0-d arrays are
accepted and sent back as ``float``.
"""

from __future__ import annotations

import numbers

import numpy as np

from autograder.calling import StudentError, call
from autograder.errors import ErrorKind

SHAPES = {"step": "return one number, the learning rate", "pair": "return a pair (learning_rate, momentum)"}


def _number(value, what: str, shape: str) -> float:
    if isinstance(value, np.ndarray) and value.size == 1:
        value = value.reshape(()).item()
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise StudentError(ErrorKind.RETURN_VALUE, f"{what} is a {type(value).__name__}, not a number: {shape}")
    return float(value)


def collect(fn, inputs: dict) -> dict:
    returns = inputs["returns"]
    shape = SHAPES[returns]
    out = call(fn, float(inputs["lambda_min"]), float(inputs["lambda_max"]))
    if out is None:
        raise StudentError(ErrorKind.RETURN_VALUE, f"the function returned None: {shape}")
    if returns == "step":
        if isinstance(out, (tuple, list)) or (isinstance(out, np.ndarray) and out.size > 1):
            raise StudentError(ErrorKind.RETURN_VALUE, f"the function returned {len(out)} values: {shape}")
        return {"learning_rate": _number(out, "the learning rate", shape)}
    size = len(out) if isinstance(out, (tuple, list)) else np.size(out) if isinstance(out, np.ndarray) else None
    if size != 2 or (isinstance(out, np.ndarray) and out.ndim != 1):
        what = f"a {type(out).__name__}" if size is None else f"{size} values"
        raise StudentError(ErrorKind.RETURN_VALUE, f"the function returned {what}: {shape}")
    step, momentum = out
    return {
        "learning_rate": _number(step, "the learning rate", shape),
        "momentum": _number(momentum, "the momentum", shape),
    }
