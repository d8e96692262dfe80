"""The graded exercises: one folder per family, listed once in ``FAMILIES``.

``autograder.exercises.family`` says what a family provides (``Family``); this module is the
registry and the entry points the rest of the autograder uses, by exercise name:
``get(name)``, ``family_of(name)``, ``visible(name)``, ``materialize(case)``, ``collect(...)``,
``judge(...)``. Adding a family: its folder, one line in ``FAMILIES`` (see ``source/README.md``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, lru_cache
from typing import Any

from autograder import calling, judging
from autograder.cases import Case
from autograder.exercises.dropout import Dropout
from autograder.exercises.dropout_layer import DropoutLayer
from autograder.exercises.early_stopping import EarlyStopping
from autograder.exercises.initializers import Initializers
from autograder.exercises.optimizers import Optimizers
from autograder.exercises.penalties import Penalties
from autograder.exercises.tuning import Tuning
from autograder.family import Exercise, Family

FAMILIES: tuple[Family, ...] = (
    Optimizers(),
    Initializers(),
    Dropout(),
    DropoutLayer(),
    EarlyStopping(),
    Penalties(),
    Tuning(),
)


@cache
def registry() -> dict[str, Exercise]:
    """Every graded exercise by name, in the order of ``FAMILIES``."""
    found: dict[str, Exercise] = {}
    for family in FAMILIES:
        for exercise in family.exercises:
            if exercise.name in found:
                raise ValueError(f"exercise {exercise.name!r} is registered twice")
            found[exercise.name] = exercise
    return found


def get(name: str) -> Exercise:
    try:
        return registry()[name]
    except KeyError:
        known = ", ".join(sorted(registry()))
        raise KeyError(f"{name!r} is not a graded exercise (known: {known})") from None


def family_of(name: str) -> Family:
    family = get(name).family
    return next(f for f in FAMILIES if f.name == family)


@cache
def case_builders() -> dict[str, Callable[..., list[Case]]]:
    """The case builders of every family (``optimizer_cases``...), by name, for test cells."""
    return {fn.__name__: fn for family in FAMILIES for fn in family.case_builders}


def visible(name: str) -> list[Case]:
    """The cases students run in their notebook: ``check(fn)`` without ``cases=``."""
    return family_of(name).visible(name)


@lru_cache(maxsize=256)
def materialize(case: Case) -> dict[str, Any]:
    """The inputs of ``case`` (cached: the same case is materialized once per process)."""
    return family_of(case.exercise).materialize(case)


def collect(name: str, fn: Any, inputs: dict) -> dict:
    """What ``fn`` (the student's ``name``) gives on ``inputs``, as plain data (student side)."""
    return calling.collect(family_of(name), fn, inputs, get(name).numpy_only)


def judge(case: Case, inputs: dict, collected: dict) -> judging.CaseVerdict:
    """The verdict on ``collected`` for ``case`` (trusted side)."""
    return judging.judge(get(case.exercise), family_of(case.exercise), case, inputs, collected)


def summarize(name: str, verdicts: list[judging.CaseVerdict]) -> judging.ExerciseResult:
    return judging.ExerciseResult(name, get(name).keras_reference, list(verdicts))
