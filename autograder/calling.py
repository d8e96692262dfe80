"""Calling a student's function on a case's inputs and getting plain data back (student side).

``collect(family, fn, inputs, numpy_only)`` is the one entry point, used in the student's kernel
(``checks``) and in the grading sandbox (``sandbox.child``). The family's ``collect`` does the
calling with the tools here (``call``, ``as_array``); this module turns whatever goes wrong into
data: an exception in the student's code becomes ``{"error": {...}}`` naming the exception, the
line and the step, and a call into Keras becomes ``{"keras_used": "..."}`` (``guard`` watches).
Nothing here judges correctness: that is ``autograder.judging`` and each family's judge.
"""

from __future__ import annotations

import os
import sysconfig
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np

from autograder import guard
from autograder.errors import ErrorKind

if TYPE_CHECKING:
    from autograder.family import Family

# frames in these folders are not the student's: the traceback's "where" is the last frame outside
_LIBRARY_DIRS = tuple(
    {os.path.realpath(sysconfig.get_paths()[k]) + os.sep for k in ("stdlib", "platstdlib", "purelib", "platlib")}
    | {os.path.dirname(os.path.realpath(__file__)) + os.sep}
)


class StudentError(Exception):
    """Something the student's code did wrong, described for the student."""

    def __init__(self, kind: str, message: str, where: str | None = None, **context: Any):
        super().__init__(message)
        self.kind, self.message, self.where, self.context = kind, message, where, context

    def as_dict(self) -> dict:
        return {"kind": self.kind, "message": self.message, "where": self.where, **self.context}

    @classmethod
    def from_exception(cls, exc: BaseException) -> StudentError:
        where = None
        for frame, lineno in traceback.walk_tb(exc.__traceback__):
            filename = frame.f_code.co_filename
            if not os.path.realpath(filename).startswith(_LIBRARY_DIRS):
                where = f"line {lineno} in {frame.f_code.co_name}"
        if isinstance(exc, SystemExit):
            return cls(ErrorKind.SYSTEM_EXIT, "the function called sys.exit()", where)
        text = str(exc).strip().splitlines()
        return cls(type(exc).__name__, text[0][:300] if text else "", where)


def call(fn: Callable, *args, **kwargs):
    """``fn(*args, **kwargs)``, with any exception (even ``SystemExit``) turned into a ``StudentError``."""
    try:
        return fn(*args, **kwargs)
    except (KeyboardInterrupt, guard.ForbiddenCall):
        raise
    except BaseException as exc:  # noqa: BLE001 - the student's code may raise anything
        raise StudentError.from_exception(exc) from None


def as_array(value: Any, shape: tuple, what: str = "the function") -> np.ndarray:
    """``value`` as a float64 array of ``shape``, or a ``StudentError`` saying what it was instead."""
    if value is None:
        raise StudentError(ErrorKind.RETURN_VALUE, f"{what} returned None: return the result (e.g. the new parameters)")
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError):
        raise StudentError(
            ErrorKind.RETURN_VALUE, f"{what} returned a {type(value).__name__}, not an array of numbers"
        ) from None
    if array.shape != tuple(shape):
        raise StudentError(
            ErrorKind.RETURN_VALUE, f"{what} returned an array of shape {array.shape}, expected {tuple(shape)}"
        )
    return array


def collect(family: Family, fn: Any, inputs: dict, numpy_only: bool = True) -> dict:
    """Run the family's ``collect`` on ``fn``; never raises for anything the student's code does.

    ``numpy_only``: any call into TensorFlow/Keras is reported; otherwise only the functions the
    family's ``forbidden_code()`` lists (e.g. Keras's own dropout for a hand-written layer).
    """
    if fn is None:
        return {"error": StudentError(ErrorKind.NOT_DEFINED, "not defined").as_dict()}
    forbidden_code = None if numpy_only else family.forbidden_code()
    with guard.watch(forbidden_code) as watch:
        try:
            data = family.collect(fn, inputs)
        except StudentError as exc:
            data = {"error": exc.as_dict()}
        except guard.ForbiddenCall as exc:  # the guard's, or a grading sandbox's stand-in for Keras
            data = {"keras_used": watch.hit or guard.called(exc)}
    if watch.hit is not None:
        data.setdefault("keras_used", watch.hit)
    return data
