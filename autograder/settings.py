"""The grader's settings: the one place their defaults are written.

``GraderSettings`` travels unchanged from the command line (``cli.py`` reads its defaults and
help) through ``course.grade`` and the course folder's nbgrader configuration (the traits of
``GradeInSandbox`` take their defaults from it, and ``nbgrader_config.py`` writes it out, so a
plain ``nbgrader autograde`` in that folder uses the same values) to the sandbox, whose parent
enforces the time limits and whose child applies the resource limits and Landlock to itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class GraderSettings:
    """The limits a student's code is graded under (seconds, bytes).

    Time limits are wall-clock, measured by the grader: ``cell_seconds`` per cell of the student's,
    ``exercise_seconds`` for all the cases of one exercise, ``start_seconds`` for the student's
    interpreter to start and for each of the course's own cells (the setup cell, which imports
    Keras: about 5 s on 2 cores). The others are the kernel's limits
    on the student's process: address space (``memory_bytes``: room for TensorFlow, not for a
    runaway list), CPU time (``cpu_seconds``: a backstop should the wall-clock limits fail), the
    size of any file it writes (``file_bytes``), and ``landlock``: file-system confinement (writes
    only in its scratch folder, no reads of the course) where the kernel supports it.
    ``notebook_seconds`` bounds a whole notebook's grading, replays after a hung or crashed cell
    included. With ``isolation`` (``autograder.sandbox.isolation``: bubblewrap), the student's code
    also runs in its own namespaces, with at most ``processes`` processes and threads and
    ``disk_bytes`` of scratch space for everything it writes.
    """

    cell_seconds: float = _setting(30.0, "seconds for one student cell")
    exercise_seconds: float = _setting(60.0, "seconds for all the cases of one exercise")
    start_seconds: float = _setting(60.0, "seconds for the student's process to start, and for the setup cell")
    memory_bytes: int = _setting(4 * 2**30, "address-space limit of the student's process")
    cpu_seconds: int = _setting(900, "CPU-time limit of the student's process")
    file_bytes: int = _setting(64 * 2**20, "size limit of a file the student's code writes")
    notebook_seconds: float = _setting(600.0, "seconds for a whole notebook, start-ups and replays included")
    processes: int = _setting(256, "processes and threads the student's code may run at once")
    disk_bytes: int = _setting(256 * 2**20, "bytes the student's code may write in all (its scratch folder)")
    isolation: bool = _setting(True, "run the student's code in a bubblewrap sandbox (Linux)")
    landlock: bool = _setting(True, "confine the student's process's file access with Landlock")

    def __post_init__(self):
        for f in fields(self):
            value = getattr(self, f.name)
            if type(value) is not bool and not value > 0:
                raise ValueError(f"{f.name} must be positive, not {value!r}")

    @staticmethod
    def help(name: str) -> str:
        """The one-line description of the setting ``name``, for the CLI and the traitlets (the
        unit is in the name)."""
        return next(f.metadata["help"] for f in fields(GraderSettings) if f.name == name)


DEFAULTS = GraderSettings()
