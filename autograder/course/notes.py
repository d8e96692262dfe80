"""What the instructor should know about a student's notebook besides its score: the notes.

Each note is a sentence (``grades.csv``'s ``notes`` column, and atop the student's feedback when
it concerns the student's files or edits) and a kind, by which ``summary`` counts them at the end
of a run. The kinds, in the order the summary lists them (the most urgent first):
"""

from __future__ import annotations

# kind -> what the summary says of it
KINDS = {
    "failed": "grading failed (the grader's fault: run the same command again)",
    "missing": "notebook missing",
    "unreadable": "notebook unreadable (not a notebook, broken JSON, a link, too large)",
    "renamed": "notebook renamed: graded under another name",
    "duplicated": "other notebooks (copies?) not graded",
    "timeout": "timed out (an exercise or a cell stopped at its time limit)",
    "skipped": "cells skipped or exercises not run: the notebook's grading time ran out",
    "crashed": "the student's process died or ran out of memory",
    "repaired": "edits repaired (copied, deleted or cleared cells, a damaged file)",
    "ignored": "other files ignored or not read",
    "isolation": "graded without isolation",
}
__doc__ += "".join(f"\n- ``{kind}``: {text}" for kind, text in KINDS.items()) + "\n"

# the most students named per kind in the summary (a class has hundreds)
NAMES_SHOWN = 8


class Note(str):
    """A note's sentence, which it is (a ``str``: it goes wherever text goes, the feedback and
    nbgrader's configuration included), with its ``kind`` (a key of ``KINDS``)."""

    kind: str

    def __new__(cls, kind: str, text: str) -> Note:
        if kind not in KINDS:
            raise ValueError(f"unknown kind of note: {kind!r}")
        note = super().__new__(cls, text)
        note.kind = kind
        return note

    def __reduce__(self):  # pickled to and from the grading workers with its kind
        return Note, (self.kind, str(self))


def summary(notes: dict[tuple[str, str], list[Note]], where: str, printable=str) -> list[str]:
    """The lines summing up ``notes`` ((student, notebook) -> notes, written in ``where``): one
    per kind present, with how many students and which (at most ``NAMES_SHOWN``, shown through
    ``printable``), so that the summary of a class of 300 stays a dozen lines; none without notes."""
    students: dict[str, dict[str, None]] = {kind: {} for kind in KINDS}
    for (student, _), found in notes.items():
        for note in found:
            students[note.kind][student] = None
    lines = []
    everyone = {student for student, _ in notes}
    for kind, names in students.items():
        if not names:
            continue
        if len(names) == len(everyone) > NAMES_SHOWN:
            who = "every student"
        else:
            shown = ", ".join(printable(n) for n in list(names)[:NAMES_SHOWN])
            who = shown + (f" and {len(names) - NAMES_SHOWN} more" if len(names) > NAMES_SHOWN else "")
        lines.append(f"  {KINDS[kind]}: {len(names)} student(s): {who}")
    return [f"notes (each in full in {where}, column notes):", *lines] if lines else []
