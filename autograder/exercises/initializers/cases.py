"""Cases for the initializer exercises: ``glorot_uniform(shape, rng)`` and ``he_normal(shape, rng)``.

A student's initializer returns a random array, so no case compares values: the compare draws
Keras's own samples (``keras.initializers.GlorotUniform`` / ``HeNormal``) and compares
statistics. One case checks one property, so that a mistake costs the cases it breaks:

- ``"distribution"``: one call on a Dense kernel shape ``(fan_in, fan_out)``: centred, the
  variance of Keras's samples, and Keras's support (Glorot: uniform on ``[-limit, limit]``; He:
  a normal or Keras's truncated normal). Shapes where ``fan_in`` and ``fan_out`` differ a lot
  tell the fans apart; a square shape tells Glorot's ``fan_in + fan_out`` from a single fan;
- ``"draws"``: three calls on one shape, the first two with the same Generator, the third with a
  new Generator made from the same seed: successive draws differ and are uncorrelated, and the
  function draws from the ``rng`` it is given (same seed, same weights).

The ``rng`` is a ``numpy.random.Generator`` made in the student's process from a seed of the
inputs (Generators do not cross the pipe).
"""

from __future__ import annotations

from collections.abc import Sequence

from autograder.cases import Case, per_setting

SCENARIOS = ("distribution", "draws")


def initializer_cases(
    exercise: str,
    shapes: Sequence[Sequence[int]] = ((300, 200),),
    seed: int = 0,
    scenario: str = "distribution",
    hidden: bool = True,
) -> list[Case]:
    """One case per Dense kernel shape ``(fan_in, fan_out)``. For test cells:
    ``check(he_normal, cases=initializer_cases("he_normal", shapes=[[300, 200]], seed=7))``;
    ``scenario="draws"`` checks successive calls instead of one call's distribution."""
    if scenario not in SCENARIOS:
        raise ValueError(f"scenario must be one of {SCENARIOS}, not {scenario!r}")

    def spec(given: Sequence[int]) -> tuple[str, dict]:
        shape = [int(n) for n in given]
        if len(shape) != 2 or min(shape) < 1:
            raise ValueError(f"a Dense kernel shape is (fan_in, fan_out), not {tuple(shape)}")
        return _label(scenario, shape), {"scenario": scenario, "shape": shape}

    return per_setting(exercise, shapes, spec, seed, hidden)


def _label(scenario: str, shape) -> str:
    fan_in, fan_out = shape
    if scenario == "draws":
        return (
            f"three calls on shape {tuple(shape)}: two with the same rng, then one with a new rng "
            "made from the same seed"
        )
    return f"one call on shape {tuple(shape)} (fan_in={fan_in}, fan_out={fan_out})"


# Non-square shapes first: they name a fan mistake where a square shape cannot.
_VISIBLE = [
    dict(shapes=[(500, 20), (20, 500), (128, 128)]),
    dict(shapes=[(64, 32)], scenario="draws"),
]


def visible(exercise: str) -> list[Case]:
    return [
        case
        for i, kw in enumerate(_VISIBLE)
        for case in initializer_cases(exercise, seed=10 * i + 1, hidden=False, **kw)
    ]


def materialize(case: Case) -> dict:
    """``{"shape": [fan_in, fan_out], "calls": [generator index per call], "rng_seeds": [...]}``:
    ``"draws"`` makes two Generators from the same seed (calls 1 and 2 share the first)."""
    p = case.params
    rng_seed = 1000 + p["seed"]
    if p["scenario"] == "draws":
        return {"shape": list(p["shape"]), "calls": [0, 0, 1], "rng_seeds": [rng_seed, rng_seed], "scenario": "draws"}
    return {"shape": list(p["shape"]), "calls": [0], "rng_seeds": [rng_seed], "scenario": "distribution"}
