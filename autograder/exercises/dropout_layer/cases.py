"""Cases for the Keras-layer exercise ``MyDropout(rate)``: activations, a rate, a scenario.

The student's class is instantiated with ``MyDropout(rate)`` (after
``keras.utils.set_random_seed(seed)``, so that a layer seeded from Keras's global seed behaves
the same at every grading) and called as Keras calls a layer. One case checks one property:

- ``"inference"``: ``layer(x)`` and ``layer(x, training=False)``: the identity;
- ``"training"``: ``layer(x, training=True)``: 0 or ``x/(1-rate)``, fraction, element-wise mask;
- ``"fresh"``: three training calls of the same layer: a new mask at every call;
- ``"gradient"``: ``d/dx sum(w * layer(x, training=True))`` by ``tf.GradientTape`` in the
  student's process: must be ``w * mask / (1-rate)``, the mask of that same forward pass;
- ``"graph"``: the layer inside a ``tf.function`` (as ``model.fit`` runs it), called twice in
  training and once at inference: valid outputs and a new mask at every call;
- ``"rate_zero"``: ``MyDropout(0.0)`` in training: the identity.

The activations are those of the NumPy exercise (``dropout.cases.activations``: no zeros).
"""

from __future__ import annotations

from collections.abc import Iterable

from autograder.cases import Case
from autograder.exercises.dropout.cases import activations, scenario_cases

SCENARIOS = ("inference", "training", "fresh", "gradient", "graph", "rate_zero")


def dropout_layer_cases(
    exercise: str,
    settings: Iterable[dict],
    seed: int = 0,
    hidden: bool = True,
) -> list[Case]:
    """One case per setting ``{"scenario": ..., "shape": [...], "rate": ...}``. In a test cell, e.g.
    ``extra = dropout_layer_cases("MyDropout", [{"scenario": "graph", "rate": 0.4}])`` then
    ``check(MyDropout, cases=extra)``."""
    return scenario_cases(exercise, settings, seed, hidden, SCENARIOS, _label)


def _label(scenario: str, shape, rate: float) -> str:
    what = f"x of shape {tuple(shape)}, rate={rate:g}"
    return {
        "inference": f"layer(x) and layer(x, training=False); {what}",
        "training": f"layer(x, training=True); {what}",
        "fresh": f"three training calls of one layer; {what}",
        "gradient": f"gradient of sum(w * layer(x, training=True)) by tf.GradientTape; {what}",
        "graph": f"inside a tf.function (as model.fit runs it), two training calls and one at inference; {what}",
        "rate_zero": f"MyDropout(0.0), training=True; x of shape {tuple(shape)}",
    }[scenario]


_VISIBLE = [
    dict(scenario="inference", shape=(64, 32), rate=0.3),
    dict(scenario="training", shape=(64, 32), rate=0.25),
    dict(scenario="fresh", shape=(32, 32), rate=0.5),
    dict(scenario="gradient", shape=(32, 16), rate=0.4),
    dict(scenario="graph", shape=(32, 32), rate=0.3),
    dict(scenario="rate_zero", shape=(16, 32)),
]


def visible(exercise: str) -> list[Case]:
    return dropout_layer_cases(exercise, _VISIBLE, seed=1, hidden=False)


def materialize(case: Case) -> dict:
    """``{"x": float32, "rate", "seed", "scenario"}`` and, for ``"gradient"``, the upstream
    gradient ``w`` (float32, no zeros)."""
    p = case.params
    data = {"x": activations(p["shape"], p["seed"]), "rate": p["rate"], "seed": p["seed"], "scenario": p["scenario"]}
    if p["scenario"] == "gradient":
        data["upstream"] = activations(p["shape"], p["seed"] + 5000)
    return data
