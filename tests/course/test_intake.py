"""Reading messy submission folders: which file is graded, and every decision noted."""

import errno
import json
import os
import threading

import nbformat
from nbformat.v4 import new_code_cell, new_notebook

from autograder.course import intake
from autograder.course.intake import MAX_NOTEBOOK_BYTES, scan, scan_student

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


# Safe intake: a submission is untrusted input. Only regular files inside the student's folder
# are read; everything else is named in a note or as the notebook's problem, never followed,
# never a crash.

LINK_PROBLEM = "`01_optimizers.ipynb` is a symbolic link, which is never followed: it was not graded"


def test_a_symlinked_notebook_is_not_followed(tmp_path):
    solutions = tmp_path / "solutions"
    solutions.mkdir()
    (solutions / "01_optimizers.ipynb").write_text(notebook(("setup", "sgd", "test_sgd")))
    student = tmp_path / "mallory"
    student.mkdir()
    (student / "01_optimizers.ipynb").symlink_to(solutions / "01_optimizers.ipynb")
    sub = scan_student(student, EXPECTED)
    assert "01_optimizers" not in sub.notebooks
    assert sub.problems["01_optimizers"] == LINK_PROBLEM


def test_a_link_to_a_classmate_is_not_taken_for_a_renamed_notebook(tmp_path):
    (tmp_path / "alice").mkdir()
    (tmp_path / "alice" / "01_optimizers.ipynb").write_text(notebook(("setup", "sgd", "test_sgd")))
    (tmp_path / "mallory").mkdir()
    (tmp_path / "mallory" / "my work.ipynb").symlink_to(tmp_path / "alice" / "01_optimizers.ipynb")
    alice, mallory = scan(tmp_path, EXPECTED)
    assert set(alice.notebooks) == {"01_optimizers"}
    assert not mallory.notebooks
    note = "1 item(s) not read: `my work.ipynb` is a symbolic link, which is never followed"
    assert mallory.notes["01_optimizers"] == [note]
    # nothing is graded, so no feedback shows the notes: the problem (the CSV's message) does
    assert mallory.problems["01_optimizers"] == f"no `01_optimizers.ipynb` was submitted ({note})"


def test_a_symlinked_subfolder_is_not_entered(tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "01_optimizers.ipynb").write_text(notebook())
    student = tmp_path / "student"
    student.mkdir()
    (student / "work").symlink_to(elsewhere, target_is_directory=True)
    sub = scan_student(student, EXPECTED)
    assert not sub.notebooks
    assert sub.notes["01_optimizers"] == ["1 item(s) not read: `work` is a symbolic link, which is never followed"]


def test_a_link_to_proc_self_mem_is_a_problem_not_a_crash(tmp_path):
    (tmp_path / "01_optimizers.ipynb").symlink_to("/proc/self/mem")
    assert scan_student(tmp_path, EXPECTED).problems["01_optimizers"] == LINK_PROBLEM


def test_a_symlinked_student_folder_is_listed_with_the_reason_and_not_read(tmp_path):
    real = tmp_path / "elsewhere"
    real.mkdir()
    (real / "01_optimizers.ipynb").write_text(notebook())
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    (submissions / "mallory").symlink_to(real, target_is_directory=True)
    (subs,) = scan(submissions, EXPECTED)
    assert subs.student == "mallory" and not subs.notebooks
    assert subs.problems == dict.fromkeys(
        EXPECTED, "the student folder `mallory` is a symbolic link, which is never followed: nothing was graded"
    )


def test_a_notebook_saved_with_a_byte_order_mark_is_graded(tmp_path):
    (tmp_path / "01_optimizers.ipynb").write_bytes(b"\xef\xbb\xbf" + notebook().encode())
    sub = scan_student(tmp_path, EXPECTED)
    assert [c.source for c in sub.notebooks["01_optimizers"].cells] == ["x = 1", "x = 1"]
    assert not sub.problems.get("01_optimizers") and not sub.notes


def test_a_fifo_is_never_opened(tmp_path):
    """Opening a FIFO for reading blocks until a writer comes: intake must not open it."""
    fifo = tmp_path / "01_optimizers.ipynb"
    os.mkfifo(fifo)
    result = {}
    thread = threading.Thread(target=lambda: result.update(sub=scan_student(tmp_path, EXPECTED)), daemon=True)
    thread.start()
    thread.join(timeout=20)
    if thread.is_alive():  # release the blocked reader before failing
        os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
    assert not thread.is_alive(), "intake blocked on a FIFO"
    assert result["sub"].problems["01_optimizers"] == (
        "`01_optimizers.ipynb` is a named pipe (FIFO), not a file: it was not graded"
    )


def test_a_folder_named_like_the_notebook_is_a_problem(tmp_path):
    (tmp_path / "01_optimizers.ipynb").mkdir()
    sub = scan_student(tmp_path, EXPECTED)
    assert sub.problems["01_optimizers"] == "`01_optimizers.ipynb` is a folder, not a notebook: it was not graded"


def test_an_unreadable_file_is_a_problem(tmp_path, monkeypatch):
    """The permission error as ``open`` raises it (simulated: the suite may run as root, whom
    file permissions do not stop)."""
    (tmp_path / "01_optimizers.ipynb").write_text(notebook())
    real_open = os.open

    def refuse(path, flags, *args):
        if str(path).endswith(".ipynb"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return real_open(path, flags, *args)

    monkeypatch.setattr(os, "open", refuse)
    sub = scan_student(tmp_path, EXPECTED)
    assert sub.problems["01_optimizers"] == "`01_optimizers.ipynb` could not be read: Permission denied"


def test_undecodable_bytes_and_deep_nesting_are_problems(tmp_path):
    (tmp_path / "01_optimizers.ipynb").write_bytes(b"\xff\xfe{\x00")
    (tmp_path / "03_initialization.ipynb").write_text("[" * 100_000 + "]" * 100_000)
    sub = scan_student(tmp_path, EXPECTED)
    assert sub.problems == {
        "01_optimizers": "`01_optimizers.ipynb` is not a UTF-8 text file (not a notebook)",
        "03_initialization": "`03_initialization.ipynb` is JSON nested too deeply to be a notebook",
    }


def test_a_notebook_over_the_size_bound_is_not_read(tmp_path):
    with open(tmp_path / "01_optimizers.ipynb", "wb") as f:
        f.truncate(MAX_NOTEBOOK_BYTES + 1)  # sparse: no disk used
    sub = scan_student(tmp_path, EXPECTED)
    assert sub.problems["01_optimizers"] == "`01_optimizers.ipynb` could not be read: it is larger than 32 MiB"


def test_a_walk_stops_after_max_entries(tmp_path, monkeypatch):
    monkeypatch.setattr(intake, "MAX_ENTRIES", 3)
    for i in range(5):
        (tmp_path / f"file{i}.txt").write_text("x")
    sub = scan_student(tmp_path, EXPECTED)
    assert sub.notes["01_optimizers"] == [
        "3 other file(s) not graded: `file0.txt`, `file1.txt`, `file2.txt`",
        "1 item(s) not read: `file3.txt` and what follows were not looked at: more than 3 entries",
    ]
