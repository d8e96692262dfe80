"""Cases for ``early_stopping_epoch(val_losses, patience, min_delta=0.0)``: a sequence of
validation losses, a patience and (or not: the default) a ``min_delta``.

Every loss is a multiple of 1/256 and every ``min_delta`` a multiple of 1/64: sums and
differences of such numbers are exact in float32 (Keras compares in float32) and in float64
(students' Python floats), so a tie or a "better by exactly min_delta" is a tie for everyone,
and only the rule decides.

A sequence is given explicitly (``"val_losses": [...]``) or generated (``"curve"``):

- ``"u"``: a noisy U-shaped curve, as an overfitting run gives (``n`` epochs);
- ``"decreasing"``: improves at every epoch (Keras never stops);
- ``"rising"``: never improves after epoch 0;
- ``"plateau"``: falls, then wanders within a small band (ties and sub-``min_delta`` changes).
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from autograder.cases import Case, per_setting

GRID = 256  # losses are multiples of 1/GRID
CURVES = ("u", "decreasing", "rising", "plateau")


def early_stopping_cases(exercise: str, settings: Iterable[dict], seed: int = 0, hidden: bool = True) -> list[Case]:
    """One case per setting: ``{"val_losses": [...]}`` or ``{"curve": "u", "n": 40}``, with
    ``"patience"`` (default 0, as Keras's) and optionally ``"min_delta"`` (left out: the
    function's default is used). In a test cell, e.g. ``extra = early_stopping_cases(
    "early_stopping_epoch", [{"curve": "u", "n": 50, "patience": 4}])`` then
    ``check(early_stopping_epoch, cases=extra)``."""
    return per_setting(exercise, settings, _spec, seed, hidden)


def _spec(setting: dict) -> tuple[str, dict]:
    params = {"patience": int(setting.get("patience", 0))}
    if "min_delta" in setting:
        params["min_delta"] = _on_grid(float(setting["min_delta"]), 64, "min_delta")
    if "val_losses" in setting:
        params["val_losses"] = [_on_grid(float(v), GRID, "a loss") for v in setting["val_losses"]]
        what = f"{len(params['val_losses'])} given losses"
    else:
        curve = setting.get("curve", "u")
        if curve not in CURVES:
            raise ValueError(f"curve must be one of {CURVES}, not {curve!r}")
        params.update(curve=curve, n=int(setting.get("n", 40)))
        what = f"{curve} curve of {params['n']} epochs"
    label = setting.get("label") or what
    md = f", min_delta={params['min_delta']:g}" if "min_delta" in params else ""
    return f"{label}; patience={params['patience']}{md}", params


def _on_grid(value: float, grid: int, what: str) -> float:
    if value * grid != round(value * grid):
        raise ValueError(f"{what} must be a multiple of 1/{grid} (exact in float32), not {value}")
    return value


def _q(values: np.ndarray) -> list[float]:
    """Round to the grid and keep the losses positive."""
    return [float(v) for v in np.maximum(np.round(np.asarray(values) * GRID), 1) / GRID]


def generate(curve: str, n: int, seed: int) -> list[float]:
    rng = np.random.default_rng(seed)
    t = np.arange(n)
    if curve == "u":
        bottom = rng.integers(n // 5, max(n // 2, n // 5 + 1))
        base = 0.4 + 1.6 * np.exp(-t / max(bottom / 3, 1)) + 0.01 * np.maximum(t - bottom, 0)
        return _q(base + rng.normal(scale=0.03, size=n))
    if curve == "decreasing":
        return _q(2.0 - np.cumsum(rng.integers(1, 8, size=n)) / GRID)
    if curve == "rising":
        return _q(1.0 + np.cumsum(rng.integers(0, 8, size=n)) / GRID)
    if curve == "plateau":
        fall = 2.0 * np.exp(-t / 3.0) + 0.5
        level = 2.0 * np.exp(-7 / 3.0) + 0.45
        return _q(np.where(t < 8, fall, level + rng.integers(-3, 4, size=n) / GRID))
    raise ValueError(curve)


# The visible cases: each shows one rule of Keras's callback (see the labels).
_VISIBLE = [
    dict(
        label="U-shaped curve",
        patience=3,
        val_losses=[2.0, 1.5, 1.0, 0.75, 0.625, 0.5625, 0.59375, 0.578125, 0.609375, 0.65625, 0.75],
    ),
    dict(
        label="patience=0 (Keras's default): the first epoch without improvement stops",
        val_losses=[1.0, 0.75, 0.5, 0.5625, 0.25, 0.125],
    ),
    dict(
        label="a tie with the best is not an improvement",
        patience=2,
        val_losses=[1.0, 0.75, 0.5, 0.5, 0.5, 0.5625, 0.625, 0.6875, 0.75],
    ),
    dict(
        label="min_delta: an epoch improves only if it beats the best by more than min_delta",
        patience=2,
        min_delta=0.0625,
        val_losses=[1.0, 0.9375, 0.96875, 0.90625, 0.859375, 0.796875, 0.734375, 0.765625],
    ),
    dict(label="never improves after the first epoch", patience=2, val_losses=[1.0, 1.25, 1.5, 1.75, 2.0, 2.25]),
    dict(label="improves to the end: never stops", patience=2, val_losses=[2.0, 1.75, 1.5, 1.25, 1.0, 0.75]),
    dict(
        label="an improvement just in time resets the count",
        patience=3,
        val_losses=[1.0, 0.5, 0.625, 0.75, 0.4375, 0.5, 0.5625, 0.625, 0.375],
    ),
]


def visible(exercise: str) -> list[Case]:
    return early_stopping_cases(exercise, _VISIBLE, seed=1, hidden=False)


def materialize(case: Case) -> dict:
    """``{"val_losses": [float, ...], "patience": int}`` and ``"min_delta"`` when the case sets it."""
    p = case.params
    losses = p["val_losses"] if "val_losses" in p else generate(p["curve"], p["n"], p["seed"])
    data = {"val_losses": list(losses), "patience": p["patience"]}
    if "min_delta" in p:
        data["min_delta"] = p["min_delta"]
    return data
