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
from autograder.exercises.dropout.cases import activations, notebook_settings, scenario_cases

# Each scenario: what its cases' labels say it does, and the (shape, rate) of its cases in the notebook.
SCENARIOS = {
    "inference": ("layer(x) and layer(x, training=False)", [((64, 32), 0.3)]),
    "training": ("layer(x, training=True)", [((64, 32), 0.25)]),
    "fresh": ("three training calls of one layer", [((32, 32), 0.5)]),
    "gradient": ("gradient of sum(w * layer(x, training=True)) by tf.GradientTape", [((32, 16), 0.4)]),
    "graph": (
        "inside a tf.function (as model.fit runs it), two training calls and one at inference",
        [((32, 32), 0.3)],
    ),
    "rate_zero": ("MyDropout(0.0), training=True", [((16, 32), 0.0)]),
}


def dropout_layer_cases(exercise: str, settings: Iterable[dict], seed: int = 0, hidden: bool = True) -> list[Case]:
    """One case per setting ``{"scenario": ..., "shape": [...], "rate": ...}``. In a test cell, e.g.
    ``extra = dropout_layer_cases("MyDropout", [{"scenario": "graph", "rate": 0.4}])`` then
    ``check(MyDropout, cases=extra)``."""
    return scenario_cases(exercise, settings, seed, hidden, SCENARIOS)


def visible(exercise: str) -> list[Case]:
    return dropout_layer_cases(exercise, notebook_settings(SCENARIOS), seed=1, hidden=False)


def materialize(case: Case) -> dict:
    """``{"x": float32, "rate", "seed", "scenario"}`` and, for ``"gradient"``, the upstream
    gradient ``w`` (float32, no zeros)."""
    p = case.params
    data = {"x": activations(p["shape"], p["seed"]), "rate": p["rate"], "seed": p["seed"], "scenario": p["scenario"]}
    if p["scenario"] == "gradient":
        data["upstream"] = activations(p["shape"], p["seed"] + 5000)
    return data
