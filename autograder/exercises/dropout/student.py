"""Call a student's ``dropout(x, rate, training=False, rng=None)`` as a case's plan says.

Each call gets a fresh copy of ``x``; ``rng`` is a ``numpy.random.Generator`` made here from a
seed of the inputs (Generators do not cross the pipe) and kept for the later calls that name
the same one. Returns every output (float64 arrays of ``x``'s shape) and whether a call changed
its input in place.
"""

from __future__ import annotations

import numpy as np

from autograder.calling import StudentError, as_array, call
from autograder.errors import ErrorKind


def collect(fn, inputs: dict) -> dict:
    x = np.asarray(inputs["x"])
    rate = float(inputs["rate"])
    generators: dict[int, np.random.Generator] = {}
    outputs: list[np.ndarray] = []
    modified: list[bool] = []
    for index, plan in enumerate(inputs["calls"]):
        kwargs = {}
        if "training" in plan:
            kwargs["training"] = plan["training"]
        if "rng" in plan:
            key = plan["rng"]
            if key is None:
                kwargs["rng"] = None
            else:
                if key not in generators:
                    generators[key] = np.random.default_rng(inputs["rng_seeds"][key])
                kwargs["rng"] = generators[key]
        given = x.copy()
        try:
            out = call(fn, given, rate, **kwargs)
            if isinstance(out, tuple):
                raise StudentError(
                    ErrorKind.RETURN_VALUE,
                    f"the function returned a tuple of {len(out)} values: return only the output array",
                )
            array = as_array(out, x.shape)
        except StudentError as exc:
            exc.context.update(step=index + 1)
            return {"outputs": outputs, "modified": modified, "error": exc.as_dict()}
        outputs.append(array)
        modified.append(not np.array_equal(given, x))
    return {"outputs": outputs, "modified": modified}
