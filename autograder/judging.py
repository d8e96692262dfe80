"""Judging what a student's code computed against what Keras computes: what every family shares.

``judge(exercise, family, case, inputs, collected)`` returns a ``CaseVerdict``; problems every
family shares (the function is missing, raised, timed out, called Keras) are handled here, the
rest by the family's own judge (``autograder.exercises.<family>.judge``). An ``ExerciseResult``
folds the verdicts of an exercise: the fraction of cases passed (full marks need every case; a
call into Keras from a NumPy exercise scores 0) and a one-line message naming the most likely
mistake.

This layer runs only in trusted processes (the grader, or the student's own kernel for the
visible checks); it receives data, never the student's functions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from autograder.cases import Case
from autograder.errors import ErrorKind

if TYPE_CHECKING:
    from autograder.family import Exercise, Family


@dataclass
class CaseVerdict:
    case: Case
    passed: bool
    message: str  # one line for the report's table
    mistake: str | None = None  # identifier of the diagnosed mistake, e.g. "no_bias_correction"
    hint: str | None = None  # how to fix it, for the report
    figure: dict | None = None  # plot data for ``autograder.report.plots``
    fatal: bool = False  # the whole exercise scores 0 (Keras used inside a NumPy exercise)


@dataclass
class ExerciseResult:
    exercise: str
    reference: str  # what it was compared with, e.g. "keras.optimizers.Adam"
    verdicts: list[CaseVerdict] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.verdicts)

    @property
    def passed(self) -> int:
        return sum(v.passed for v in self.verdicts)

    @property
    def fraction(self) -> float:
        if not self.verdicts or any(v.fatal for v in self.verdicts):
            return 0.0
        return self.passed / self.total

    @property
    def complete(self) -> bool:
        return bool(self.verdicts) and self.fraction == 1.0

    def first_failure(self) -> CaseVerdict | None:
        failures = [v for v in self.verdicts if not v.passed]
        fatal = [v for v in failures if v.fatal]
        # a visible case explains the same mistake without revealing a hidden one
        return (fatal or sorted(failures, key=lambda v: v.case.hidden) or [None])[0]

    @property
    def summary(self) -> str:
        """One line for ``grades_detail.csv`` and the report's headline."""
        reference = self.reference
        if not self.verdicts:
            return "no case was checked"
        first = self.first_failure()
        if first is None:
            return f"all {self.total} cases match {reference}" if self.total > 1 else f"the case matches {reference}"
        if first.fatal:
            return f"0 points: {first.message}"
        text = f"{self.passed}/{self.total} cases match {reference}; {first.case.shown_label()}: {first.message}"
        return text

    def figure(self) -> dict | None:
        for v in sorted(self.verdicts, key=lambda v: v.case.hidden):
            if not v.passed and v.figure is not None and not v.case.hidden:
                return v.figure
        return None


def points_text(score: float) -> str:
    """A score as a person reads it: rounded to 2 decimals (``1.6154`` -> ``1.62``, ``2.0`` -> ``2``);
    the CSVs keep 4 (``autograder.course.export``)."""
    return f"{round(score, 2):g}"


# What the collectors' error kinds mean to a student (``{where}`` filled when known).
_ERRORS = {
    ErrorKind.NOT_DEFINED: "`{name}` is not defined{detail}: grading runs only the setup cell, your answer "
    "cells and the cells you added, in order",
    ErrorKind.NOT_IMPLEMENTED: "not answered yet (the cell still raises NotImplementedError)",
    ErrorKind.TIMEOUT: "stopped after {limit:g} s without finishing (an endless loop, or far too slow?)",
    ErrorKind.BUDGET: "not run: the notebook's {limit:g} s of grading time were used up (by cells or exercises "
    "that hung or crashed and were run again)",
    ErrorKind.PROCESS_DIED: "the Python process running it died ({detail})",
    ErrorKind.MEMORY: "ran out of memory",
    ErrorKind.SYSTEM_EXIT: "the function called sys.exit()",
}


def judge(exercise: Exercise, family: Family, case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    if collected.get("keras_used"):
        what = "Keras/TensorFlow" if exercise.numpy_only else "a forbidden Keras/TensorFlow function"
        return CaseVerdict(
            case,
            False,
            f"calls {what} ({collected['keras_used']}) instead of computing it "
            + ("in NumPy" if exercise.numpy_only else "with keras.ops/keras.random primitives"),
            mistake="uses_keras",
            fatal=True,
        )
    error = collected.get("error")
    if error is not None and not family.judges_errors:
        return error_verdict(case, error)
    verdict = family.judge(case, inputs, collected)
    if error is not None and verdict.passed:  # a family that inspects partial results
        return error_verdict(case, error)
    return verdict


def error_verdict(case: Case, error: dict) -> CaseVerdict:
    """The verdict for an error, when nothing more can be said (missing function, timeout)."""
    kind = error.get("kind", ErrorKind.ERROR)
    template = _ERRORS.get(kind)
    if template is not None:
        message = template.format(name=case.exercise, limit=error.get("limit", 0), detail=error.get("detail", ""))
    elif kind == ErrorKind.RETURN_VALUE:  # not an exception: what the function gave back
        message = error.get("message", "returned something unexpected")
    else:
        message = f"raised {kind}: {error.get('message', '')}"
    place = [error[k] for k in ("where",) if error.get(k)]
    if error.get("step"):
        place.append(f"at step {error['step']}" + (f" of parameter {error['param'] + 1}" if error.get("param") else ""))
    if place and kind not in (ErrorKind.NOT_DEFINED, ErrorKind.TIMEOUT, ErrorKind.BUDGET, ErrorKind.PROCESS_DIED):
        message += f" ({', '.join(place)})"
    return CaseVerdict(case, False, message, mistake=f"error:{kind}")
