"""Cases for the optimizer exercises: parameters, a sequence of gradients, hyperparameters.

Gradients are given, not computed from the current parameters, so the student's optimizer and
Keras's see exactly the same sequence whatever they do with it. Two kinds:

- ``"gaussian"``: ``g_t = d + 0.5 * n_t`` with a fixed drift ``d`` and fresh noise ``n_t``, both
  standard normal and multiplied by ``scale``: trajectories both travel and wiggle, so a wrong
  accumulator shows within a few steps;
- ``"model"``: the gradients of the output layer (kernel 16x10 and bias 10) of a 64-16-10 tanh
  MLP trained on the digits by plain SGD, recorded step by step, each tensor divided by the RMS of
  its first gradient (ordinary size: see ``compare.optimizers`` for why that matters).

With several shapes, the parameters are stepped alternately (p0, p1, p0, p1, ...), each with its
own ``state`` dict, as Keras keeps one set of slots per variable.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from autograder.cases import Case, per_setting

MODEL_SHAPES = ((16, 10), (10,))


def optimizer_cases(
    exercise: str,
    settings: Iterable[dict] = ({},),
    shapes: Sequence[Sequence[int]] = ((6,),),
    steps: int = 20,
    seed: int = 0,
    gradients: str = "gaussian",
    scale: float = 1.0,
    hidden: bool = True,
) -> list[Case]:
    """One case per hyperparameter setting (``{}``: the function's defaults, called without
    keyword arguments). For test cells: ``check(adam, cases=optimizer_cases("adam", ...))``."""
    if gradients == "model":
        shapes = MODEL_SHAPES
    elif gradients != "gaussian":
        raise ValueError(f"gradients must be 'gaussian' or 'model', not {gradients!r}")
    shapes = [list(s) for s in shapes]

    def spec(hyper: dict) -> tuple[str, dict]:
        label = _label(shapes, hyper, steps, gradients, scale)
        return label, {"shapes": shapes, "hyper": dict(hyper), "steps": steps, "gradients": gradients, "scale": scale}

    return per_setting(exercise, settings, spec, seed, hidden)


def _label(shapes, hyper, steps, gradients, scale) -> str:
    def shape_name(s):
        return ("vector " if len(s) == 1 else "matrix ") + str(tuple(s))

    if gradients == "model":
        what = "digits-MLP gradients, output kernel (16, 10) and bias (10,) stepped alternately"
    elif len(shapes) > 1:
        what = " and ".join(shape_name(s) for s in shapes) + " stepped alternately, separate states"
    else:
        what = shape_name(shapes[0])
    hp = ", ".join(f"{k}={v}" for k, v in hyper.items()) or "default hyperparameters"
    size = "" if scale == 1.0 else f", gradients x{scale:g}"
    return f"{what}; {hp}; {steps} steps{size}"


def _notebook(matrix: dict, alternate: dict, model: dict, vector: dict | None = None) -> list[dict]:
    """An optimizer's cases in the notebook, as ``optimizer_cases`` arguments: its defaults on a
    vector, then the hyperparameters ``matrix`` on a (3, 4) matrix for 25 steps, ``vector`` (if
    given) on a vector for 25 steps, ``alternate`` on two parameters stepped alternately and
    ``model`` on the digits MLP's gradients."""
    return [
        dict(settings=[{}]),
        dict(settings=[matrix], shapes=[(3, 4)], steps=25),
        *([dict(settings=[vector], shapes=[(5,)], steps=25)] if vector else []),
        dict(settings=[alternate], shapes=[(5,), (2, 3)]),
        dict(settings=[model], gradients="model"),
    ]


_VISIBLE = {
    "sgd": _notebook(
        matrix={"learning_rate": 0.05, "momentum": 0.9},
        vector={"learning_rate": 0.02, "momentum": 0.9, "nesterov": True},
        alternate={"learning_rate": 0.05, "momentum": 0.5},
        model={"learning_rate": 0.1, "momentum": 0.9, "nesterov": True},
    ),
    "adagrad": _notebook(
        matrix={"learning_rate": 0.1, "initial_accumulator_value": 0.5},
        alternate={"learning_rate": 0.05},
        model={"learning_rate": 0.05},
    ),
    "rmsprop": _notebook(
        matrix={"learning_rate": 0.01, "rho": 0.8},
        vector={"learning_rate": 0.005, "momentum": 0.9},
        alternate={"learning_rate": 0.01},
        model={"learning_rate": 0.01, "momentum": 0.5},
    ),
    "adadelta": _notebook(
        matrix={"learning_rate": 1.0, "rho": 0.9}, alternate={"learning_rate": 0.5}, model={"learning_rate": 1.0}
    ),
    "adam": _notebook(
        matrix={"learning_rate": 0.01, "beta_1": 0.8, "beta_2": 0.99},
        alternate={"learning_rate": 0.02},
        model={"learning_rate": 0.01},
    ),
}


def visible(exercise: str) -> list[Case]:
    return [
        case
        for i, kw in enumerate(_VISIBLE[exercise])
        for case in optimizer_cases(exercise, seed=100 * i + 1, hidden=False, **kw)
    ]


def materialize(case: Case) -> dict:
    """``{"w0": [array], "grads": [array (steps, *shape)], "order": [param index per call],
    "hyper": {...}}``, all arrays float32 like Keras variables."""
    p = case.params
    steps, shapes = p["steps"], [tuple(s) for s in p["shapes"]]
    if p["gradients"] == "model":
        w0, grads = _model_gradients(steps, p["seed"])
    else:
        rng = np.random.default_rng(p["seed"])
        w0, grads = [], []
        for shape in shapes:
            w0.append(rng.normal(size=shape))
            drift = rng.normal(size=shape)
            grads.append(drift + 0.5 * rng.normal(size=(steps, *shape)))
    scale = p["scale"]
    return {
        "w0": [np.asarray(w, dtype=np.float32) for w in w0],
        "grads": [np.asarray(g * scale, dtype=np.float32) for g in grads],
        "order": [i for _ in range(steps) for i in range(len(shapes))],
        "hyper": p["hyper"],
    }


@lru_cache(maxsize=8)
def _model_gradients(steps: int, seed: int):
    """Initial output-layer weights and the gradients of ``steps`` SGD steps of a digits MLP."""
    from helpers.data import load_digits

    x, y = load_digits(scale="standard")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    x, y = x[order].astype(np.float64), y[order]
    w1 = rng.normal(scale=np.sqrt(1 / 64), size=(64, 16))
    b1 = np.zeros(16)
    w2 = rng.normal(scale=np.sqrt(1 / 16), size=(16, 10))
    b2 = rng.normal(scale=0.1, size=10)
    start = (w2.copy(), b2.copy())
    onehot = np.eye(10)
    gw, gb = [], []
    for t in range(steps):
        batch = slice((64 * t) % 1728, (64 * t) % 1728 + 64)
        h = np.tanh(x[batch] @ w1 + b1)
        logits = h @ w2 + b2
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        d_logits = (p - onehot[y[batch]]) / len(p)
        d_h = (d_logits @ w2.T) * (1 - h * h)
        g = {"w2": h.T @ d_logits, "b2": d_logits.sum(0), "w1": x[batch].T @ d_h, "b1": d_h.sum(0)}
        gw.append(g["w2"])
        gb.append(g["b2"])
        w1 -= 0.5 * g["w1"]
        b1 -= 0.5 * g["b1"]
        w2 -= 0.5 * g["w2"]
        b2 -= 0.5 * g["b2"]
    gw, gb = np.stack(gw), np.stack(gb)
    gw /= np.sqrt(np.mean(gw[0] ** 2))
    gb /= np.sqrt(np.mean(gb[0] ** 2))
    return list(start), [gw, gb]
