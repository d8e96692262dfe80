"""The graded exercises: one entry per function (or class) a student writes.

``name`` is the function's name in the notebook, the nbgrader ``grade_id`` of its answer cell
(its test cell is ``test_<name>``) and the ``exercise`` column of ``grades_detail.csv``.
``family`` names the three modules that build its cases (``autograder.cases.<family>``), call
the student's code (``autograder.run.collect.<family>``) and judge the result against Keras
(``autograder.compare.<family>``). Each ``autograder.cases.<family>`` module lists its exercises
in ``EXERCISES``; adding a family means adding those three modules, nothing else.
"""
from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Exercise:
    name: str
    family: str
    notebook: str
    keras_reference: str  # what the student's code is compared with, named in reports
    numpy_only: bool = True  # True: calling Keras/TensorFlow inside scores 0
    kind: str = "function"  # or "class" (a Keras layer)


@cache
def registry() -> dict[str, Exercise]:
    import autograder.cases as cases_pkg

    found: dict[str, Exercise] = {}
    for info in pkgutil.iter_modules(cases_pkg.__path__):
        module = importlib.import_module(f"autograder.cases.{info.name}")
        for exercise in getattr(module, "EXERCISES", ()):
            found[exercise.name] = exercise
    return found


def get(name: str) -> Exercise:
    try:
        return registry()[name]
    except KeyError:
        known = ", ".join(sorted(registry()))
        raise KeyError(f"{name!r} is not a graded exercise (known: {known})") from None
