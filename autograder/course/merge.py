"""Merging a graded student into the class, in the main process (the gradebook's only writer).

``merge`` copies one worker's result into ``OUT/course/gradebook.db``, its ``autograded/`` and
``feedback/`` folders into the course and the feedback HTML into ``OUT/feedback/``, then marks the
student done with the digest of what was graded (``.done/``). ``is_done`` lets an interrupted run,
started again, skip those students; a changed submission has another digest, is graded again and
its grades replace the old ones.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from pathlib import Path

from autograder.course.intake import Submission
from autograder.course.nbgrader_course import Course
from autograder.course.worker import StudentResult


def _done_path(course: Course, student: str) -> Path:
    return course.path(".done", hashlib.sha256(student.encode()).hexdigest()[:16] + ".json")


def is_done(course: Course, submission: Submission) -> bool:
    path = _done_path(course, submission.student)
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return False
    return record.get("student") == submission.student and record.get("digest") == submission.digest


def merge(course: Course, result: StudentResult, out: Path) -> None:
    """Copy one student's grades into the main gradebook and their feedback into ``out``."""
    from nbgrader.api import Gradebook
    from sqlalchemy.exc import SAWarning

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own session warnings
    work = Path(result.workdir)
    with Gradebook(course.db_url) as gb:
        gb.update_or_create_student(result.student)
        for nb in result.notebooks:
            if nb.failure:
                continue
            gb.update_or_create_submission(nb.assignment, result.student)
            notebook = gb.find_submission_notebook(nb.assignment, nb.assignment, result.student)
            for grade in notebook.grades:
                grade.auto_score = nb.grades.get(grade.name)
                grade.needs_manual_grade = grade.auto_score is None or grade.manual_score is not None
            for comment in notebook.comments:
                comment.auto_comment = nb.comments.get(comment.name)
        gb.db.commit()
    for nb in result.notebooks:
        for kind in ("autograded", "feedback"):
            source = work / kind / result.student / nb.assignment
            target = course.path(kind, result.student, nb.assignment)
            if target.exists():
                shutil.rmtree(target)
            if source.exists() and not nb.failure:
                shutil.copytree(source, target)
        html = course.path("feedback", result.student, nb.assignment, f"{nb.assignment}.html")
        target = out / "feedback" / result.student / f"{nb.assignment}.html"
        if html.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(html, target)
        elif target.exists():
            target.unlink()
    shutil.rmtree(work, ignore_errors=True)
    if not any(nb.failure for nb in result.notebooks):
        done = _done_path(course, result.student)
        done.parent.mkdir(exist_ok=True)
        tmp = done.with_suffix(".tmp")
        tmp.write_text(json.dumps({"student": result.student, "digest": result.digest}))
        os.replace(tmp, done)
