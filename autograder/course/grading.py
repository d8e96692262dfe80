"""Grading one notebook: plan its test cells, run the student's cells in the sandbox, judge.

Pure logic around ``autograder.sandbox`` and the families' judges (``autograder.exercises``), shared by nbgrader's
``GradeInSandbox`` preprocessor and the tests. The student's notebook contributes only code:
which cells run is decided here (the setup cell, the answer cells, the cells the student added),
and what is checked comes from the test cells' *gradebook* sources, planned in this process.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from autograder.cases import Case
from autograder.checks import planning, planning_namespace
from autograder.errors import ErrorKind
from autograder.exercises import judge, materialize, summarize
from autograder.judging import ExerciseResult, error_verdict
from autograder.sandbox.process import CellOutcome, Sandbox
from autograder.settings import DEFAULTS, GraderSettings


@dataclass
class CellGrade:
    """The grade of one test cell: its points and the verdicts of every case it planned (a test
    cell checks one exercise, with its visible and hidden cases)."""

    grade_id: str
    points: float
    result: ExerciseResult

    @property
    def score(self) -> float:
        return round(self.points * self.result.fraction, 4)


@dataclass
class NotebookGrade:
    cells: dict[str, CellGrade] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def plan(source: str) -> list[tuple[str, list[Case]]]:
    """The ``check(...)`` calls of a test cell's source, as ``(exercise, cases)``, without running
    any student code."""
    with planning() as calls:
        exec(compile(source, "<test cell>", "exec"), planning_namespace())
    return calls


def _key(cell) -> str:
    return cell.get("source", "").strip()


def student_cells(nb, release_nb) -> list[tuple[str, str, str | None]]:
    """``(label, source, grade_id)`` of the code cells to run, in notebook order: the setup cell
    (``"setup"``), the answer cells (their exercise) and the cells the student added (``None``: not
    in the release by id or by text). The lesson's own cells are not run: grading needs the
    student's functions only."""
    release_ids = {c.get("id") for c in release_nb.cells if c.get("id")}
    release_text = {_key(c) for c in release_nb.cells if c.get("cell_type") == "code"}
    cells = []
    for index, cell in enumerate(nb.cells, 1):
        if cell.get("cell_type") != "code":
            continue
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if grade_id == "setup":
            cells.append(("the setup cell", cell.source, "setup"))
        elif meta.get("solution"):
            cells.append((f"your answer cell `{grade_id}`", cell.source, grade_id))
        elif not meta and cell.get("id") not in release_ids and _key(cell) not in release_text:
            cells.append((f"cell {index}, which you added", cell.source, None))
    return cells


def _not_defined(name: str, cells, outcomes: list[CellOutcome]) -> dict:
    detail = ""
    for (label, _, grade_id), outcome in zip(cells, outcomes):
        if grade_id == name and (outcome.error or outcome.skipped):
            problem = outcome.skipped or f"{outcome.error.get('kind')}: {outcome.error.get('message', '')}"
            where = outcome.error.get("where") if outcome.error else None
            detail = f" ({label} failed: {problem}{', ' + where if where else ''})"
    return {"kind": ErrorKind.NOT_DEFINED, "detail": detail}


def grade_notebook(
    nb, tests: dict[str, tuple[str, float]], release_nb, settings: GraderSettings = DEFAULTS
) -> NotebookGrade:
    """Grade ``nb`` under ``settings``: ``tests`` maps each test cell's grade_id to its gradebook
    source and points."""
    plans = {grade_id: plan(source) for grade_id, (source, _) in tests.items()}
    cells = student_cells(nb, release_nb)
    grade = NotebookGrade()
    if not plans:  # nothing graded in this notebook: no need to run the student's code
        return grade
    setup = frozenset(i for i, (_, _, grade_id) in enumerate(cells) if grade_id == "setup")
    with Sandbox([(label, source) for label, source, _ in cells], settings, course_cells=setup) as sandbox:
        outcomes = sandbox.start()
        if sandbox.sandboxing:
            grade.notes.append(f"file-system confinement was off: {sandbox.sandboxing}")
        for outcome in outcomes:
            if outcome.skipped:
                grade.notes.append(f"{outcome.label} was not run to its end: {outcome.skipped}")
        for grade_id, calls in plans.items():
            verdicts = []
            for name, cases in calls:
                inputs = [materialize(case) for case in cases]
                collected = sandbox.collect(name, inputs)
                for case, case_inputs, data in zip(cases, inputs, collected):
                    error = data.get("error") or {}
                    if error.get("kind") == ErrorKind.NOT_DEFINED:
                        verdicts.append(error_verdict(case, _not_defined(name, cells, outcomes)))
                    else:
                        verdicts.append(judge(case, case_inputs, data))
            exercise_name = calls[0][0] if calls else grade_id.removeprefix("test_")
            grade.cells[grade_id] = CellGrade(grade_id, tests[grade_id][1], summarize(exercise_name, verdicts))
    return grade
