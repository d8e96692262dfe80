"""Crafting submissions: the release notebooks with chosen answer cells filled in.

Used by the demo (its example students) and by the test suite's corpus of crafted submissions.
The correct answers are the source notebooks' own solutions; the typical mistakes are each
family's (``TYPICAL`` in ``autograder/exercises/<family>/crafted.py``: the answer-cell source, the
mistake the grader should name and the cases it should pass).
"""

from __future__ import annotations

import copy
from functools import cache
from pathlib import Path

import nbformat

from autograder.course import layout

_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


@cache
def release(assignment: str, notebooks: Path = layout.NOTEBOOKS) -> nbformat.NotebookNode:
    return nbformat.read(notebooks / f"{assignment}.ipynb", as_version=4)


@cache
def solutions(assignment: str, source: Path = layout.SOURCE) -> dict[str, str]:
    """grade_id -> the source's answer, as a student would type it (no solution markers)."""
    nb = nbformat.read(layout.source_notebook(assignment, source), as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: "\n".join(
            line for line in cell.source.splitlines() if line.strip() not in _MARKERS
        )
        for cell in nb.cells
        if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("solution")
    }


@cache
def written(assignment: str, source: Path = layout.SOURCE) -> dict[str, str]:
    """grade_id -> the source's model answer of each written question (a manually graded answer)."""
    nb = nbformat.read(layout.source_notebook(assignment, source), as_version=4)
    return {
        cell.metadata["nbgrader"]["grade_id"]: cell.source
        for cell in nb.cells
        if cell.cell_type == "markdown" and cell.metadata.get("nbgrader", {}).get("solution")
    }


@cache
def mistakes(assignment: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """``(answers, expected)`` for the typical mistakes of ``assignment``'s exercises: answer-cell
    sources, and the mistake id and ``"passed/total"`` the grader should give each."""
    from autograder.exercises import FAMILIES, get

    answers, expected = {}, {}
    for family in FAMILIES:
        for name, (source, mistake, passed) in family.typical().items():
            if get(name).notebook == assignment:
                answers[name], expected[name] = source, (mistake, passed)
    return answers, expected


@cache
def setup_source(assignment: str, source: Path = layout.SOURCE) -> str:
    """The source notebook's setup cell (imports only), which grading runs before the answers."""
    nb = nbformat.read(layout.source_notebook(assignment, source), as_version=4)
    return next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "setup")


@cache
def notebook_cases(exercise: str, source: Path = layout.SOURCE) -> tuple:
    """Every case the source notebook's test cell ``test_<exercise>`` checks, visible and hidden,
    in order: what grading runs (a test cell may call ``check`` several times)."""
    from autograder.checks import planning, planning_namespace
    from autograder.exercises import get

    nb = nbformat.read(layout.source_notebook(get(exercise).notebook, source), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{exercise}")
    with planning() as plan:
        exec(cell.source, planning_namespace())
    return tuple(case for name, cases in plan if name == exercise for case in cases)


def define(exercise: str, answer: str):
    """What an answer cell holding ``answer`` defines as ``exercise``, run after its notebook's
    setup cell as grading runs it (``None`` if the cell raises ``NotImplementedError``)."""
    from autograder.exercises import get

    namespace: dict = {}
    exec(setup_source(get(exercise).notebook), namespace)
    try:
        exec(answer, namespace)
    except NotImplementedError:
        return None
    return namespace.get(exercise)


def run_answer(exercise: str, answer, cases=None):
    """Check ``answer`` (an answer cell's source, or the function or class itself) in this process,
    on ``cases`` (default: every case of the notebook's test cell, as grading runs them)."""
    from autograder.checks import run_here

    fn = define(exercise, answer) if isinstance(answer, str) else answer
    return run_here(exercise, fn, list(notebook_cases(exercise) if cases is None else cases))


def answered(assignment: str, answers: dict[str, str]) -> nbformat.NotebookNode:
    """A copy of the release notebook whose answer cells ``answers`` names hold those sources."""
    nb = copy.deepcopy(release(assignment))
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if cell.metadata.get("nbgrader", {}).get("solution") and grade_id in answers:
            cell.source = answers[grade_id]
    return nb


def correct(assignment: str) -> nbformat.NotebookNode:
    return answered(assignment, solutions(assignment))


def with_mistakes(assignment: str) -> nbformat.NotebookNode:
    """Every answer filled in; those with a typical mistake on file have it."""
    return answered(assignment, {**solutions(assignment), **mistakes(assignment)[0]})


def write(folder: Path, assignment: str, nb, name: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / (name or f"{assignment}.ipynb")
    nbformat.write(nb, path)
    return path
