"""Grading one notebook: plan its test cells, run the student's cells in the sandbox, judge.

Pure logic around ``autograder.sandbox`` and the families' judges (``autograder.exercises``), shared by nbgrader's
``GradeInSandbox`` preprocessor and the tests. The student's notebook contributes only code:
which cells run is decided here (the setup cell, the answer cells, the cells the student added),
and what is checked comes from the test cells' *gradebook* sources, planned in this process.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from autograder.cases import Case
from autograder.checks import planning, planning_namespace
from autograder.course.notes import Note
from autograder.errors import TERMINAL, ErrorKind
from autograder.exercises import get, judge, materialize, summarize
from autograder.judging import CaseVerdict, ExerciseResult, error_verdict
from autograder.sandbox.process import Budget, CellOutcome, Sandbox
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
    notes: list[Note] = field(default_factory=list)  # for the student's feedback
    instructor: list[Note] = field(default_factory=list)  # for grades.csv: ``for_the_instructor``


# the kind of note (``notes.KINDS``) of what stopped a cell or an exercise
_STOP_NOTES = {
    ErrorKind.TIMEOUT: "timeout",
    ErrorKind.BUDGET: "skipped",
    ErrorKind.PROCESS_DIED: "crashed",
    ErrorKind.MEMORY: "crashed",
}
_STOP_MISTAKES = {f"error:{kind}": note for kind, note in _STOP_NOTES.items()}  # as ``error_verdict`` names them


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


_STOPPED = (ErrorKind.TIMEOUT, ErrorKind.BUDGET, ErrorKind.PROCESS_DIED)


def _redacted(verdict: CaseVerdict, data: dict) -> CaseVerdict:
    """A hidden case's verdict with nothing the student's code raised, printed or returned on it:
    only the kind of outcome (``raised ValueError``, ``differs from Keras``) and the grader's own
    diagnosis, so no error message or value can carry the hidden inputs into a report."""
    if verdict.passed:
        return verdict
    error = data.get("error") if isinstance(data.get("error"), dict) else None
    if data.get("keras_used"):
        message = verdict.message.split(" (")[0]  # "calls Keras/TensorFlow", without what it called
    elif error is not None and error.get("kind") in TERMINAL | {ErrorKind.MEMORY}:
        message = error_verdict(verdict.case, {"kind": error["kind"], "limit": error.get("limit", 0)}).message
    elif error is not None:
        message = f"raised {str(error.get('kind', 'an exception'))[:60]}"
    else:
        message = "differs from the reference"
    return replace(verdict, message=message, figure=None)


def judged(case: Case, inputs: dict, data) -> CaseVerdict:
    """The verdict on what the student's process sent back, whatever it is: data that no judge
    can read is that case's failure, never a failure of the grading."""
    if not isinstance(data, dict):
        return error_verdict(case, {"kind": ErrorKind.RETURN_VALUE, "message": "the result could not be read"})
    try:
        return judge(case, inputs, data)
    except Exception as exc:  # noqa: BLE001 - malformed data from the student's process
        message = f"the result could not be checked ({type(exc).__name__}): is it what the exercise asks for?"
        return error_verdict(case, {"kind": ErrorKind.RETURN_VALUE, "message": message})


def grade_notebook(
    nb, tests: dict[str, tuple[str, float]], release_nb, settings: GraderSettings = DEFAULTS
) -> NotebookGrade:
    """Grade ``nb`` under ``settings``: ``tests`` maps each test cell's grade_id to its gradebook
    source and points.

    NumPy exercises run in a sandbox where no deep-learning framework exists, Keras layers in one
    with Keras (its own dropout disabled); one wall-clock budget covers both. Every visible case
    of the notebook is collected before any hidden one, so no message of a visible case can
    carry hidden inputs the student's code saw earlier; hidden verdicts are redacted."""
    plans = {grade_id: plan(source) for grade_id, (source, _) in tests.items()}
    cells = student_cells(nb, release_nb)
    grade = NotebookGrade()
    if not plans:  # nothing graded in this notebook: no need to run the student's code
        return grade
    setup = frozenset(i for i, (_, _, grade_id) in enumerate(cells) if grade_id == "setup")
    sources = [(label, source) for label, source, _ in cells]
    budget = Budget(settings.notebook_seconds)
    sandboxes: dict[bool, Sandbox] = {}

    def sandbox_for(name: str) -> Sandbox:
        keras = not get(name).numpy_only
        if keras not in sandboxes:
            sandbox = sandboxes[keras] = Sandbox(sources, settings, course_cells=setup, keras=keras, budget=budget)
            for outcome in sandbox.start():
                note = f"{outcome.label} was not run to its end: {outcome.skipped}"
                if outcome.skipped and note not in grade.notes:
                    grade.notes.append(Note(_STOP_NOTES[outcome.stopped_by], note))
        return sandboxes[keras]

    calls = [(grade_id, name, cases) for grade_id, planned in plans.items() for name, cases in planned]
    stops: list[Note] = []  # exercises stopped (time, memory, a crash, the budget)
    verdicts: dict[tuple[int, int], CaseVerdict] = {}
    stopped: dict[int, dict] = {}
    try:
        for hidden in (False, True):
            for k, (_, name, cases) in enumerate(calls):
                chosen = [(j, case) for j, case in enumerate(cases) if case.hidden == hidden]
                if not chosen:
                    continue
                sandbox = sandbox_for(name)
                inputs = [materialize(case) for _, case in chosen]
                # an exercise stopped on its visible cases would only be stopped again, at the same cost
                collected = [stopped[k]] * len(chosen) if k in stopped else sandbox.collect(name, inputs)
                last = collected[-1].get("error") if collected and isinstance(collected[-1], dict) else None
                if isinstance(last, dict) and last.get("kind") in _STOPPED:
                    stopped[k] = {"error": last}
                for (j, case), case_inputs, data in zip(chosen, inputs, collected):
                    error = data.get("error") if isinstance(data, dict) else None
                    if isinstance(error, dict) and error.get("kind") == ErrorKind.NOT_DEFINED:
                        verdict = error_verdict(case, _not_defined(name, cells, sandbox.outcomes))
                    else:
                        verdict = judged(case, case_inputs, data)
                    verdicts[k, j] = _redacted(verdict, data if isinstance(data, dict) else {}) if hidden else verdict
    finally:
        for sandbox in sandboxes.values():
            sandbox.close()
    off = {reason for s in sandboxes.values() for reason in (s.isolation, s.sandboxing) if reason}
    grade.notes += [Note("isolation", f"the student's code ran without isolation: {reason}") for reason in sorted(off)]
    for grade_id, planned in plans.items():
        exercise_verdicts = [
            verdicts[k, j] for k, (g, _, cases) in enumerate(calls) if g == grade_id for j in range(len(cases))
        ]
        exercise_name = planned[0][0] if planned else grade_id.removeprefix("test_")
        grade.cells[grade_id] = CellGrade(grade_id, tests[grade_id][1], summarize(exercise_name, exercise_verdicts))
        stop = next((v for v in exercise_verdicts if v.mistake in _STOP_MISTAKES), None)
        if stop is not None:
            stops.append(Note(_STOP_MISTAKES[stop.mistake], f"`{exercise_name}`: {stop.message}"))
    grade.instructor = for_the_instructor(grade.notes + stops, settings.notebook_seconds)
    return grade


def for_the_instructor(notes: list[Note], budget: float) -> list[Note]:
    """``notes`` (the feedback's, and the exercises stopped, which the feedback's reports say) as
    ``grades.csv`` gives them. When the notebook's grading time ran out, which cells and
    exercises it cut short depends on the machine's speed, not only on the submission: one note
    says so instead of them, so that the same submission always gets the same notes."""
    if not any(note.kind == "skipped" for note in notes):
        return notes
    kept = [note for note in notes if note.kind not in ("timeout", "crashed", "skipped")]
    return [
        *kept,
        Note(
            "skipped",
            f"the notebook's {budget:g} s of grading time ran out (cells that hung or crashed were stopped and "
            "run again until then): what was not run scores 0, and the feedback says which",
        ),
    ]
