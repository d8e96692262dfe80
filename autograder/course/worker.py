"""Grading one student, in a worker process of ``grade``.

Each student is graded in a private course folder next to the main one (``OUT/course/.work/``):
a copy of the template gradebook, ``source`` and ``release`` linked, so N workers never lock one
database. For each notebook: nbgrader's ``autograde`` (with ``GradeInSandbox``) and
``generate_feedback``; a notebook that was not handed in, or could not be read, scores zero with
the reason as its comment. The grades are read back as plain data for the main process to merge.
"""

from __future__ import annotations

import shutil
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.course import layout
from autograder.course.intake import Submission
from autograder.course.nbgrader_course import Course, CourseError
from autograder.sandbox.confinement import die_with_parent
from autograder.settings import GraderSettings
from helpers.env import limit_threads, quiet_tensorflow


@dataclass
class NotebookResult:
    assignment: str
    grades: dict[str, float | None] = field(default_factory=dict)  # test cell -> auto score
    comments: dict[str, str | None] = field(default_factory=dict)  # answer cell -> diagnosis
    failure: str | None = None  # the machinery failed on this notebook


@dataclass
class StudentResult:
    student: str
    digest: str
    workdir: str
    notebooks: list[NotebookResult]
    seconds: float


def init(parent_pid: int) -> None:
    """Set up a worker process: it dies with the grader, stays quiet and uses one thread."""
    die_with_parent(parent_pid)
    quiet_tensorflow()
    limit_threads(1)
    warnings.filterwarnings("ignore")


def _zero(course: Course, assignment: str, student: str, message: str) -> None:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(student)
        gb.update_or_create_submission(assignment, student)
        notebook = gb.find_submission_notebook(assignment, assignment, student)
        for grade in notebook.grades:
            grade.auto_score = 0.0
            grade.needs_manual_grade = False
        for comment in notebook.comments:
            comment.auto_comment = message
        gb.db.commit()


def _read_back(course: Course, assignment: str, student: str) -> NotebookResult:
    from nbgrader.api import Gradebook

    with Gradebook(course.db_url) as gb:
        notebook = gb.find_submission_notebook(assignment, assignment, student)
        return NotebookResult(
            assignment,
            grades={g.name: g.auto_score for g in notebook.grades},
            comments={c.name: c.auto_comment for c in notebook.comments},
        )


def grade_student(main_root: str, submission: Submission, settings: GraderSettings) -> StudentResult:
    """Grade one student in a private course folder next to the main one."""
    start = time.monotonic()
    main = Path(main_root)
    workdir = Path(tempfile.mkdtemp(prefix="student-", dir=main / ".work"))
    shutil.copy(main / ".template.db", workdir / "gradebook.db")
    for name in ("source", "release"):
        (workdir / name).symlink_to(main / name)
    course = Course(workdir, settings, submission.notes)
    student, results = submission.student, []
    for assignment in layout.assignments(main / "source"):
        try:
            if assignment in submission.notebooks:
                folder = course.path("submitted", student, assignment)
                folder.mkdir(parents=True)
                nbformat.write(submission.notebooks[assignment], folder / f"{assignment}.ipynb")
                course.autograde(assignment, student)
                course.generate_feedback(assignment, student)
            else:
                _zero(course, assignment, student, submission.problems.get(assignment, "not submitted"))
            results.append(_read_back(course, assignment, student))
        except Exception as exc:  # noqa: BLE001 - reported, never lost
            detail = str(exc) if isinstance(exc, CourseError) else traceback.format_exc()
            results.append(NotebookResult(assignment, failure=detail[-4000:]))
    return StudentResult(student, submission.digest, str(workdir), results, time.monotonic() - start)
