"""The kinds of error a student's code can meet while it is graded, as they cross the wire.

A collector or the sandbox reports what went wrong as ``{"kind": ErrorKind.X, ...}``; the judges
and the reports read the kind. Exceptions the student's own code raises keep their class name
(``"ValueError"``, ``"ZeroDivisionError"``...), so ``kind`` is an ``ErrorKind`` value or any
other exception name: compare with ``==`` (``ErrorKind`` is a ``str``), never by identity.
"""

from __future__ import annotations

from enum import Enum


class ErrorKind(str, Enum):
    NOT_DEFINED = "NotDefined"  # the graded name does not exist in the student's namespace
    NOT_IMPLEMENTED = "NotImplementedError"  # the release's stub is still there
    TIMEOUT = "Timeout"  # the exercise (or a cell) ran out of time
    BUDGET = "Budget"  # the notebook's whole grading time ran out before the exercise could run
    PROCESS_DIED = "ProcessDied"  # the student's process ended while running it
    MEMORY = "MemoryError"
    SYSTEM_EXIT = "SystemExit"  # the function called sys.exit()
    RETURN_VALUE = "ReturnValue"  # not an exception: what the function returned is unusable
    ERROR = "Error"  # anything else the grader could not name

    def __str__(self) -> str:
        return self.value


# Errors that end an exercise before any result exists: no family judge can say more than the error.
TERMINAL = frozenset(
    {
        ErrorKind.NOT_DEFINED,
        ErrorKind.TIMEOUT,
        ErrorKind.BUDGET,
        ErrorKind.PROCESS_DIED,
        ErrorKind.NOT_IMPLEMENTED,
        ErrorKind.SYSTEM_EXIT,
    }
)
