"""Watching a student's function for calls into Keras or TensorFlow.

A NumPy exercise that hands the work to Keras scores 0, so collectors run the student's function
under a profile hook that records the first frame entered in a forbidden place: any Python
function of the ``tensorflow``/``keras`` packages (NumPy exercises), or a given set of functions
(e.g. Keras's own dropout, for the Keras-layer exercise). A function that removes the hook is
reported too: it is no longer watched.

The first forbidden call also ends the function (``ForbiddenCall`` is raised into it): the verdict
is known from then on, and what would follow can take long — importing TensorFlow alone takes
seconds, enough on a busy machine to turn "calls Keras" into a timeout.
"""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from contextlib import contextmanager
from functools import cache

FRAMEWORKS = ("tensorflow", "keras", "tf_keras")


@cache
def framework_dirs() -> tuple[str, ...]:
    """Install folders of TensorFlow and Keras, found without importing them."""
    dirs = []
    for name in FRAMEWORKS:
        try:
            spec = importlib.util.find_spec(name)
        except (ImportError, ValueError):
            continue
        for location in (spec.submodule_search_locations or []) if spec else []:
            dirs.append(os.path.realpath(location) + os.sep)
    return tuple(dirs)


class ForbiddenCall(Exception):
    """Raised into the student's function at its first forbidden call (by the watch here, or by
    the grading sandbox's stand-ins for Keras: ``autograder.sandbox.views``)."""


def called(exc: ForbiddenCall) -> str:
    """What ``exc`` says was called. A Keras layer re-raises an exception of its ``call`` as the
    same class with its own first line ("Exception encountered when calling Dropout.call()") and
    the original message, in bold, below."""
    lines = [line.strip() for line in re.sub(r"\x1b\[[0-9;]*m", "", str(exc)).splitlines() if line.strip()]
    if len(lines) > 1 and lines[0].startswith("Exception encountered"):
        return lines[1]
    return lines[0] if lines else "a forbidden function"


class Watch:
    def __init__(self, forbidden_code=None):
        self.hit: str | None = None
        self._forbidden_code = forbidden_code
        self._dirs = framework_dirs() if forbidden_code is None else ()

    def _profile(self, frame, event, arg):
        if self.hit is not None:
            return
        if event == "call":
            code = frame.f_code
            if self._forbidden_code is not None:
                if code in self._forbidden_code:
                    self.hit = self._forbidden_code[code]
            elif code.co_filename.startswith(self._dirs) or _real(code.co_filename).startswith(self._dirs):
                module = frame.f_globals.get("__name__", "?")
                name = code.co_name
                if name == "__getattr__" and code.co_argcount == 1:  # a module's lazy attribute: name it
                    name = str(frame.f_locals.get(code.co_varnames[0], name))
                self.hit = f"import {module}" if name == "<module>" else f"{module}.{name}"
        elif event == "c_call" and self._forbidden_code is None:
            module = getattr(arg, "__module__", None) or ""
            if module.split(".")[0] in FRAMEWORKS:
                self.hit = f"{module}.{getattr(arg, '__name__', '?')}"
        if self.hit is not None:
            raise ForbiddenCall(self.hit)  # Python unsets the hook as the exception leaves it


@cache
def _real(path: str) -> str:
    return os.path.realpath(path)


@contextmanager
def watch(forbidden_code: dict | None = None):
    """Profile the block; ``watch.hit`` names the first forbidden function entered (or ``None``).

    ``forbidden_code``: ``{code object: description}`` to forbid only those functions; ``None``
    forbids everything in TensorFlow and Keras.
    """
    w = Watch(forbidden_code)
    hook = w._profile  # one bound method, so that ``is`` can recognise it afterwards
    previous = sys.getprofile()
    sys.setprofile(hook)
    try:
        yield w
    finally:
        if sys.getprofile() is not hook and w.hit is None:
            w.hit = "sys.setprofile (the function switched off the grader's watch)"
        sys.setprofile(previous)
