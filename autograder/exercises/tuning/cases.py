"""Cases for ``tuned_gd(lambda_min, lambda_max)`` and ``tuned_momentum(lambda_min, lambda_max)``: the
smallest and largest curvatures (Hessian eigenvalues) of a quadratic ``f(w) = ½ wᵀ A w``.

A setting gives both curvatures (``{"lambda_min": 0.01, "lambda_max": 1.0}``), or a condition
number and the largest one (``{"kappa": 100, "lambda_max": 2.0}``; ``lambda_max`` defaults to 1),
or nothing: then both are drawn from the case's seed (``lambda_max`` log-uniform in [0.1, 100],
``kappa`` log-uniform in [1.5, 10⁴]).
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np

from autograder.cases import Case, per_setting

KAPPA_MAX = 1e5  # beyond, 1 - beta* ~ 4/sqrt(kappa) nears the float32 resolution of Keras's momentum


def tuning_cases(exercise: str, settings: Iterable[dict], seed: int = 0, hidden: bool = True) -> list[Case]:
    """One case per setting: ``{"lambda_min": ..., "lambda_max": ...}``, ``{"kappa": ...,
    "lambda_max": ...}`` or ``{}`` (drawn). In a test cell, e.g. ``extra = tuning_cases(
    "tuned_momentum", [{"kappa": 1e4, "lambda_max": 0.5}, {}])`` then
    ``check(tuned_momentum, cases=extra)``."""
    return per_setting(exercise, settings, _spec, seed, hidden)


def _spec(setting: dict) -> tuple[str, dict]:
    if not setting:
        return setting.get("label", "drawn curvatures"), {"drawn": True}
    lam_max = float(setting.get("lambda_max", 1.0))
    lam_min = float(setting["lambda_min"]) if "lambda_min" in setting else lam_max / float(setting["kappa"])
    if not (math.isfinite(lam_min) and math.isfinite(lam_max) and 0 < lam_min <= lam_max):
        raise ValueError(f"the curvatures must satisfy 0 < lambda_min <= lambda_max, not {lam_min}, {lam_max}")
    if lam_max / lam_min > KAPPA_MAX:
        raise ValueError(f"the condition number must be at most {KAPPA_MAX:g}, not {lam_max / lam_min:g}")
    label = setting.get("label") or _label(lam_min, lam_max)
    return label, {"lambda_min": lam_min, "lambda_max": lam_max}


def _label(lam_min: float, lam_max: float) -> str:
    return f"lambda_min = {lam_min:g}, lambda_max = {lam_max:g} (kappa = {lam_max / lam_min:.4g})"


_VISIBLE = [
    dict(lambda_min=0.01, lambda_max=1.0, label="Goh's example: lambda_min = 0.01, lambda_max = 1 (kappa = 100)"),
    dict(lambda_min=1.0, lambda_max=4.0),
    dict(lambda_min=0.5, lambda_max=8.0),
    dict(kappa=1e4, lambda_max=0.2),
    dict(lambda_min=3.0, lambda_max=3.0, label="kappa = 1: every direction has the same curvature 3"),
]


def visible(exercise: str) -> list[Case]:
    return tuning_cases(exercise, _VISIBLE, seed=1, hidden=False)


def materialize(case: Case) -> dict:
    """``{"lambda_min": float, "lambda_max": float, "returns": "step" or "pair"}``."""
    p = case.params
    if p.get("drawn"):
        rng = np.random.default_rng(p["seed"])
        lam_max = float(10 ** rng.uniform(-1, 2))
        lam_min = float(lam_max / 10 ** rng.uniform(math.log10(1.5), 4))
    else:
        lam_min, lam_max = p["lambda_min"], p["lambda_max"]
    return {
        "lambda_min": lam_min,
        "lambda_max": lam_max,
        "returns": "pair" if case.exercise == "tuned_momentum" else "step",
    }
