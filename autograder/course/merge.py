"""Merging a graded student into the class, in the main process (the gradebook's only writer).

``merge`` copies one worker's result into ``OUT/course/gradebook.db``, its ``autograded/`` and
``feedback/`` folders into the course and the feedback HTML into ``OUT/feedback/``, then marks the
student done with the digest of what was graded (``.done/``). ``is_done`` lets an interrupted run,
started again, skip those students; a changed submission has another digest, is graded again and
its grades replace the old ones.

Formgrader counts a class's submissions from nbgrader's ``submitted/<student>/<assignment>/``
folders, and shows a submission as autograded when the timestamp there (``timestamp.txt``,
written by ``nbgrader collect``) is the gradebook's. So each graded notebook is also written to
``OUT/course/submitted/<student>/<assignment>/<assignment>.ipynb``, beside a marker
(``SUBMITTED_COPY``) saying that the folder is the grader's copy, replaced at the next grading. A
folder without the marker is the student's own (collected by nbgrader, or graded in place as
``grade OUT/course/submitted``): it is never changed, and its ``timestamp.txt`` becomes the
submission's timestamp in the gradebook.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import warnings
from pathlib import Path

from autograder.course.intake import Submission, read_bounded
from autograder.course.nbgrader_course import Course
from autograder.course.worker import StudentResult

SUBMITTED_COPY = ".autograder-copy"  # in a submitted/<student>/<assignment>/ folder that ``merge`` wrote
_STAMP = "timestamp.txt"


def _submitted(course: Course, work: Path, student: str, assignment: str):
    """Write the graded notebook into the course's ``submitted/`` unless the folder there is the
    student's own; return the submission's timestamp (``None`` without ``timestamp.txt``, or
    when it cannot be read as one)."""
    from nbgrader.utils import parse_utc

    target = course.path("submitted", student, assignment)
    if not target.exists() or (target / SUBMITTED_COPY).is_file():
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(work / "submitted" / student / assignment, target)
        (target / SUBMITTED_COPY).write_text("written by `python -m autograder grade`; replaced when graded again\n")
        return None
    try:
        return parse_utc(read_bounded(target / _STAMP, 1024).decode().strip())
    except (OSError, ValueError, OverflowError):  # no stamp, or not one nbgrader could read either
        return None


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
            handed_in = work.joinpath("submitted", result.student, nb.assignment).is_dir()
            timestamp = _submitted(course, work, result.student, nb.assignment) if handed_in else None
            gb.update_or_create_submission(nb.assignment, result.student, timestamp=timestamp)
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
