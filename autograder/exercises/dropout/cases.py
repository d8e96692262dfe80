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

from collections.abc import Callable, Iterable

import numpy as np

from autograder.cases import Case

SCENARIOS = ("inference", "training", "fresh", "reproducible", "rate_zero")


def dropout_cases(
    exercise: str,
    settings: Iterable[dict],
    seed: int = 0,
    hidden: bool = True,
) -> list[Case]:
    """One case per setting ``{"scenario": ..., "shape": [...], "rate": ...}`` (see the module
    docstring for the scenarios). In a test cell, e.g. ``extra = dropout_cases("dropout",
    [{"scenario": "fresh", "shape": [10, 10], "rate": 0.3}])`` then ``check(dropout, cases=extra)``."""
    return scenario_cases(exercise, settings, seed, hidden, SCENARIOS, _label)


def scenario_cases(
    exercise: str,
    settings: Iterable[dict],
    seed: int,
    hidden: bool,
    scenarios: tuple[str, ...],
    label: Callable[[str, list, float], str],
) -> list[Case]:
    """The cases of both dropout exercises: a scenario among ``scenarios``, a shape (default
    (32, 16)) and a rate in [0, 1) (0 for ``"rate_zero"``); case ``i`` is seeded ``seed + i``."""
    cases = []
    for i, setting in enumerate(settings):
        scenario = setting.get("scenario", "training")
        if scenario not in scenarios:
            raise ValueError(f"scenario must be one of {scenarios}, not {scenario!r}")
        shape = [int(n) for n in setting.get("shape", (32, 16))]
        rate = 0.0 if scenario == "rate_zero" else float(setting.get("rate", 0.5))
        if not 0.0 <= rate < 1.0:
            raise ValueError(f"rate must be in [0, 1), not {rate}")
        cases.append(
            Case.make(
                exercise,
                label(scenario, shape, rate),
                hidden=hidden,
                scenario=scenario,
                shape=shape,
                rate=rate,
                seed=seed + i,
            )
        )
    return cases


def _label(scenario: str, shape, rate: float) -> str:
    what = f"x of shape {tuple(shape)}, rate={rate:g}"
    return {
        "inference": f"inference (training left at its default, then training=False); {what}",
        "training": f"training=True; {what}",
        "fresh": f"five training calls (three with the same rng, two with rng=None); {what}",
        "reproducible": f"two training calls with two rngs made from the same seed; {what}",
        "rate_zero": f"training=True with rate=0; x of shape {tuple(shape)}",
    }[scenario]


_VISIBLE = [
    dict(scenario="inference", shape=(64, 32), rate=0.3),
    dict(scenario="training", shape=(64, 32), rate=0.2),
    dict(scenario="training", shape=(8, 16, 16), rate=0.7),
    dict(scenario="fresh", shape=(32, 32), rate=0.4),
    dict(scenario="reproducible", shape=(32, 32), rate=0.25),
    dict(scenario="rate_zero", shape=(16, 32)),
]


def visible(exercise: str) -> list[Case]:
    return dropout_cases(exercise, _VISIBLE, seed=1, hidden=False)


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
