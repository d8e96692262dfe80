"""``python -m autograder grade SUBMISSIONS --out OUT [--jobs N]``: grade a class with nbgrader.

1. ``prepare``: the course folder ``OUT/course`` gets the source notebooks and nbgrader's
   ``generate_assignment`` (gradebook, release). It is rebuilt from scratch when the source or the
   grader changed (older grades would be stale).
2. ``intake.scan`` reads every student folder.
3. Each student is graded by a worker process in a private copy of the course (its own gradebook,
   so N workers never lock one database): nbgrader's ``autograde`` (with ``GradeInSandbox``) and
   ``generate_feedback``, for each notebook.
4. The main process merges each finished student into ``OUT/course/gradebook.db`` (the only
   writer), copies the feedback, and marks the student done with the digest of what was graded.
   An interrupted run, started again, skips the students already done with the same files; a
   changed submission is graded again and replaces the old grades.
5. ``grades.csv``, ``grades_detail.csv`` and ``feedback/<student>/<notebook>.html`` are written
   from the gradebook.

A student's failure is a grade. Only a failure of the machinery itself (nbgrader, the sandbox)
makes the command exit non-zero, and it still grades every other student.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path

import nbformat

from autograder.course import layout
from autograder.course.intake import Submission, scan
from autograder.course.nbgrader_course import Course, CourseError

DEFAULT_GRADER = {"cell_seconds": 30.0, "exercise_seconds": 60.0}


# ----------------------------------------------------------------------------- course preparation


def grader_fingerprint(source: Path = layout.SOURCE) -> str:
    """Changes whenever a grade could: the source notebooks, the autograder, the helpers."""
    digest = hashlib.sha256()
    roots = [source, layout.ROOT / "autograder", layout.ROOT / "helpers"]
    for root in roots:
        for path in sorted(root.rglob("*")):
            if (
                path.suffix in (".ipynb", ".py")
                and ".ipynb_checkpoints" not in path.parts
                and "__pycache__" not in path.parts
            ):
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def prepare(out: Path, source: Path = layout.SOURCE, grader: dict | None = None) -> Course:
    """The course folder ``out/course``, with every assignment generated (reused when current)."""
    root = out / "course"
    stamp = root / ".grader-fingerprint"
    fingerprint = grader_fingerprint(source)
    if root.exists() and (not stamp.exists() or stamp.read_text() != fingerprint):
        # grades made with another source or grader are not comparable: start the course again,
        # keeping only what students handed in (nbgrader's collect may have put it there)
        for child in root.iterdir():
            if child.name != "submitted":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    fresh = not stamp.exists()
    course = Course(root, grader)
    if fresh:
        for assignment in layout.assignments(source):
            course.install_source(source, assignment)
            course.generate_assignment(assignment)
        shutil.copy(course.path("gradebook.db"), course.path(".template.db"))
        stamp.write_text(fingerprint)
    return course


def release_grade_ids(course: Course) -> dict[str, set[str]]:
    """assignment -> grade_ids of its released notebook (to recognise renamed submissions)."""
    ids = {}
    for assignment in layout.assignments(course.path("source")):
        nb = nbformat.read(course.path("release", assignment, f"{assignment}.ipynb"), as_version=4)
        ids[assignment] = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells} - {None}
    return ids


# ----------------------------------------------------------------------------- one student (worker)


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


def grade_student(main_root: str, submission: Submission, grader: dict) -> StudentResult:
    """Grade one student in a private course folder next to the main one (run in a worker)."""
    start = time.monotonic()
    main = Path(main_root)
    workdir = Path(tempfile.mkdtemp(prefix="student-", dir=main / ".work"))
    shutil.copy(main / ".template.db", workdir / "gradebook.db")
    for name in ("source", "release"):
        (workdir / name).symlink_to(main / name)
    course = Course(workdir, {**grader, "notes": submission.notes})
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


def _worker_init(parent_pid: int) -> None:
    import warnings

    from autograder.sandbox.parent import die_with_parent
    from helpers.env import limit_threads, quiet_tensorflow

    die_with_parent(parent_pid)

    quiet_tensorflow()
    limit_threads(1)
    warnings.filterwarnings("ignore")


# ----------------------------------------------------------------------------- merging (main process)


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
    import warnings

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


# ----------------------------------------------------------------------------- CSV export


def _exercise_order(course: Course, assignment: str) -> list[str]:
    nb = nbformat.read(course.path("release", assignment, f"{assignment}.ipynb"), as_version=4)
    return [
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
    ]


def export(course: Course, students: list[str], out: Path, failures: dict[tuple[str, str], str]) -> tuple[list, list]:
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
                totals.append([student, assignment, notebook.score if notebook else "", max_score])
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
                            grade.score if grade else "",
                            grade.max_score if grade else gb.find_graded_cell(test, assignment, assignment).max_score,
                            message,
                        ]
                    )
    out.mkdir(parents=True, exist_ok=True)
    for name, header, rows in (
        ("grades.csv", ["student", "notebook", "score", "max_score"], totals),
        ("grades_detail.csv", ["student", "notebook", "exercise", "score", "max_score", "message"], details),
    ):
        with open(out / name, "w", newline="", encoding="utf-8") as f:
            writer = csv.writer(f)
            writer.writerow(header)
            writer.writerows(rows)
    return totals, details


# ----------------------------------------------------------------------------- progress


class Progress:
    """``[done/total] student  seconds | elapsed, remaining`` — one rewritten line on a terminal,
    plain lines in a log."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.start = time.monotonic()
        self.tty = stream.isatty()

    def update(self, student: str, seconds: float, status: str = "") -> None:
        self.done += 1
        elapsed = time.monotonic() - self.start
        remaining = elapsed / self.done * (self.total - self.done)
        line = (
            f"[{self.done:>{len(str(self.total))}}/{self.total}] {student} {seconds:.1f}s{status} "
            f"| elapsed {elapsed:.0f}s, ~{remaining:.0f}s left"
        )
        if self.tty:
            self.stream.write("\r\x1b[2K" + line + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()


# ----------------------------------------------------------------------------- the command


@dataclass
class GradeRun:
    students: list[str]
    graded: int
    skipped: int
    failures: dict[tuple[str, str], str]
    totals: list
    details: list
    seconds: dict[str, float]


def grade(
    submissions: Path,
    out: Path,
    jobs: int = 1,
    grader: dict | None = None,
    source: Path = layout.SOURCE,
    log=sys.stderr,
) -> GradeRun:
    grader = {**DEFAULT_GRADER, **(grader or {})}
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise FileNotFoundError(f"{submissions} is not a folder of student folders")
    course = prepare(out, source, grader)
    course.path(".work").mkdir(exist_ok=True)
    found = scan(submissions, release_grade_ids(course))
    todo = [s for s in found if not is_done(course, s)]
    skipped = len(found) - len(todo)
    if skipped:
        print(f"{skipped} student(s) already graded with the same files: kept", file=log)
    failures: dict[tuple[str, str], str] = {}
    seconds: dict[str, float] = {}
    progress = Progress(len(todo), log)
    with ProcessPoolExecutor(
        max_workers=max(1, jobs), mp_context=get_context("spawn"), initializer=_worker_init, initargs=(os.getpid(),)
    ) as pool:
        futures = {pool.submit(grade_student, str(course.root), s, grader): s for s in todo}
        try:
            for future in as_completed(futures):
                submission = futures[future]
                try:
                    result = future.result()
                except Exception:  # noqa: BLE001 - a worker died: the others go on
                    failures.update(
                        {(submission.student, a): traceback.format_exc() for a in layout.assignments(source)}
                    )
                    progress.update(submission.student, 0.0, " FAILED")
                    continue
                merge(course, result, out)
                seconds[result.student] = result.seconds
                for nb in result.notebooks:
                    if nb.failure:
                        failures[(result.student, nb.assignment)] = nb.failure
                progress.update(
                    result.student,
                    result.seconds,
                    " (grading failed)" if any(n.failure for n in result.notebooks) else "",
                )
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            print("\ninterrupted: the students graded so far are kept; run the same command to finish", file=log)
            raise
    for (student, assignment), detail in sorted(failures.items()):
        print(f"grading failed for {student} / {assignment}:\n{detail}", file=log)
    students = [s.student for s in found]
    totals, details = export(course, students, out, failures)
    return GradeRun(students, len(todo), skipped, failures, totals, details, seconds)
