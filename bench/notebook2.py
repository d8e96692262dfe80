"""Notebook 2's interactions, timed for ``bench/run.py``: building its saddle-point race and the
race's JavaScript player, and redrawing a slider dashboard."""

from __future__ import annotations

import statistics
import time

import numpy as np


def sign_sgd(w, g, state, learning_rate=0.02):
    """``w - learning_rate * sign(g)``: an update function for the race and the dashboard that is
    none of the graded optimizers (helpers and the benchmark hold no answer)."""
    return w - learning_rate * np.sign(g)


def measure(repeat: int = 3) -> dict[str, float]:
    """Median seconds of building the notebook's saddle-point race (7 Keras optimizers and
    sign-SGD, 150 steps, ``compile=True``) and of drawing its player, the player's size in MB, and
    the median and largest seconds of a slider redraw of a quadratic dashboard (a κ move redraws
    the contours). Imports Keras."""
    from helpers import trajectories, widgets
    from helpers.animation import race_animation_html
    from helpers.landscapes import quadratic, saddle

    land = saddle()
    spec = {
        "SGD": ("SGD", dict(learning_rate=0.05)),
        "Momentum": ("SGD", dict(learning_rate=0.05, momentum=0.9)),
        "Nesterov": ("SGD", dict(learning_rate=0.05, momentum=0.9, nesterov=True)),
        "AdaGrad": ("Adagrad", dict(learning_rate=0.1)),
        "Adadelta": ("Adadelta", dict(learning_rate=1.0, epsilon=1e-6)),
        "RMSprop": ("RMSprop", dict(learning_rate=0.05)),
        "Adam": ("Adam", dict(learning_rate=0.05)),
        "sign-SGD": (sign_sgd, dict(learning_rate=0.02)),
    }
    trajectories.race(land, {"SGD": spec["SGD"]}, 2, compile=True)  # TensorFlow's first-use costs
    race_s, anim_s, sizes, redraw_s = [], [], [], []
    for _ in range(repeat):
        t0 = time.perf_counter()
        race = trajectories.race(land, spec, 150, compile=True)
        race_s.append(time.perf_counter() - t0)
        _, info = race_animation_html(land, race)
        anim_s.append(info["seconds"])
        sizes.append(info["bytes"] / 2**20)
    dash = widgets.Dashboard(
        quadratic,
        sign_sgd,
        hyper={"learning_rate": widgets.slider("ε", 0.05, 0.001, 1.0, log=True)},
        shape={"kappa": widgets.slider("κ", 100.0, 1.0, 1000.0, log=True)},
        steps=100,
    )
    for value in np.geomspace(0.01, 0.5, max(3, repeat)):
        redraw_s.append(dash.set_values({"learning_rate": float(value)}))
    redraw_s.append(dash.set_values({"kappa": 300.0}))
    return {
        "saddle_race_s": statistics.median(race_s),
        "saddle_animation_s": statistics.median(anim_s),
        "saddle_animation_mb": statistics.median(sizes),
        "slider_redraw_median_s": statistics.median(redraw_s),
        "slider_redraw_max_s": max(redraw_s),
    }
