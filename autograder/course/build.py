"""``python -m autograder build``: ``source/`` -> ``notebooks/`` (student release) and ``solutions/``.

Both come out of nbgrader's own converters in a throw-away course folder: ``generate_assignment``
for the release (answers replaced by ``raise NotImplementedError()``, hidden tests removed,
checksums for nbgrader), ``GenerateSolution`` for the solutions (hidden tests removed, executed,
outputs normalized). A solution is executed again only when what it is built from changed: its
source notebook, ``helpers`` or ``autograder`` (``fingerprint_of``, kept in its metadata), so building
twice changes nothing and ``tests/course/test_build.py`` can tell when the committed files are stale.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.course import layout
from autograder.course.fingerprint import fingerprint_of
from autograder.course.nbgrader_course import Course

FINGERPRINT_KEY = "autograder"


def solution_fingerprint(assignment: str, source: Path = layout.SOURCE) -> str:
    """What an executed solution depends on: its source notebook and the code (``fingerprint_of``)."""
    return fingerprint_of([layout.source_notebook(assignment, source)])


def is_current(path: Path, fingerprint: str) -> bool:
    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError):
        return False
    return nb.metadata.get(FINGERPRINT_KEY, {}).get("built_from") == fingerprint


@dataclass
class BuildReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)


def _write_if_changed(nb, path: Path, report: BuildReport) -> None:
    text = nbformat.writes(nb) + "\n"
    if path.exists() and path.read_text(encoding="utf-8") == text:
        report.unchanged.append(path)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    report.written.append(path)


def build(
    force: bool = False,
    solutions: bool = True,
    source: Path = layout.SOURCE,
    notebooks_dir: Path = layout.NOTEBOOKS,
    solutions_dir: Path = layout.SOLUTIONS,
    log=print,
) -> BuildReport:
    report = BuildReport()
    with tempfile.TemporaryDirectory(prefix="build-") as tmp:
        course = Course(tmp)
        for assignment in layout.assignments(source):
            course.install_source(source, assignment)
            course.generate_assignment(assignment)
            release = nbformat.read(course.path("release", assignment, f"{assignment}.ipynb"), as_version=4)
            _write_if_changed(release, notebooks_dir / f"{assignment}.ipynb", report)
            if not solutions:
                continue
            target = solutions_dir / f"{assignment}.ipynb"
            fingerprint = solution_fingerprint(assignment, source)
            if not force and is_current(target, fingerprint):
                report.unchanged.append(target)
                continue
            log(f"executing the solution of {assignment} ...")
            start = time.monotonic()
            course.generate_solution(assignment)
            report.seconds[assignment] = time.monotonic() - start
            solution = nbformat.read(course.path("solution", ".", assignment, f"{assignment}.ipynb"), as_version=4)
            solution.metadata[FINGERPRINT_KEY] = {"built_from": fingerprint}
            _write_if_changed(solution, target, report)
    return report
