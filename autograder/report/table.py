"""The instructor's console table: one row per student, one column per exercise, totals; scores
rounded to 2 decimals (the CSVs keep 4)."""

from __future__ import annotations

from autograder.judging import points_text


def _num(value) -> float | None:
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def format_table(details: list[list]) -> str:
    """``details``: rows ``[student, notebook, exercise, score, max_score, message]``."""
    if not details:
        return "(no students)"
    exercises = list(dict.fromkeys((row[1], row[2]) for row in details))
    students = list(dict.fromkeys(row[0] for row in details))
    cells = {(row[0], row[1], row[2]): row for row in details}
    names = [e for _, e in exercises]
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
        lines.append(f"{student:<{width}} | " + " | ".join(parts) + f" | {points_text(got)}/{total:g}")
    return "\n".join(lines)
