"""``grades.csv`` (one row per student and notebook) and ``grades_detail.csv`` (one per graded
exercise, with its diagnosis), read from the main gradebook.

A notebook whose grading failed (the machinery, not the student) has no score and says so in the
detail rows; exercises are listed in the order of their test cells in the release. Scores keep 4
decimals (each exercise's is rounded so when graded): a notebook's score is then exactly the sum
of its exercises', without the float noise of the gradebook's sum (3.7963999999999998). A text
cell that a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab
or a carriage return: a student folder named ``=HYPERLINK(...)``) is written with a leading
``'``, which spreadsheets show as text.
"""

from __future__ import annotations

import csv
from pathlib import Path

import nbformat

from autograder.course import layout
from autograder.course.nbgrader_course import Course

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(value):
    """``value`` as a spreadsheet shows it, never a formula (numbers are left as they are)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _exercise_order(course: Course, assignment: str) -> list[str]:
    nb = nbformat.read(course.path("release", assignment, f"{assignment}.ipynb"), as_version=4)
    return [
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
    ]


def _score(value) -> float:
    """A score with 4 decimals, as ``CellGrade.score`` rounds it."""
    return round(float(value), 4)


def export(
    course: Course,
    students: list[str],
    out: Path,
    failures: dict[tuple[str, str], str],
    notes: dict[tuple[str, str], list[str]] | None = None,
) -> tuple[list, list]:
    """Write both CSVs into ``out`` and return their rows ``(totals, details)``. ``notes``: what the
    instructor should know about a student's notebook (a renamed file, grading without the
    sandbox), in ``grades.csv``'s last column."""
    from nbgrader.api import Gradebook, MissingEntry

    totals, details = [], []
    with Gradebook(course.db_url) as gb:
        for student in students:
            for assignment in layout.assignments(course.path("source")):
                failure = failures.get((student, assignment))
                try:
                    notebook = None if failure else gb.find_submission_notebook(assignment, assignment, student)
                except MissingEntry:
                    notebook = None
                max_score = gb.find_notebook(assignment, assignment).max_score
                note = "; ".join((notes or {}).get((student, assignment), []))
                totals.append([student, assignment, _score(notebook.score) if notebook else "", max_score, note])
                grades = {g.name: g for g in notebook.grades} if notebook else {}
                comments = {c.name: c.auto_comment for c in notebook.comments} if notebook else {}
                for test in _exercise_order(course, assignment):
                    exercise = test.removeprefix("test_")
                    grade = grades.get(test)
                    message = comments.get(exercise) or ""
                    if failure:
                        message = "grading failed (see the grader's log); this notebook is not graded yet"
                    details.append(
                        [
                            student,
                            assignment,
                            exercise,
                            _score(grade.score) if grade else "",
                            grade.max_score if grade else gb.find_graded_cell(test, assignment, assignment).max_score,
                            message,
                        ]
                    )
    out.mkdir(parents=True, exist_ok=True)
    for name, header, rows in (
        ("grades.csv", ["student", "notebook", "score", "max_score", "notes"], totals),
        ("grades_detail.csv", ["student", "notebook", "exercise", "score", "max_score", "message"], details),
    ):
        with open(out / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows([_as_text(v) for v in row] for row in rows)
    return totals, details
