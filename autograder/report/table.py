"""The instructor's console table: one row per student, one column per autograded exercise, one
for the written answers (``ungraded`` until graded by hand), totals; scores rounded to 2 decimals
(the CSVs keep 4)."""

from __future__ import annotations

from autograder.judging import points_text

WRITTEN = "written"


def _num(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def format_table(details: list[list]) -> str:
    """``details``: rows ``[student, notebook, exercise, score, max_score, message, grading]``
    (``grading``: ``auto`` or ``manual``, the written answers, summed in one column)."""
    if not details:
        return "(no students)"
    auto = [row for row in details if row[6] != "manual"]
    exercises = list(dict.fromkeys((row[1], row[2]) for row in auto))
    students = list(dict.fromkeys(row[0] for row in details))
    cells = {(row[0], row[1], row[2]): row for row in auto}
    written = {student: [row for row in details if row[0] == student and row[6] == "manual"] for student in students}
    names = [e for _, e in exercises] + ([WRITTEN] if any(written.values()) else [])
    width = max(len(s) for s in students + ["student"])
    header = f"{'student':<{width}} | " + " | ".join(f"{n:>{max(len(n), 5)}}" for n in names) + " |  total"
    lines = [header, "-" * len(header)]
    for student in students:
        got = total = 0.0
        parts = []
        for (notebook, exercise), name in zip(exercises, names):
            row = cells.get((student, notebook, exercise))
            score, maximum = _num(row[3]) if row else None, _num(row[4]) if row else None
            total += maximum or 0
            got += score or 0
            text = "fail!" if score is None else f"{points_text(score)}/{maximum:g}"
            parts.append(f"{text:>{max(len(name), 5)}}")
        if WRITTEN in names:
            rows = written[student]
            maximum = sum(_num(row[4]) or 0 for row in rows)
            score = sum(_num(row[3]) or 0 for row in rows)
            total, got = total + maximum, got + score
            pending = any(row[3] == "ungraded" for row in rows)
            text = f"{points_text(score)}/{maximum:g}" + ("+?" if pending else "")
            parts.append(f"{text:>{len(WRITTEN)}}")
        lines.append(f"{student:<{width}} | " + " | ".join(parts) + f" | {points_text(got)}/{total:g}")
    if any(row[3] == "ungraded" for row in details):
        lines.append("+? written answers still to grade by hand (formgrader), then `python -m autograder export`")
    return "\n".join(lines)
