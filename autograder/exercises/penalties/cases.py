"""Cases for ``l1_l2_penalty(weights, l1=0.0, l2=0.0)``: a list of kernels and the two factors.

The kernels are float32 arrays drawn like Keras's default ``GlorotUniform`` kernels (optionally
multiplied by ``scale``), in the shapes of Dense kernels ``(in, out)`` or of a convolution kernel
``(kh, kw, in, out)``: the penalty sums over every element of every kernel. Factors left out of
a setting are not passed, so the function's defaults (0.0, as Keras's ``L1L2``) are tested.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np

from autograder.cases import Case, per_setting


def penalty_cases(
    exercise: str,
    settings: Iterable[dict],
    shapes: Sequence[Sequence[int]] = ((64, 32), (32, 10)),
    seed: int = 0,
    scale: float = 1.0,
    hidden: bool = True,
) -> list[Case]:
    """One case per setting ``{"l1": ..., "l2": ...}`` (either may be left out; a setting may
    also give its own ``"shapes"``). In a test cell, e.g. ``extra = penalty_cases("l1_l2_penalty",
    [{"l1": 0.5, "l2": 0.25}], shapes=[[3, 3]])`` then ``check(l1_l2_penalty, cases=extra)``."""

    def spec(setting: dict) -> tuple[str, dict]:
        own = [list(map(int, s)) for s in setting.get("shapes", shapes)]
        factors = {k: float(setting[k]) for k in ("l1", "l2") if k in setting}
        return _label(own, factors, scale), {"shapes": own, "factors": factors, "scale": float(scale)}

    return per_setting(exercise, settings, spec, seed, hidden)


def _label(shapes, factors, scale) -> str:
    kernels = " and ".join(str(tuple(s)) for s in shapes)
    what = f"{len(shapes)} kernel{'s' if len(shapes) > 1 else ''} {kernels}"
    given = ", ".join(f"{k}={v:g}" for k, v in factors.items()) or "l1 and l2 left at their defaults"
    size = "" if scale == 1.0 else f", weights x{scale:g}"
    return f"{what}; {given}{size}"


_VISIBLE = [
    dict(settings=[{"l2": 0.01}], shapes=[(8, 4)]),
    dict(settings=[{"l1": 0.01}], shapes=[(8, 4)]),
    dict(settings=[{"l1": 1e-3, "l2": 1e-2}]),
    dict(settings=[{"l1": 1e-4, "l2": 5e-3}], shapes=[(3, 3, 4, 8), (72, 16), (16, 10)]),
    dict(settings=[{}], shapes=[(8, 4), (4, 2)]),
]


def visible(exercise: str) -> list[Case]:
    return [
        case for i, kw in enumerate(_VISIBLE) for case in penalty_cases(exercise, seed=10 * i + 1, hidden=False, **kw)
    ]


def materialize(case: Case) -> dict:
    """``{"weights": [float32 arrays], "factors": {"l1"?: float, "l2"?: float}}``."""
    p = case.params
    rng = np.random.default_rng(p["seed"])
    weights = []
    for shape in p["shapes"]:  # weights of a trained layer's size, |w| around 0.1
        weights.append((p["scale"] * 0.1 * rng.standard_normal(size=tuple(shape))).astype(np.float32))
    return {"weights": weights, "factors": dict(p["factors"])}
