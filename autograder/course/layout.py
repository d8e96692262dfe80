"""Where things are in the repository (the instructors' copy of the course)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "source"
NOTEBOOKS = ROOT / "notebooks"
SOLUTIONS = ROOT / "solutions"
COURSE_ID = "ch3"


def assignments(source: Path = SOURCE) -> list[str]:
    """Assignment ids: the folders of ``source/`` holding a notebook of the same name."""
    return sorted(p.name for p in source.iterdir() if (p / f"{p.name}.ipynb").is_file())


def source_notebook(assignment: str, source: Path = SOURCE) -> Path:
    return source / assignment / f"{assignment}.ipynb"
