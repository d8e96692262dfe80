"""Crafting submissions: the release notebooks with chosen answer cells filled in.

Used by the demo (its example students) and by the test suite's corpus of crafted submissions.
The correct answers are the source notebooks' own solutions; typical mistakes come from
``examples/mistakes/<notebook>.py`` (``ANSWERS``: answer-cell sources, ``EXPECTED``: the mistake
the grader should name and the cases it should pass).
"""

from __future__ import annotations

import copy
import runpy
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
def mistakes(assignment: str, examples: Path = layout.EXAMPLES) -> tuple[dict[str, str], dict[str, tuple]]:
    """``(ANSWERS, EXPECTED)`` of ``examples/mistakes/<assignment>.py`` (empty if there is none)."""
    path = examples / "mistakes" / f"{assignment}.py"
    if not path.exists():
        return {}, {}
    data = runpy.run_path(str(path))
    return data.get("ANSWERS", {}), data.get("EXPECTED", {})


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
