"""Call a student's initializer ``f(shape, rng) -> array`` as a case's plan says.

``shape`` is a tuple ``(fan_in, fan_out)`` of Python ints; ``rng`` is a
``numpy.random.Generator`` made here from a seed of the inputs and kept for the later calls that
name the same one. Returns every output as a float64 array of ``shape`` (a transposed array is
named as such: the kernel's shape is ``(fan_in, fan_out)``).
"""

from __future__ import annotations

import numpy as np

from autograder.calling import StudentError, as_array, call
from autograder.errors import ErrorKind


def _weights(value, shape: tuple) -> np.ndarray:
    if isinstance(value, tuple):
        raise StudentError(
            ErrorKind.RETURN_VALUE,
            f"the function returned a tuple of {len(value)} values: return only the array of weights",
        )
    found = getattr(value, "shape", None)
    if found is not None and len(shape) == 2 and shape[0] != shape[1] and tuple(found) == shape[::-1]:
        raise StudentError(
            ErrorKind.RETURN_VALUE,
            f"the function returned an array of shape {tuple(found)}, the transpose "
            f"of {shape}: a Dense kernel has shape (fan_in, fan_out); draw with size=shape",
        )
    return as_array(value, shape)


def collect(fn, inputs: dict) -> dict:
    shape = tuple(int(n) for n in inputs["shape"])
    generators: dict[int, np.random.Generator] = {}
    outputs: list[np.ndarray] = []
    plan = inputs["calls"]
    for index, key in enumerate(plan):
        if key not in generators:
            generators[key] = np.random.default_rng(inputs["rng_seeds"][key])
        try:
            array = _weights(call(fn, shape, generators[key]), shape)
        except StudentError as exc:
            if len(plan) > 1:
                exc.context.update(call=index + 1)
            return {"outputs": outputs, "error": exc.as_dict()}
        outputs.append(array)
    return {"outputs": outputs}
