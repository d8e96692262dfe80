"""``grades.csv`` (one row per student and notebook) and ``grades_detail.csv`` (one per graded
exercise or written answer, with its diagnosis or the grader's comment), read from the main
gradebook.

A notebook's score is what nbgrader counts: the autograded exercises plus the written answers
graded so far, ``score = auto_score + manual_score``. Written answers are graded by hand in
formgrader; until every answered one has a grade, ``manual_score`` reads ``ungraded`` (an
unanswered one scores 0 without grading, as nbgrader decides: its text is the release's prompt).
``python -m autograder export --out OUT`` (``export_again``) writes both CSVs again from the
gradebook, with the manual grades given since, and with the students, failures and notes of the
last ``grade`` run (kept in ``OUT/course/.export.json``).

A notebook whose grading failed (the machinery, not the student) has no score and says so in the
detail rows; rows follow the order of the graded cells in the release. Scores keep 4 decimals
(each exercise's is rounded so when graded): a notebook's score is then exactly the sum of its
exercises', without the float noise of the gradebook's sum (3.7963999999999998). A text cell that
a spreadsheet would run as a formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a
carriage return: a student folder named ``=HYPERLINK(...)``) is written with a leading ``'``,
which spreadsheets show as text.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

import nbformat

from autograder.course import layout
from autograder.course.nbgrader_course import Course

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
UNGRADED = "ungraded"
AUTO, MANUAL = "auto", "manual"  # the ``grading`` column of grades_detail.csv
RUN_FILE = ".export.json"  # in the course folder: what ``export_again`` needs of the last run
TOTALS_HEADER = [
    "student",
    "notebook",
    "score",
    "max_score",
    "auto_score",
    "auto_max",
    "manual_score",
    "manual_max",
    "notes",
]
DETAILS_HEADER = ["student", "notebook", "exercise", "score", "max_score", "message", "grading"]


class NotGraded(Exception):
    """``export_again`` on a folder that ``grade`` has not written."""


def _as_text(value):
    """``value`` as a spreadsheet shows it, never a formula (numbers are left as they are)."""
    return "'" + value if isinstance(value, str) and value.startswith(_FORMULA_START) else value


def _graded_cells(course: Course, assignment: str) -> list[tuple[str, str]]:
    """``(grade_id, AUTO or MANUAL)`` of the release's graded cells, in notebook order: the test
    cells (autograded) and the written answers (manually graded answer cells)."""
    nb = nbformat.read(course.path("release", assignment, f"{assignment}.ipynb"), as_version=4)
    cells = []
    for cell in nb.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade"):
            cells.append((meta["grade_id"], MANUAL if meta.get("solution") else AUTO))
    return cells


def _score(value) -> float:
    """A score with 4 decimals, as ``CellGrade.score`` rounds it."""
    return round(float(value), 4)


def _ungraded(grade) -> bool:
    """A written answer nobody has graded yet (an unanswered one is scored 0 when autograded)."""
    return grade.manual_score is None and grade.auto_score is None


def export(
    course: Course,
    students: list[str],
    out: Path,
    failures: dict[tuple[str, str], str],
    notes: dict[tuple[str, str], list[str]] | None = None,
) -> tuple[list, list]:
    """Write both CSVs into ``out`` and return their rows ``(totals, details)``. ``notes``: what the
    instructor should know about a student's notebook (a renamed file, grading without the
    sandbox), in ``grades.csv``'s last column. The arguments are kept in the course folder for
    ``export_again``."""
    from nbgrader.api import Gradebook, MissingEntry

    notes = notes or {}
    totals, details = [], []
    with Gradebook(course.db_url) as gb:
        for student in students:
            for assignment in layout.assignments(course.path("source")):
                failure = failures.get((student, assignment))
                try:
                    notebook = None if failure else gb.find_submission_notebook(assignment, assignment, student)
                except MissingEntry:
                    notebook = None
                grades = {g.name: g for g in notebook.grades} if notebook else {}
                comments = {c.name: c for c in notebook.comments} if notebook else {}
                got = {AUTO: 0.0, MANUAL: 0.0}
                maximum = {AUTO: 0.0, MANUAL: 0.0}
                ungraded = False
                for grade_id, kind in _graded_cells(course, assignment):
                    grade = grades.get(grade_id)
                    cell_max = gb.find_graded_cell(grade_id, assignment, assignment).max_score
                    maximum[kind] += cell_max
                    if kind == AUTO:
                        exercise = grade_id.removeprefix("test_")
                        comment = comments.get(exercise)
                        message = (comment.auto_comment if comment else None) or ""
                    else:
                        exercise, comment = grade_id, comments.get(grade_id)
                        message = (comment.manual_comment or comment.auto_comment or "") if comment else ""
                    if failure:
                        message = "grading failed (see the grader's log); this notebook is not graded yet"
                    if grade is None:
                        score = ""
                    elif kind == MANUAL and _ungraded(grade):
                        score, ungraded = UNGRADED, True
                    else:
                        score = _score(grade.score)
                        got[kind] += score
                    details.append([student, assignment, exercise, score, cell_max, message, kind])
                row = [student, assignment, "", sum(maximum.values()), "", maximum[AUTO], "", maximum[MANUAL]]
                if notebook:
                    row[2] = _score(got[AUTO] + got[MANUAL])
                    row[4] = _score(got[AUTO])
                    row[6] = UNGRADED if ungraded else _score(got[MANUAL])
                totals.append([*row, "; ".join(notes.get((student, assignment), []))])
    out.mkdir(parents=True, exist_ok=True)
    for name, header, rows in (
        ("grades.csv", TOTALS_HEADER, totals),
        ("grades_detail.csv", DETAILS_HEADER, details),
    ):
        with open(out / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows([_as_text(v) for v in row] for row in rows)
    run = {
        "students": students,
        "failures": [[s, a, detail] for (s, a), detail in failures.items()],
        "notes": [[s, a, items] for (s, a), items in notes.items()],
    }
    course.path(RUN_FILE).write_text(json.dumps(run), encoding="utf-8")
    return totals, details


def export_again(out: Path) -> tuple[list, list]:
    """Both CSVs of ``out`` written again from its gradebook (``out/course``), with the manual
    grades given in formgrader since ``grade`` ran."""
    root = Path(out) / "course"
    try:
        run = json.loads((root / RUN_FILE).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotGraded(f"{out} holds no graded class ({root / RUN_FILE} is missing): run `grade` first") from None
    course = Course(root, write_config=False)
    failures = {(s, a): detail for s, a, detail in run["failures"]}
    notes = {(s, a): items for s, a, items in run["notes"]}
    return export(course, run["students"], Path(out), failures, notes)
