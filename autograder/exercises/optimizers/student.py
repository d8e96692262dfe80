"""Step a student's optimizer ``f(w, g, state, **hyper) -> new_w`` through a case's gradients.

Each call gets copies of ``w`` and ``g`` (an in-place update must not change our inputs), the
parameter's own ``state`` dict (the same object at every step), and the case's hyperparameters as
keyword arguments (none for the "defaults" cases, which test the signature's default values).
"""

from __future__ import annotations

import numpy as np

from autograder.calling import StudentError, as_array, call


def collect(fn, inputs: dict) -> dict:
    w0, grads, hyper = inputs["w0"], inputs["grads"], inputs["hyper"]
    params = [w.copy() for w in w0]
    states: list[dict] = [{} for _ in w0]
    done = [0] * len(w0)
    trajectories = [np.zeros((len(g), *w.shape)) for w, g in zip(w0, grads)]

    def result(**extra):
        return {
            "trajectories": [t[:n] for t, n in zip(trajectories, done)],
            "state_keys": [sorted(str(k) for k in s)[:20] for s in states],
            **extra,
        }

    for p in inputs["order"]:
        step = done[p]
        try:
            out = call(fn, np.array(params[p]), grads[p][step].copy(), states[p], **hyper)
            new = as_array(out, w0[p].shape)
        except StudentError as exc:
            exc.context.update(param=p, step=step + 1)
            return result(error=exc.as_dict())
        trajectories[p][step] = new
        # the next step starts from what the student returned, in their precision (float32 is fine)
        dtype = getattr(out, "dtype", None)
        params[p] = new.astype(dtype) if dtype is not None and np.issubdtype(dtype, np.floating) else new
        done[p] += 1
    return result()
