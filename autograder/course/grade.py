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
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from autograder.course import layout, worker
from autograder.course.export import export
from autograder.course.intake import scan
from autograder.course.merge import is_done, merge
from autograder.course.prepare import prepare, release_grade_ids
from autograder.course.progress import Progress, printable
from autograder.sandbox import isolation
from autograder.settings import DEFAULTS, GraderSettings


def _grade_in_pool(root, submissions: list, jobs: int, settings: GraderSettings, finished, log) -> list:
    """Grade ``submissions`` in ``jobs`` worker processes, calling ``finished`` with each result;
    returns those being graded when a worker died (the others are graded all the same).

    At most ``jobs`` students are handed to the pool at a time, so that when a worker dies (its
    memory, a crash in native code) the students it may have been grading are known: only those
    are returned, to be graded again; the pool is replaced and the queue goes on."""
    queue, suspects = list(submissions), []
    while queue:
        with ProcessPoolExecutor(
            max_workers=jobs, mp_context=get_context("spawn"), initializer=worker.init, initargs=(os.getpid(),)
        ) as pool:
            running: dict = {}
            broken, first = False, len(suspects)  # this pool's suspects are suspects[first:]
            try:
                while (queue or running) and not broken:
                    while queue and len(running) < jobs and not broken:
                        try:
                            running[pool.submit(worker.grade_student, str(root), queue[0], settings)] = queue[0]
                            queue.pop(0)
                        except BrokenProcessPool:  # a worker died since the last result
                            broken = True
                    if broken:
                        break
                    done, _ = wait(running, return_when=FIRST_COMPLETED)
                    for future in done:
                        submission = running.pop(future)
                        try:
                            finished(future.result())
                        except BrokenProcessPool:
                            suspects.append(submission)
                            broken = True
                if broken:  # every student still in the pool may have been in the dead worker
                    wait(running, timeout=60)
                    for future, submission in running.items():
                        if future.done() and future.exception() is None:
                            finished(future.result())
                        else:
                            suspects.append(submission)
                    names = ", ".join(printable(s.student) for s in suspects[first:])
                    print(f"a grading worker died; to be graded again, each alone: {names}", file=log)
            except KeyboardInterrupt:
                pool.shutdown(wait=False, cancel_futures=True)
                print("\ninterrupted: the students graded so far are kept; run the same command to finish", file=log)
                raise
    return list({s.student: s for s in suspects}.values())


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
    off = (isolation.unavailable() or "") if settings.isolation else "switched off (--no-isolation)"
    run_notes = [f"graded without the bubblewrap sandbox, {off}: {isolation.WITHOUT}"] if off else []
    for note in run_notes:
        print(f"warning: {note}", file=log)
    failures: dict[tuple[str, str], str] = {}
    seconds: dict[str, float] = {}
    progress = Progress(len(todo), log)

    def finished(result: worker.StudentResult) -> None:
        merge(course, result, out)
        seconds[result.student] = result.seconds
        for nb in result.notebooks:
            if nb.failure:
                failures[(result.student, nb.assignment)] = nb.failure
        failed = any(n.failure for n in result.notebooks)
        progress.update(result.student, result.seconds, " (grading failed)" if failed else "")

    suspects = _grade_in_pool(course.root, todo, max(1, jobs), settings, finished, log)
    for submission in suspects:  # alone in a fresh worker: a second death is this student's doing
        if _grade_in_pool(course.root, [submission], 1, settings, finished, log):
            detail = (
                "the grading worker died twice while grading this student, the second time alone: "
                "something in the submission kills the grader's own process (grades not recorded)"
            )
            failures.update({(submission.student, a): detail for a in layout.assignments(source)})
            progress.update(submission.student, 0.0, " FAILED")
    for (student, assignment), detail in sorted(failures.items()):
        print(f"grading failed for {printable(student)} / {assignment}:\n{detail}", file=log)
    students = [s.student for s in found]
    notes = {(s.student, a): [*s.notes.get(a, []), *run_notes] for s in found for a in layout.assignments(source)}
    totals, details = export(course, students, out, failures, notes)
    return GradeRun(students, len(todo), skipped, failures, totals, details, seconds)
