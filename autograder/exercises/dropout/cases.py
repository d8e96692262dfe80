"""Cases for the NumPy dropout exercise: activations, a rate, and a plan of calls.

``dropout(x, rate, training=False, rng=None)`` is called several times per case, each call with
its own ``training`` flag and ``rng`` (a ``numpy.random.Generator`` made in the student's
process from a seed in the inputs: Generators cannot cross the pipe). The activations never
contain a zero, so that the dropped units can be read off the output (``out == 0``), as for
Keras's own layer (see ``judge.py``).

One case checks one property, so that a mistake costs the cases it breaks, not all of them:

- ``"inference"``: ``training`` left at its default, then ``training=False``: the identity;
- ``"training"``: one call with ``training=True``: outputs 0 or ``x/(1-rate)``, a dropped
  fraction consistent with ``rate``, a mask drawn element by element;
- ``"fresh"``: three calls with the same Generator, then two with ``rng=None``: a new mask at
  every call;
- ``"reproducible"``: two calls with two Generators made from the same seed: the same mask (the
  function draws from the ``rng`` it is given);
- ``"rate_zero"``: ``rate=0`` in training: the identity.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from autograder.cases import Case, per_setting

# Each scenario: what its cases' labels say it does, and the (shape, rate) of its cases in the notebook.
SCENARIOS = {
    "inference": ("inference (training left at its default, then training=False)", [((64, 32), 0.3)]),
    # 512 x 512 units tell a normal mask's 21.2% from 20% dropped (15 standard deviations apart)
    "training": ("training=True", [((512, 512), 0.2), ((8, 16, 16), 0.7)]),
    "fresh": ("five training calls (three with the same rng, two with rng=None)", [((32, 32), 0.4)]),
    "reproducible": ("two training calls with two rngs made from the same seed", [((32, 32), 0.25)]),
    "rate_zero": ("training=True with rate=0", [((16, 32), 0.0)]),
}


def dropout_cases(exercise: str, settings: Iterable[dict], seed: int = 0, hidden: bool = True) -> list[Case]:
    """One case per setting ``{"scenario": ..., "shape": [...], "rate": ...}`` (see the module
    docstring for the scenarios). In a test cell, e.g. ``extra = dropout_cases("dropout",
    [{"scenario": "fresh", "shape": [10, 10], "rate": 0.3}])`` then ``check(dropout, cases=extra)``."""
    return scenario_cases(exercise, settings, seed, hidden, SCENARIOS)


def scenario_cases(
    exercise: str, settings: Iterable[dict], seed: int, hidden: bool, scenarios: Mapping[str, tuple[str, list]]
) -> list[Case]:
    """The cases of both dropout exercises: a scenario among ``scenarios``, a shape (default
    (32, 16)) and a rate in [0, 1) (0 for ``"rate_zero"``), labelled with the scenario's words;
    case ``i`` is seeded ``seed + i``."""

    def spec(setting: dict) -> tuple[str, dict]:
        scenario = setting.get("scenario", "training")
        if scenario not in scenarios:
            raise ValueError(f"scenario must be one of {tuple(scenarios)}, not {scenario!r}")
        shape = [int(n) for n in setting.get("shape", (32, 16))]
        rate = 0.0 if scenario == "rate_zero" else float(setting.get("rate", 0.5))
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"rate must be in [0, 1), not {rate}")
        x = f"x of shape {tuple(shape)}" + ("" if scenario == "rate_zero" else f", rate={rate:g}")
        return f"{scenarios[scenario][0]}; {x}", {"scenario": scenario, "shape": shape, "rate": rate}

    return per_setting(exercise, settings, spec, seed, hidden)


def notebook_settings(scenarios: Mapping[str, tuple[str, list]]) -> list[dict]:
    """The settings of the cases students run in their notebook: every scenario's, in order."""
    return [
        {"scenario": scenario, "shape": shape, "rate": rate}
        for scenario, (_, shown) in scenarios.items()
        for shape, rate in shown
    ]


def visible(exercise: str) -> list[Case]:
    return dropout_cases(exercise, notebook_settings(SCENARIOS), seed=1, hidden=False)


def activations(shape, seed: int) -> np.ndarray:
    """float32 values with no zero: magnitudes in [0.5, 2], random signs."""
    rng = np.random.default_rng(seed)
    magnitude = rng.uniform(0.5, 2.0, size=tuple(shape))
    return (magnitude * rng.choice([-1.0, 1.0], size=tuple(shape))).astype(np.float32)


def calls(scenario: str) -> list[dict]:
    """The calls of a scenario: ``training`` (absent: left at its default) and ``rng`` (absent:
    not passed; ``None``: passed as None; an int: the index of a Generator, made once from
    ``rng_seeds[index]`` and kept for the later calls that name it)."""
    return {
        "inference": [{}, {"training": False, "rng": 0}],
        "training": [{"training": True, "rng": 0}],
        "fresh": [{"training": True, "rng": 0}] * 3 + [{"training": True, "rng": None}] * 2,
        "reproducible": [{"training": True, "rng": 0}, {"training": True, "rng": 1}],
        "rate_zero": [{"training": True, "rng": 0}],
    }[scenario]


def materialize(case: Case) -> dict:
    """``{"x": float32 array, "rate": float, "calls": [...], "rng_seeds": [int, int]}``."""
    p = case.params
    seed = p["seed"]
    rng_seed = 1000 + seed
    return {
        "x": activations(p["shape"], seed),
        "rate": p["rate"],
        "calls": calls(p["scenario"]),
        # "reproducible" makes two Generators from one seed; the others use the first only
        "rng_seeds": [rng_seed, rng_seed if p["scenario"] == "reproducible" else rng_seed + 1],
        "scenario": p["scenario"],
    }
