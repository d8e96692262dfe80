"""The command line's folders checked before any work: one sentence saying what is wrong and what
to do instead, raised as ``UsageError`` (the command prints it on one line and exits with 2).

These checks read only folder listings, so a wrong argument is answered in a second, before the
minute or two of setting up the course. What each check guards against:

- ``submissions_problem``: a SUBMISSIONS folder that is missing, a file, unreadable, empty, or
  holds no student folder (the notebooks of one student given instead of their parent, or
  nbgrader's ``submitted/<student>`` given instead of ``submitted``); graded anyway, the class
  would be "no students", or one student per notebook.
- ``output_problem``: an output folder that is a file, lies under a file or cannot be written.
- ``grade_paths``: both, and OUT inside SUBMISSIONS (OUT would be read as a student's folder,
  the course's release notebooks with it).
- ``replaceable``: a folder ``bundle`` deletes and writes again must be a previous bundle or
  empty, never a folder holding anything else (``bundle .`` would delete the repository).
"""

from __future__ import annotations

import os
from pathlib import Path

WHAT_SUBMISSIONS_HOLDS = "pass the folder that holds one folder per student (SUBMISSIONS/<student>/*.ipynb)"


class UsageError(Exception):
    """A command-line argument that cannot work; the message says why and what to do."""


def _listed(names: list[str], limit: int = 3) -> str:
    shown = ", ".join(f"`{n}`" for n in sorted(names)[:limit])
    return shown + (f" and {len(names) - limit} more" if len(names) > limit else "")


def _entries(folder: Path) -> list[os.DirEntry]:
    """What ``folder`` holds, hidden entries left out (as ``intake.scan`` leaves them)."""
    with os.scandir(folder) as it:
        return [e for e in it if not e.name.startswith(".")]


def _is_student(entry: os.DirEntry) -> bool:
    """A folder, or a symbolic link (a student too: scored 0, with the reason)."""
    return entry.is_symlink() or entry.is_dir(follow_symlinks=False)


def submissions_problem(folder: Path, assignments: list[str]) -> str | None:
    """Why ``folder`` cannot be a SUBMISSIONS folder (one folder per student), or ``None``.

    ``assignments``: the notebooks' names, to recognise nbgrader's ``submitted/<student>/``
    (folders named after the assignments) given instead of ``submitted/``."""
    what = f"SUBMISSIONS `{folder}`"
    if not folder.exists() and not folder.is_symlink():
        return f"{what} does not exist: {WHAT_SUBMISSIONS_HOLDS}"
    if not folder.is_dir():
        return f"{what} is not a folder: {WHAT_SUBMISSIONS_HOLDS}"
    try:
        entries = _entries(folder)
    except OSError as exc:
        return f"{what} cannot be read ({exc.strerror}): give yourself read access to it, or copy it"
    students = [e.name for e in entries if _is_student(e)]
    files = [e.name for e in entries if e.name not in students]
    if not entries:
        return f"{what} is empty: {WHAT_SUBMISSIONS_HOLDS}"
    if not students:
        notebooks = [n for n in files if n.endswith(".ipynb")]
        if notebooks:
            return (
                f"{what} holds notebooks ({_listed(notebooks)}) but no student folder: it looks like one "
                "student's folder: pass its parent folder, or put it in a folder named after the student"
            )
        return f"{what} holds no student folder, only {len(files)} file(s) ({_listed(files)}): {WHAT_SUBMISSIONS_HOLDS}"
    if set(students) <= set(assignments):
        return (
            f"{what} holds only folders named after the notebooks ({_listed(students)}): it looks like one "
            "student's folder in nbgrader's submitted/<student>/ layout: pass its parent folder"
        )
    return None


def output_problem(folder: Path, option: str) -> str | None:
    """Why ``folder`` (given as ``option``) cannot be written into, or ``None``; a missing folder is
    fine when its nearest existing parent can be written."""
    what = f"{option} `{folder}`"
    if folder.exists() and not folder.is_dir():
        return f"{what} is a file, not a folder: pass a folder (it is created if missing)"
    existing = next(p for p in [folder, *folder.absolute().parents] if p.exists())
    if not existing.is_dir():
        return f"{what} cannot be created: `{existing}` is a file: pass a folder elsewhere"
    if not os.access(existing, os.W_OK | os.X_OK):
        return f"{what} cannot be written (`{existing}` is read-only for you): pass a folder you can write"
    return None


def grade_paths(submissions: Path, out: Path, assignments: list[str]) -> list[str]:
    """The student folders' names; ``UsageError`` unless ``grade`` can read ``submissions`` and
    write ``out``."""
    problem = submissions_problem(submissions, assignments) or output_problem(out, "--out")
    if problem is None and out.resolve().is_relative_to(submissions.resolve()):
        problem = (
            f"--out `{out}` is inside SUBMISSIONS `{submissions}`, where it would be read as a student's "
            "folder: pass a folder outside SUBMISSIONS"
        )
    if problem:
        raise UsageError(problem)
    return sorted(e.name for e in _entries(submissions) if _is_student(e))


def replaceable(folder: Path, option: str, keep: Path, looks_like: list[str]) -> None:
    """Raise ``UsageError`` unless ``folder`` may be deleted and written again: it is missing, empty,
    or holds every name of ``looks_like`` (what the command writes there), and it is not ``keep``
    (the repository) or a folder holding it."""
    problem = output_problem(folder, option)
    if problem is None and Path(keep).resolve().is_relative_to(folder.resolve()):
        problem = f"{option} `{folder}` holds the course repository, which would be deleted: pass a new folder"
    if problem is None and folder.is_dir() and any(folder.iterdir()):
        if not all((folder / name).exists() for name in looks_like):
            problem = (
                f"{option} `{folder}` already holds other files, which would be deleted: "
                "pass a new folder (or one this command wrote)"
            )
    if problem:
        raise UsageError(problem)
