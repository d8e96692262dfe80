"""The course folder a class is graded in: ``OUT/course``, with every assignment generated.

It holds the source notebooks, nbgrader's release and the gradebook, plus ``.template.db`` (the
gradebook before any student, copied by each worker) and ``.grader-fingerprint``. It is reused
while the fingerprint (``fingerprint_of`` the source notebooks) is unchanged and rebuilt from
scratch otherwise: grades made with another source or grader are not comparable. Generating
takes a minute or two (nbgrader's ``generate_assignment`` for each assignment, the gradebook
created first): ``prepare`` names each step to its ``step`` callback as it begins.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import nbformat

from autograder.course import layout
from autograder.course.fingerprint import fingerprint_of
from autograder.course.nbgrader_course import Course
from autograder.settings import DEFAULTS, GraderSettings


def prepare(
    out: Path,
    source: Path = layout.SOURCE,
    settings: GraderSettings = DEFAULTS,
    step: Callable[[str], None] = lambda what: None,
) -> Course:
    """The course folder ``out/course``, with every assignment generated (reused when current);
    ``step(what)`` is called as each step of the set-up begins."""
    root = out / "course"
    stamp = root / ".grader-fingerprint"
    assignments = layout.assignments(source)
    fingerprint = fingerprint_of([layout.source_notebook(a, source) for a in assignments])
    if root.exists() and (not stamp.exists() or stamp.read_text() != fingerprint):
        step(f"removing the course in {root}, made with another source or grader")
        # keep only what students handed in (nbgrader's collect may have put it there)
        for child in root.iterdir():
            if child.name != "submitted":
                shutil.rmtree(child) if child.is_dir() else child.unlink()
    fresh = not stamp.exists()
    course = Course(root, settings)
    if fresh:
        for number, assignment in enumerate(assignments, 1):
            first = " and the gradebook" if number == 1 else ""
            step(f"generating {assignment}{first} ({number}/{len(assignments)}) in {root}")
            course.install_source(source, assignment)
            course.generate_assignment(assignment)
        shutil.copy(course.path("gradebook.db"), course.path(".template.db"))
        stamp.write_text(fingerprint)
    return course


def grade_ids(source: Path = layout.SOURCE) -> dict[str, set[str]]:
    """assignment -> grade_ids of its notebook (to recognise renamed submissions), read from the
    source, before any course exists: the release keeps every cell of the source and its
    ``grade_id``."""
    ids = {}
    for assignment in layout.assignments(source):
        nb = nbformat.read(layout.source_notebook(assignment, source), as_version=4)
        ids[assignment] = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells} - {None}
    return ids
