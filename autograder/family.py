"""What a family of exercises provides: the interface every folder of ``autograder/exercises/`` implements.

A *family* is a set of graded exercises checked the same way (the five optimizers, the two
initializers...). Everything about it lives in its folder:

- ``cases.py``   the inputs of each check, built from a small JSON-able spec (``Case``), and the
                 case builders test cells call (``optimizer_cases``...);
- ``student.py`` what the student's process does with the function: call it on a case's inputs
                 and return plain data (runs in the student's kernel or the grading sandbox);
- ``judge.py``   the Keras reference and the verdict, with the known mistakes as a table
                 (``Mistake``: id, how it is recognised, message, hint);
- ``crafted.py`` one crafted student answer per mistake of the table, and the typical mistake the
                 demo's student hands in (never shipped to students);
- ``__init__.py`` the ``Family`` subclass that names them, registered in
                 ``autograder.exercises.FAMILIES``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol

from autograder.cases import Case
from autograder.judging import CaseVerdict


@dataclass(frozen=True)
class Exercise:
    """One graded function (or class) a student writes.

    ``name`` is its name in the notebook, the nbgrader ``grade_id`` of its answer cell (its test
    cell is ``test_<name>``) and the ``exercise`` column of ``grades_detail.csv``.
    """

    name: str
    family: str
    notebook: str
    keras_reference: str  # what the student's code is compared with, named in reports
    numpy_only: bool = True  # True: calling Keras/TensorFlow inside scores 0
    kind: str = "function"  # or "class" (a Keras layer)


@dataclass(frozen=True)
class Mistake:
    """A known mistake: one row of a family's mistake table.

    ``recognised_by`` says in one line how the judge tells it (for the report's reader and the
    next maintainer); ``recognise`` is the family's own test, whose signature the family's judge
    defines. ``message`` and ``hint`` are what the student reads: the hint states the rule in
    words and what Keras does, never code that could be pasted as the answer.
    ``exercises``: the exercises it applies to (empty: every exercise of the family).
    """

    id: str
    recognised_by: str
    message: str
    hint: str
    recognise: Callable[..., Any] | None = None
    exercises: frozenset[str] = frozenset()

    def applies_to(self, exercise: str) -> bool:
        return not self.exercises or exercise in self.exercises


@dataclass(frozen=True)
class Crafted:
    """A crafted student answer (the full answer-cell source) and what the grader must say of it:
    the mistake id named on its first failing case (``None``: it must pass every case)."""

    exercise: str
    mistake: str | None
    source: str


def slip(source: str, old: str, new: str) -> str:
    """``source`` with its one occurrence of ``old`` replaced by ``new``: a crafted answer that is a
    correct answer with a single slip. ``old`` must occur exactly once, so that an edit of the correct
    answer can never silently drop the slip (and the crafted answer stop being the mistake it names)."""
    if source.count(old) != 1:
        raise ValueError(f"{old!r} occurs {source.count(old)} times in the answer it changes, not once")
    return source.replace(old, new)


class CasesModule(Protocol):
    """A family's ``cases.py``."""

    def visible(self, exercise: str) -> list[Case]:
        """The cases students run in their notebook (``check(fn)`` without ``cases=``)."""

    def materialize(self, case: Case) -> dict:
        """The inputs of ``case``: arrays and numbers, the same for the same spec (trusted side)."""


class StudentModule(Protocol):
    """A family's ``student.py``: runs in the student's process (kernel or grading sandbox)."""

    def collect(self, fn: Any, inputs: dict) -> dict:
        """Call the student's ``fn`` on ``inputs`` and return plain data; it may raise
        ``StudentError`` (``autograder.calling``) but never judges."""


class JudgeModule(Protocol):
    """A family's ``judge.py``: the trusted side only, never imported in the student's process."""

    MISTAKES: tuple[Mistake, ...]

    def judge(self, case: Case, inputs: dict, collected: dict) -> CaseVerdict:
        """The verdict on what ``collect`` returned for ``case``, against Keras."""


class Family:
    """A family of exercises: a subclass names its exercises, its case builders and its three
    modules; the methods below are what the rest of the autograder calls.

    ``judge_module`` is a dotted name, imported on first use, so that the student's process, which
    needs only ``cases`` and ``student``, never loads the judges (nor Keras through them).
    """

    name: ClassVar[str]
    exercises: ClassVar[tuple[Exercise, ...]]
    case_builders: ClassVar[tuple[Callable[..., list[Case]], ...]]  # exposed to test cells
    cases: ClassVar[CasesModule]
    student: ClassVar[StudentModule]
    judge_module: ClassVar[str]
    judges_errors: ClassVar[bool] = False  # True: ``judge`` also sees results that carry an error

    def visible(self, exercise: str) -> list[Case]:
        return self.cases.visible(exercise)

    def materialize(self, case: Case) -> dict:
        return self.cases.materialize(case)

    def collect(self, fn: Any, inputs: dict) -> dict:
        return self.student.collect(fn, inputs)

    def forbidden_code(self) -> dict | None:
        """For exercises that may use Keras: ``{code object: description}`` of the functions they
        must not call. ``None``: nothing specific (NumPy exercises forbid all of Keras anyway)."""
        return None

    def judges(self) -> JudgeModule:
        return importlib.import_module(self.judge_module)

    def mistakes(self) -> tuple[Mistake, ...]:
        """The known mistakes the judge recognises: the family's table (``judge.MISTAKES``)."""
        return tuple(self.judges().MISTAKES)

    def judge(self, case: Case, inputs: dict, collected: dict) -> CaseVerdict:
        return self.judges().judge(case, inputs, collected)

    def crafted(self) -> list[Crafted]:
        """Crafted answers, at least one per mistake of the table: ``CRAFTED`` of the family's
        ``crafted.py`` (imported only here: the module is not shipped to students)."""
        return list(self._crafted_module().CRAFTED)

    def typical(self) -> dict[str, tuple[str, str, str]]:
        """The typical mistake the demo's student makes, per exercise: ``{exercise: (answer-cell
        source, mistake id, "passed/total" over the notebook's cases)}`` (``TYPICAL`` of ``crafted.py``)."""
        return dict(self._crafted_module().TYPICAL)

    def _crafted_module(self):
        return importlib.import_module(f"{self.judge_module.rsplit('.', 1)[0]}.crafted")
