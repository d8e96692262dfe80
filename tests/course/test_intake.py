"""Reading messy submission folders: which file is graded, and every decision noted."""

import json

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from autograder.course.intake import scan, scan_student

EXPECTED = {
    "01_optimizers": {"setup", "sgd", "test_sgd"},
    "03_initialization": {"setup", "he_normal", "test_he_normal"},
}


def notebook(grade_ids=("setup", "sgd")):
    nb = new_notebook()
    nb.cells = [new_code_cell("x = 1", metadata={"nbgrader": {"grade_id": g}}) for g in grade_ids]
    return nbformat.writes(nb)


def test_exact_names_are_graded_and_nothing_else_is_noted(tmp_path):
    (tmp_path / "01_optimizers.ipynb").write_text(notebook())
    (tmp_path / "03_initialization.ipynb").write_text(notebook(("he_normal",)))
    sub = scan_student(tmp_path, EXPECTED)
    assert set(sub.notebooks) == set(EXPECTED) and not sub.problems and not sub.notes


def test_a_renamed_notebook_is_recognised_by_its_cells(tmp_path):
    (tmp_path / "my work (1).ipynb").write_text(notebook(("he_normal", "test_he_normal")))
    sub = scan_student(tmp_path, EXPECTED)
    assert set(sub.notebooks) == {"03_initialization"}
    assert "graded `my work (1).ipynb` instead" in sub.notes["03_initialization"][0]
    assert sub.problems == {"01_optimizers": "no `01_optimizers.ipynb` was submitted"}


def test_duplicates_keep_the_exact_name_and_extra_files_are_listed(tmp_path):
    (tmp_path / "01_optimizers.ipynb").write_text(notebook())
    (tmp_path / "01_optimizers-Copy1.ipynb").write_text(notebook())
    (tmp_path / "notes.txt").write_text("hello")
    sub = scan_student(tmp_path, EXPECTED)
    assert set(sub.notebooks) == {"01_optimizers"}
    assert any("01_optimizers-Copy1.ipynb" in n and "not graded" in n for n in sub.notes["01_optimizers"])


def test_nested_folders_are_searched(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "01_optimizers.ipynb").write_text(notebook())
    assert set(scan_student(tmp_path, EXPECTED).notebooks) == {"01_optimizers"}


def test_invalid_json_is_a_problem_with_its_position(tmp_path):
    (tmp_path / "01_optimizers.ipynb").write_text('{"cells": [')
    sub = scan_student(tmp_path, EXPECTED)
    assert "not valid JSON (line 1" in sub.problems["01_optimizers"]


def test_a_notebook_off_the_schema_is_salvaged(tmp_path):
    raw = json.loads(notebook())
    del raw["cells"][0]["outputs"]
    raw["metadata"]["kernelspec"] = {"name": "julia-1.9"}
    (tmp_path / "01_optimizers.ipynb").write_text(json.dumps(raw))
    sub = scan_student(tmp_path, EXPECTED)
    assert [c.source for c in sub.notebooks["01_optimizers"].cells] == ["x = 1", "x = 1"]
    assert "recovered" in sub.notes["01_optimizers"][0]


def test_empty_folders_unicode_names_and_stray_files(tmp_path):
    (tmp_path / "Zoë Martin").mkdir()
    (tmp_path / "stray.ipynb").write_text(notebook())
    (tmp_path / ".git").mkdir()
    subs = scan(tmp_path, EXPECTED)
    assert [s.student for s in subs] == ["Zoë Martin"]
    assert set(subs[0].problems) == set(EXPECTED)


def test_the_digest_changes_with_a_resubmission(tmp_path):
    (tmp_path / "01_optimizers.ipynb").write_text(notebook())
    first = scan_student(tmp_path, EXPECTED).digest
    assert scan_student(tmp_path, EXPECTED).digest == first
    (tmp_path / "01_optimizers.ipynb").write_text(notebook(("setup", "sgd", "test_sgd")))
    assert scan_student(tmp_path, EXPECTED).digest != first


def test_nbgrader_collected_layout_is_read_as_it_is(tmp_path):
    for assignment in EXPECTED:
        folder = tmp_path / assignment
        folder.mkdir()
        (folder / f"{assignment}.ipynb").write_text(notebook())
        (folder / "timestamp.txt").write_text("2026-11-28 12:00:00")
    sub = scan_student(tmp_path, EXPECTED)
    assert set(sub.notebooks) == set(EXPECTED) and not sub.notes and not sub.problems
