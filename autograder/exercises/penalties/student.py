"""Call a student's ``l1_l2_penalty(weights, l1=0.0, l2=0.0)`` on a list of kernels.

The kernels are passed as a list of copies; ``l1``/``l2`` as keyword arguments when the case
sets them. The answer must be one number (a Python float, a NumPy scalar or a 0-d array).
"""

from __future__ import annotations

import numpy as np

from autograder.calling import StudentError, as_array, call
from autograder.errors import ErrorKind


def collect(fn, inputs: dict) -> dict:
    weights = [np.array(w) for w in inputs["weights"]]
    out = call(fn, weights, **inputs["factors"])
    if isinstance(out, (str, bytes)):
        raise StudentError(ErrorKind.RETURN_VALUE, f"the function returned a {type(out).__name__}, not a number")
    if isinstance(out, (list, tuple)) or (isinstance(out, np.ndarray) and out.ndim > 0 and out.size > 1):
        raise StudentError(
            ErrorKind.RETURN_VALUE,
            f"the function returned a {type(out).__name__} of {len(out)} values (one "
            "per kernel?): return one number, the sum of the penalties of all the kernels",
        )
    if isinstance(out, np.ndarray) and out.size == 1:
        out = out.reshape(())
    return {"penalty": float(as_array(out, (), "the function"))}
