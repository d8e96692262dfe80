"""``python -m autograder grade SUBMISSIONS --out OUT [--jobs N]``: grade a class with nbgrader.

1. ``usage.grade_paths`` checks both folders, and ``intake.scan`` reads every student folder.
2. ``prepare``: the course folder ``OUT/course`` (gradebook, release), rebuilt from scratch when
   the source or the grader changed.
3. ``worker.grade_student``, in a pool of N worker processes: each student in a private copy of
   the course, nbgrader's ``autograde`` (with ``GradeInSandbox``) and ``generate_feedback``.
4. ``merge``, in this process as each student finishes: grades into the main gradebook, the
   feedback copied, the student marked done (a run started again skips them).
5. ``export``: ``grades.csv``, ``grades_detail.csv``; the feedback is in ``OUT/feedback/``.

``Progress`` reports each phase as it begins. Each notebook's notes (intake's, grading's, the
run's) go to ``grades.csv``; the command sums them up at the end (``notes.summary``).

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

import nbformat

from autograder.course import layout, usage, worker
from autograder.course.export import export
from autograder.course.intake import scan
from autograder.course.merge import is_done, merge
from autograder.course.notes import Note
from autograder.course.prepare import grade_ids, prepare
from autograder.course.preprocessors import NOTES
from autograder.course.progress import Progress, printable
from autograder.sandbox import isolation
from autograder.settings import DEFAULTS, GraderSettings


def _grade_in_pool(root, submissions: list, jobs: int, settings: GraderSettings, finished, progress) -> list:
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
                    progress.say(f"a grading worker died; to be graded again, each alone: {names}")
            except KeyboardInterrupt:
                pool.shutdown(wait=False, cancel_futures=True)
                progress.say("interrupted: the students graded so far are kept; run the same command to finish")
                raise
    return list({s.student: s for s in suspects}.values())


def _grading_notes(course, student: str, assignment: str) -> list[Note]:
    """What ``GradeInSandbox`` noted on the student's notebook (repairs, timeouts, cells stopped),
    from the autograded notebook's metadata (none if it was not graded)."""
    path = course.path("autograded", student, assignment, f"{assignment}.ipynb")
    if not path.exists():
        return []
    nb = nbformat.read(path, as_version=4)
    return [Note(kind, text) for kind, text in nb.metadata.get(NOTES, [])]


@dataclass
class GradeRun:
    students: list[str]
    graded: int
    skipped: int
    failures: dict[tuple[str, str], str]  # (student, assignment) -> what failed in the machinery
    totals: list
    details: list
    seconds: dict[str, float]
    notes: dict[tuple[str, str], list[Note]]  # (student, assignment) -> what grades.csv notes


def grade(
    submissions: Path,
    out: Path,
    jobs: int = 1,
    settings: GraderSettings = DEFAULTS,
    source: Path = layout.SOURCE,
    log=sys.stderr,
) -> GradeRun:
    """Grade every student folder of ``submissions`` under ``settings``, ``jobs`` at a time;
    ``usage.UsageError`` before any work if either folder cannot be used."""
    submissions, out = Path(submissions), Path(out)
    assignments = layout.assignments(source)
    usage.grade_paths(submissions, out, assignments)
    with Progress(log) as progress:
        found = scan(submissions, grade_ids(source))
        readable = sum(len(s.notebooks) for s in found)
        progress.say(
            f"read {len(found)} student folder(s) in {submissions}: "
            f"{readable} of their {len(found) * len(assignments)} notebooks to grade"
        )
        course = prepare(out, source, settings, step=progress.step)
        course.path(".work").mkdir(exist_ok=True)
        todo = [s for s in found if not is_done(course, s)]
        skipped = len(found) - len(todo)
        progress.say(f"course ready in {course.root} after {progress.elapsed()}")
        if skipped:
            progress.say(f"{skipped} student(s) already graded with the same files: kept")
        off = (isolation.unavailable() or "") if settings.isolation else "switched off (--no-isolation)"
        run_notes = (
            [Note("isolation", f"graded without the bubblewrap sandbox, {off}: {isolation.WITHOUT}")] if off else []
        )
        for note in run_notes:
            progress.say(f"warning: {note}")
        failures: dict[tuple[str, str], str] = {}
        seconds: dict[str, float] = {}

        def finished(result: worker.StudentResult) -> None:
            merge(course, result, out)
            seconds[result.student] = result.seconds
            for nb in result.notebooks:
                if nb.failure:
                    failures[(result.student, nb.assignment)] = nb.failure
            failed = any(n.failure for n in result.notebooks)
            progress.update(result.student, result.seconds, " (grading failed)" if failed else "")

        if todo:
            progress.grading(len(todo), jobs)
        suspects = _grade_in_pool(course.root, todo, max(1, jobs), settings, finished, progress)
        for submission in suspects:  # alone in a fresh worker: a second death is this student's doing
            if _grade_in_pool(course.root, [submission], 1, settings, finished, progress):
                detail = (
                    "the grading worker died twice while grading this student, the second time alone: "
                    "something in the submission kills the grader's own process (grades not recorded)"
                )
                failures.update({(submission.student, a): detail for a in assignments})
                progress.update(submission.student, 0.0, " FAILED")
        for (student, assignment), detail in sorted(failures.items()):
            progress.say(f"grading failed for {printable(student)} / {assignment}:\n{detail}")
    students = [s.student for s in found]
    failed = [Note("failed", "grading failed (see the grader's log): run the same command again")]
    # without the sandbox for the whole run, its note says so once per notebook, not also each sandbox's
    notes = {
        (s.student, a): [
            *([s.problems[a]] if a in s.problems else s.notes.get(a, [])),  # a problem holds the intake notes
            *[n for n in _grading_notes(course, s.student, a) if not (run_notes and n.kind == "isolation")],
            *run_notes,
            *(failed if (s.student, a) in failures else []),
        ]
        for s in found
        for a in assignments
    }
    totals, details = export(course, students, out, failures, notes)
    return GradeRun(students, len(todo), skipped, failures, totals, details, seconds, notes)
