"""One fingerprint for everything the course derives from its sources.

An executed solution (``build``) and a course folder's grades (``grade``) depend on the same
things: the source notebook(s) they come from, and every module that runs while they are made —
``autograder`` (the checks, the judges, the sandbox, and the course machinery that configures
nbgrader and normalizes outputs) and ``helpers`` (imported by the notebooks). A change in any of
them may change an output or a grade, so either is redone; hashing a smaller set would risk a
stale solution or a grade that the current grader would not give, which cost more than redoing.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from autograder.course import layout

PACKAGES = ("autograder", "helpers")


def fingerprint_of(notebooks: list[Path], root: Path = layout.ROOT) -> str:
    """The SHA-256 of ``notebooks`` and every ``*.py`` of ``PACKAGES`` under ``root``, each with its
    path (a renamed file changes it too)."""
    digest = hashlib.sha256()
    files = [*notebooks, *(path for package in PACKAGES for path in sorted((root / package).rglob("*.py")))]
    for path in files:
        name = path.relative_to(root) if path.is_relative_to(root) else path.name
        digest.update(str(name).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()
