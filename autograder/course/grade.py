"""``python -m autograder grade SUBMISSIONS --out OUT [--jobs N]``: grade a class with nbgrader.

1. ``prepare``: the course folder ``OUT/course`` (gradebook, release), rebuilt from scratch when
   the source or the grader changed.
2. ``intake.scan`` reads every student folder.
3. ``worker.grade_student``, in a pool of N worker processes: each student in a private copy of
   the course, nbgrader's ``autograde`` (with ``GradeInSandbox``) and ``generate_feedback``.
4. ``merge``, in this process as each student finishes: grades into the main gradebook, the
   feedback copied, the student marked done (a run started again skips them).
5. ``export``: ``grades.csv``, ``grades_detail.csv``; the feedback is in ``OUT/feedback/``.

A student's failure is a grade. Only a failure of the machinery itself (nbgrader, the sandbox)
makes the command exit non-zero, and it still grades every other student.
"""

from __future__ import annotations

import os
import sys
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from autograder.course import layout, worker
from autograder.course.export import export
from autograder.course.intake import scan
from autograder.course.merge import is_done, merge
from autograder.course.prepare import prepare, release_grade_ids
from autograder.course.progress import Progress
from autograder.settings import DEFAULTS, GraderSettings


@dataclass
class GradeRun:
    students: list[str]
    graded: int
    skipped: int
    failures: dict[tuple[str, str], str]  # (student, assignment) -> what failed in the machinery
    totals: list
    details: list
    seconds: dict[str, float]


def grade(
    submissions: Path,
    out: Path,
    jobs: int = 1,
    settings: GraderSettings = DEFAULTS,
    source: Path = layout.SOURCE,
    log=sys.stderr,
) -> GradeRun:
    """Grade every student folder of ``submissions`` under ``settings``, ``jobs`` at a time."""
    submissions, out = Path(submissions), Path(out)
    if not submissions.is_dir():
        raise FileNotFoundError(f"{submissions} is not a folder of student folders")
    course = prepare(out, source, settings)
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
        max_workers=max(1, jobs), mp_context=get_context("spawn"), initializer=worker.init, initargs=(os.getpid(),)
    ) as pool:
        futures = {pool.submit(worker.grade_student, str(course.root), s, settings): s for s in todo}
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
