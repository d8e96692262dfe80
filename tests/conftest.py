"""Fixtures shared across the suite's folders (each folder mirrors a package: ``tests/autograder``,
``tests/course``, ``tests/helpers``...)."""

import csv
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "course" / "golden"


def _rows(path: Path) -> list[dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="session")
def csv_rows():
    """``csv_rows(path)``: the rows of a CSV the grader wrote, as dicts."""
    return _rows


@pytest.fixture(scope="session")
def same_as_golden():
    """``same_as_golden(out, prefix)`` asserts that ``grades.csv`` and ``grades_detail.csv`` in
    ``out`` are byte for byte ``tests/course/golden/<prefix>_<name>``: the grades and messages
    recorded when the run was last changed on purpose. A deliberate change of a verdict copies the
    new CSVs there in the same commit and says why in its message."""

    def check(out: Path, prefix: str) -> None:
        for name in ("grades.csv", "grades_detail.csv"):
            expected = (GOLDEN / f"{prefix}_{name}").read_text(encoding="utf-8")
            assert (Path(out) / name).read_text(encoding="utf-8") == expected, f"{prefix}: {name} differs from golden/"

    return check
