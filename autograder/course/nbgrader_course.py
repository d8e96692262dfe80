"""A course folder driven through nbgrader's own API.

``Course(root)`` is an nbgrader course directory: ``nbgrader_config.py`` (written from
``config.configure``), ``source/``, ``release/``, ``submitted/``, ``autograded/``, ``feedback/`` and
``gradebook.db``. Its methods are thin wrappers over ``nbgrader.apps.NbGraderAPI`` that raise
``CourseError`` with nbgrader's own log when a step fails.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from pathlib import Path

from nbgrader.apps import NbGraderAPI
from nbgrader.converters import GenerateSolution
from nbgrader.coursedir import CourseDirectory
from nbgrader.utils import capture_log, temp_attrs
from traitlets.config import Config

from autograder.course.config import config_file_text, configure
from autograder.settings import DEFAULTS, GraderSettings


class CourseError(RuntimeError):
    """An nbgrader step failed (the message carries nbgrader's log)."""


def _scripts_on_path() -> None:
    """nbgrader runs the ``alembic`` script of its environment when it creates a gradebook."""
    scripts = str(Path(sys.executable).parent)
    if scripts not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = scripts + os.pathsep + os.environ.get("PATH", "")


class Course:
    def __init__(
        self,
        root: str | Path,
        settings: GraderSettings = DEFAULTS,
        notes: dict | None = None,
        write_config: bool = True,
    ):
        """``settings``: the grader's limits; ``notes``: assignment -> what reading the submission
        decided, shown atop the feedback (both for ``GradeInSandbox``). ``write_config=False``
        opens an existing course and leaves its ``nbgrader_config.py`` (the limits it was graded
        with) as it is."""
        _scripts_on_path()
        self.root = Path(root).resolve()
        self.settings = settings
        self.root.mkdir(parents=True, exist_ok=True)
        if write_config:
            (self.root / "nbgrader_config.py").write_text(config_file_text(settings, notes))
        self.config = configure(Config(), self.root, settings, notes)
        self.config.NbGraderAPI.log_level = logging.ERROR
        self._api = None

    @property
    def api(self) -> NbGraderAPI:
        if self._api is None:
            coursedir = CourseDirectory(config=self.config)
            self._api = NbGraderAPI(coursedir=coursedir, config=self.config)
            self._api.log.setLevel(logging.ERROR)
        return self._api

    @property
    def db_url(self) -> str:
        return f"sqlite:///{self.root}/gradebook.db"

    def path(self, *parts: str) -> Path:
        return self.root.joinpath(*parts)

    @staticmethod
    def _check(result: dict, what: str) -> None:
        if not result.get("success"):
            raise CourseError(f"{what} failed:\n{result.get('error') or ''}\n{result.get('log') or ''}")

    def install_source(self, source: Path, assignment: str) -> None:
        target = self.path("source", assignment)
        if target.exists():
            shutil.rmtree(target)
        shutil.copytree(source / assignment, target, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))

    def generate_assignment(self, assignment: str) -> None:
        self._check(
            self.api.generate_assignment(assignment, force=True, create=True), f"generate_assignment {assignment}"
        )

    def generate_solution(self, assignment: str) -> None:
        """Executed solution notebooks in ``solution/`` (NbGraderAPI has no wrapper for this one)."""
        with temp_attrs(self.api.coursedir, assignment_id=assignment):
            app = GenerateSolution(coursedir=self.api.coursedir, parent=self.api)
            app.force = True
            self._check(capture_log(app), f"generate_solution {assignment}")

    def autograde(self, assignment: str, student: str) -> None:
        self._check(
            self.api.autograde(assignment, student, force=True, create=True), f"autograde {assignment} for {student}"
        )

    def generate_feedback(self, assignment: str, student: str) -> None:
        self._check(
            self.api.generate_feedback(assignment, student, force=True), f"generate_feedback {assignment} for {student}"
        )
