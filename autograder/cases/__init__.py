"""Cases: the inputs a check feeds to a student's function, built from a small JSON-able spec.

A ``Case`` is only a label and a spec (``{"shapes": [[5]], "steps": 20, ...}``): it can be written
in a test cell, hashed, and compared. ``materialize(case)`` turns it into arrays, deterministically
(the same spec always gives the same inputs), on the trusted side: when grading, the student's
process receives the arrays, never the code or the seeds that made them.
"""
from __future__ import annotations

import importlib
import json
import pkgutil
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any


@dataclass(frozen=True)
class Case:
    exercise: str
    label: str
    spec: str = field(repr=False)  # canonical JSON of the parameters
    hidden: bool = False

    @classmethod
    def make(cls, exercise: str, label: str, hidden: bool = False, **params: Any) -> "Case":
        return cls(exercise, label, json.dumps(params, sort_keys=True), hidden)

    @property
    def params(self) -> dict[str, Any]:
        return json.loads(self.spec)

    @property
    def family(self) -> str:
        from autograder.exercises import get

        return get(self.exercise).family

    def shown_label(self) -> str:
        """The label a student may read: hidden cases are numbered, not described."""
        return "hidden case" if self.hidden else self.label


@lru_cache(maxsize=1)
def case_constructors() -> dict:
    """The public case builders of every family (``optimizer_cases``...), by name: each family
    module lists its own in ``CONSTRUCTORS``."""
    found = {}
    for info in pkgutil.iter_modules(__path__):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.update({fn.__name__: fn for fn in getattr(module, "CONSTRUCTORS", ())})
    return found


def family_module(family: str):
    return importlib.import_module(f"autograder.cases.{family}")


def visible(exercise: str) -> list[Case]:
    """The cases students run in their notebook: ``check(fn)`` without ``cases=``."""
    from autograder.exercises import get

    return family_module(get(exercise).family).visible(exercise)


@lru_cache(maxsize=256)
def materialize(case: Case) -> dict[str, Any]:
    """The inputs of ``case`` (cached: the same case is materialized once per process)."""
    return family_module(case.family).materialize(case)
