"""Cases: the inputs a check feeds to a student's function, as a small JSON-able spec.

A ``Case`` is only a label and a spec (``{"shapes": [[5]], "steps": 20, ...}``): it can be written
in a test cell, hashed, and compared. Its family's ``materialize`` turns it into arrays,
deterministically (the same spec always gives the same inputs), on the trusted side: when
grading, the student's process receives the arrays, never the code or the seeds that made them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

Setting = TypeVar("Setting")


@dataclass(frozen=True)
class Case:
    exercise: str
    label: str
    spec: str = field(repr=False)  # canonical JSON of the parameters
    hidden: bool = False

    @classmethod
    def make(cls, exercise: str, label: str, hidden: bool = False, **params: Any) -> Case:
        return cls(exercise, label, json.dumps(params, sort_keys=True), hidden)

    @property
    def params(self) -> dict[str, Any]:
        return json.loads(self.spec)

    def shown_label(self) -> str:
        """The label a student may read: hidden cases are numbered, not described."""
        return "hidden case" if self.hidden else self.label


def per_setting(
    exercise: str,
    settings: Iterable[Setting],
    spec: Callable[[Setting], tuple[str, dict[str, Any]]],
    seed: int,
    hidden: bool,
) -> list[Case]:
    """One case per setting, with the label and parameters ``spec(setting)`` gives (it raises
    ``ValueError`` on a setting it rejects); case ``i`` also gets ``seed=seed + i``, so that no two
    cases of one call share their random inputs."""
    return [
        Case.make(exercise, label, hidden=hidden, seed=seed + i, **params)
        for i, (label, params) in enumerate(map(spec, settings))
    ]
