"""Bad input to ``python -m autograder``: one line saying what is wrong and what to do, exit
status 2, no traceback, and before any work (each case runs the real command in a subprocess
and must answer within seconds, long before the course would be set up)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder.course import layout

# far below setting up a course or grading anyone, above the start of Python (0.05-0.25 s on an
# idle machine) on a busy 2-core one
FAST = 20.0


def run(*args: str, cwd: Path | None = None) -> tuple[int, str, str, float]:
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "autograder", *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )
    return proc.returncode, proc.stdout, proc.stderr, time.monotonic() - start


def refused(*args: str, cwd: Path | None = None) -> str:
    """The one line the command answers ``args`` with, once checked that it is one line on
    stderr, exit status 2, no traceback, nothing done and no time lost."""
    code, out, err, seconds = run(*args, cwd=cwd)
    assert code == 2, (code, out, err)
    assert out == "" and "Traceback" not in err, err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith(f"python -m autograder {args[0]}: error: "), lines[0]
    assert seconds < FAST, f"{seconds:.1f} s: the argument was checked after some work"
    return lines[0]


@pytest.fixture
def folders(tmp_path):
    """A few folders a hurried instructor might pass; ``class`` is a correct SUBMISSIONS."""
    (tmp_path / "class" / "alice").mkdir(parents=True)
    (tmp_path / "class" / "alice" / "01_optimizers.ipynb").write_text("{}")
    (tmp_path / "empty").mkdir()
    (tmp_path / "a file").write_text("grades")
    one = tmp_path / "one student"
    one.mkdir()
    for assignment in layout.assignments()[:2]:
        (one / f"{assignment}.ipynb").write_text("{}")
    (tmp_path / "submitted" / "bob" / "01_optimizers").mkdir(parents=True)
    (tmp_path / "only files").mkdir()
    (tmp_path / "only files" / "readme.txt").write_text("hello")
    return tmp_path


@pytest.mark.parametrize(
    "submissions, words",
    [
        ("missing", "does not exist"),
        ("a file", "is not a folder"),
        ("empty", "is empty: pass the folder that holds one folder per student"),
        ("one student", "looks like one student's folder: pass its parent folder"),
        ("submitted/bob", "looks like one student's folder in nbgrader's submitted/<student>/ layout"),
        ("only files", "holds no student folder, only 1 file(s) (`readme.txt`)"),
    ],
)
def test_a_submissions_folder_without_student_folders_is_refused_saying_what_was_found(folders, submissions, words):
    line = refused("grade", str(folders / submissions), "--out", str(folders / "out"))
    assert words in line
    assert not (folders / "out").exists()


def test_notebooks_found_in_place_of_student_folders_are_named(folders):
    line = refused("grade", str(folders / "one student"), "--out", str(folders / "out"))
    assert "`01_optimizers.ipynb`, `02_landscapes.ipynb`" in line


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder: an unreadable one cannot be made")
def test_an_unreadable_submissions_folder_is_refused(folders):
    (folders / "class").chmod(0)
    try:
        assert "cannot be read (Permission denied)" in refused("grade", str(folders / "class"), "--out", "out")
    finally:
        (folders / "class").chmod(0o755)


@pytest.mark.parametrize(
    "out, words",
    [
        ("a file", "--out `{}` is a file, not a folder: pass a folder"),
        ("a file/grades", "cannot be created: `{}` is a file"),
        ("class/out", "is inside SUBMISSIONS"),
    ],
)
def test_an_out_folder_that_cannot_be_used_is_refused(folders, out, words):
    line = refused("grade", str(folders / "class"), "--out", str(folders / out))
    assert words.format(folders / out.split("/")[0]) in line


@pytest.mark.parametrize("jobs", ["0", "-3", "two", "1.5"])
def test_jobs_below_one_or_not_a_number_are_refused(folders, jobs):
    line = refused("grade", str(folders / "class"), "--out", str(folders / "out"), "--jobs", jobs)
    assert "argument --jobs:" in line and "give 1 or more" in line


@pytest.mark.parametrize("option", ["--cell-timeout", "--exercise-timeout", "--notebook-timeout", "--memory-gb"])
@pytest.mark.parametrize("value", ["0", "-1", "nan", "soon"])
def test_limits_must_be_positive_numbers(folders, option, value):
    line = refused("grade", str(folders / "class"), "--out", str(folders / "out"), option, value)
    assert f"argument {option}:" in line and "give a positive number" in line


def test_a_missing_option_is_one_line_too(folders):
    assert "the following arguments are required: --out" in refused("grade", str(folders / "class"))


def test_bundle_never_deletes_what_it_did_not_write(folders):
    assert "is a file, not a folder" in refused("bundle", str(folders / "a file"))
    assert "already holds other files, which would be deleted" in refused("bundle", str(folders / "only files"))
    assert (folders / "only files" / "readme.txt").exists()
    assert "holds the course repository" in refused("bundle", ".", cwd=layout.ROOT)
    assert "holds the course repository" in refused("bundle", str(layout.ROOT.parent))


@pytest.mark.parametrize("command", [["slides", "--out"], ["demo", "--out"]])
def test_slides_and_demo_refuse_an_out_that_is_a_file(folders, command):
    assert "is a file, not a folder" in refused(*command, str(folders / "a file"))


def test_demo_refuses_jobs_below_one(folders):
    assert "give 1 or more" in refused("demo", "--out", str(folders / "demo"), "--jobs", "0")


def test_an_unknown_command_is_one_line():
    code, out, err, _ = run("frobnicate")
    assert code == 2 and len(err.splitlines()) == 1 and "invalid choice: 'frobnicate'" in err
