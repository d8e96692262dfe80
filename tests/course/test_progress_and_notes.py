"""The instructor is never left guessing: ``grade`` reports each phase from its first second, and
every note on a notebook reaches ``grades.csv`` and the summary at the end of the run."""

from __future__ import annotations

import csv
import io
import os
import pickle
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell

from autograder.course import examples, layout, notes, progress
from autograder.course.grading import for_the_instructor
from autograder.course.notes import Note, summary
from autograder.course.prepare import grade_ids, prepare
from autograder.course.progress import Progress, duration

NB = "01_optimizers"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_in_a_pipe_each_step_is_one_plain_line_and_a_large_class_is_throttled(monkeypatch):
    monkeypatch.setattr(progress, "PLAIN_EVERY", 3600.0)
    monkeypatch.setattr(progress, "PLAIN_ALL", 39)
    log = io.StringIO()
    with Progress(log) as p:
        p.say("read 40 student folder(s)")
        p.step("generating 01_optimizers (1/4)")
        p.grading(40, 2)
        for n in range(40):
            p.update(f"student {n}", 1.0, " (grading failed)" if n == 7 else "")
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue() and "\x1b" not in log.getvalue()
    assert lines[:3] == [
        "read 40 student folder(s)",
        "setting up the course: generating 01_optimizers (1/4)",
        lines[2],
    ] and lines[2].startswith("[ 0/40] grading 40 student(s), 2 at a time | elapsed 0 s")
    # the first, the one that failed and the last; nothing in between within PLAIN_EVERY
    assert [line.split("]")[0] for line in lines[3:]] == ["[ 1/40", "[ 8/40", "[40/40"]
    assert "student 7 1.0s (grading failed)" in lines[4]


@pytest.mark.parametrize("every, largest, lines", [(3600.0, 5, 5), (0.0, 4, 5), (3600.0, 4, 2)])
def test_in_a_pipe_each_student_has_a_line_in_a_small_class_or_every_plain_every_seconds(
    monkeypatch, every, largest, lines
):
    monkeypatch.setattr(progress, "PLAIN_EVERY", every)
    monkeypatch.setattr(progress, "PLAIN_ALL", largest)
    log = io.StringIO()
    with Progress(log) as p:
        p.grading(5, 1)
        for n in range(5):
            p.update(f"s{n}", 1.0)
    assert len(log.getvalue().splitlines()) == 1 + lines


def test_on_a_terminal_one_line_is_rewritten_every_tick_and_kept_lines_go_above(monkeypatch):
    monkeypatch.setattr(progress, "TICK", 0.05)
    term = Terminal()
    with Progress(term) as p:
        p.step("generating 02_landscapes (2/4)")
        time.sleep(0.3)  # the ticker redraws the step with its time
        p.say("warning: something to keep")
        p.grading(2, 2)
        p.update("ada", 3.0)
        p.update("ben", 4.0)
    text = term.getvalue()
    assert text.count("setting up the course: generating 02_landscapes (2/4) | 0 s so far") >= 3
    assert "\r\x1b[2Kwarning: something to keep\n" in text
    assert text.endswith("\n") and "[2/2] ben 4.0s | elapsed" in text.rsplit("\r\x1b[2K", 1)[1]


def test_on_a_terminal_the_line_is_cut_to_its_width(monkeypatch):
    monkeypatch.setattr(progress.os, "get_terminal_size", lambda fd: os.terminal_size((40, 24)))
    term = Terminal()
    term.fileno = lambda: 2
    with Progress(term) as p:
        p.step("generating 01_optimizers and the gradebook (1/4) in /a/long/path/to/the/course")
    assert all(len(line) <= 39 for line in term.getvalue().split("\r\x1b[2K")[1:-1])


def test_the_estimate_is_the_mean_time_per_student_times_those_left(monkeypatch):
    now = [0.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: now[0])
    log = io.StringIO()
    p = Progress(log)
    p.grading(4, 2)
    now[0] = 30.0
    p.update("ada", 30.0)  # 30 s for one student: 3 left, 90 s
    assert "[1/4] ada 30.0s | elapsed 30 s, ~1 min 30 s left" in log.getvalue()


@pytest.mark.parametrize("seconds, text", [(8.4, "8 s"), (125, "2 min 05 s"), (3780, "1 h 03 min")])
def test_durations_read_as_a_person_says_them(seconds, text):
    assert duration(seconds) == text


def test_a_note_is_its_text_and_keeps_its_kind_across_processes():
    note = Note("renamed", "no `01_optimizers.ipynb`: graded `copy.ipynb` instead")
    again = pickle.loads(pickle.dumps(note))
    assert again == note and again.kind == "renamed" and isinstance(again, str)
    with pytest.raises(ValueError, match="unknown kind"):
        Note("grumpy", "text")


def test_the_summary_of_a_class_of_300_stays_short():
    found = {(f"student {n:03}", NB): [Note("missing", "no notebook")] for n in range(300)}
    found[("student 007", NB)].append(Note("timeout", "`adam`: stopped"))
    for n in range(0, 300, 3):
        found[(f"student {n:03}", NB)].append(Note("renamed", "renamed"))
    lines = summary(found, "OUT/grades.csv")
    assert lines[0] == "notes (each in full in OUT/grades.csv, column notes):"
    assert lines[1] == f"  {notes.KINDS['missing']}: 300 student(s): every student"
    assert lines[2].startswith(f"  {notes.KINDS['renamed']}: 100 student(s): student 000, student 003")
    assert lines[2].endswith("and 92 more")
    assert lines[3] == f"  {notes.KINDS['timeout']}: 1 student(s): student 007"
    assert len(lines) == 4 and max(map(len, lines)) < 200
    assert summary({("ada", NB): []}, "x") == []


def test_a_notebook_cut_short_by_its_grading_time_gets_one_note_whatever_the_machines_speed():
    """Which cells hung before the budget ran out depends on the machine: grades.csv says only
    that it ran out (and keeps the notes that do not depend on time)."""
    copy = Note("duplicated", "1 other notebook(s) not graded: `copy.ipynb`")
    timed = [
        copy,
        Note("timeout", "cell 62, which you added was not run to its end: stopped after 10 s"),
        Note("skipped", "cell 63, which you added was not run to its end: the notebook's 60 s of grading time ran out"),
        Note("skipped", "`sgd`: not run: the notebook's 60 s of grading time were used up"),
    ]
    (kept, budget) = for_the_instructor(timed, 60.0)
    assert kept is copy and budget.kind == "skipped"
    assert budget.startswith("the notebook's 60 s of grading time ran out")
    assert for_the_instructor(timed[:2], 60.0) == timed[:2]  # no budget run out: every note as it is


def test_student_names_in_the_summary_cannot_rewrite_the_terminal():
    (line,) = summary({("evil\x1b[2J", NB): [Note("missing", "x")]}, "x", progress.printable)[1:]
    assert "\x1b" not in line and "evil\\x1b[2J" in line


def test_renamed_notebooks_are_recognised_from_the_source_as_from_the_release(tmp_path):
    """``grade`` reads the submissions before the course (and its release) exists: the grade_ids
    it reads from the source are the release's."""
    course = prepare(tmp_path)
    for assignment, ids in grade_ids().items():
        release = nbformat.read(course.path("release", assignment, f"{assignment}.ipynb"), as_version=4)
        assert ids == {c.metadata.get("nbgrader", {}).get("grade_id") for c in release.cells} - {None}


def _answer(exercise: str, body: list[str]) -> str:
    head = examples.solutions(NB)[exercise].split("\n")[0]
    return head + "\n" + "\n".join("    " + line for line in body)


def _class(folder: Path) -> dict[str, set[str]]:
    """Students whose notebook 1 is handed in as one accident each, and the kinds of note each
    must get on notebook 1 (every student misses notebooks 2 to 4)."""
    correct = examples.correct(NB)
    examples.write(folder / "renamed", NB, correct, name=f"{NB} (1).ipynb")
    examples.write(folder / "copies", NB, correct)
    examples.write(folder / "copies", NB, examples.release(NB), name=f"{NB}-Copy1.ipynb")
    (folder / "broken").mkdir(parents=True)
    (folder / "broken" / f"{NB}.ipynb").write_text('{"cells": [')
    solutions = examples.solutions(NB)
    examples.write(
        folder / "loop", NB, examples.answered(NB, {**solutions, "adam": _answer("adam", ["while True:", "    pass"])})
    )
    hanging = examples.answered(NB, solutions)
    # 20 hangs of 3 s, each followed by a restart, outlast the notebook's 40 s on any machine
    hanging.cells.extend(new_code_cell("import time\ntime.sleep(1000)") for _ in range(20))
    examples.write(folder / "hangs", NB, hanging)
    edited = examples.answered(NB, solutions)
    edited.cells = [c for c in edited.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_sgd"]
    examples.write(folder / "edited", NB, edited)
    return {
        "renamed": {"renamed"},
        "copies": {"duplicated"},
        "broken": {"unreadable"},
        "loop": {"timeout"},
        "hangs": {"skipped"},
        "edited": {"repaired"},
    }


@pytest.mark.slow
@pytest.mark.xdist_group("grading")
def test_the_grade_command_reports_from_its_first_second_and_notes_every_accident(tmp_path):
    """The real command on a crafted class: its first line comes before any set-up, every
    accident is a note in grades.csv and in the summary, and the other notebooks are noted as
    missing."""
    expected = _class(tmp_path / "class")
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "autograder", "grade", str(tmp_path / "class"), "--out", str(out), "--jobs", "2"]
    cmd += ["--exercise-timeout", "4", "--cell-timeout", "3", "--notebook-timeout", "40"]
    start = time.monotonic()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    first = proc.stderr.readline()
    first_seconds = time.monotonic() - start
    rest, stdout = proc.stderr.read(), proc.stdout.read()
    assert proc.wait() == 0, rest
    assert first == f"6 student folder(s) in {tmp_path / 'class'}: loading the grader\n"
    # 0.3 s on an idle machine: the bound leaves room for a busy one, far below setting up a course
    assert first_seconds < 20, f"the first line came after {first_seconds:.0f} s"
    assert rest.startswith(f"read 6 student folder(s) in {tmp_path / 'class'}: 5 of their 24 notebooks to grade\n")
    assert "setting up the course: generating 01_optimizers and the gradebook (1/4)" in rest
    assert "[6/6]" in rest

    with open(out / "grades.csv", encoding="utf-8", newline="") as f:
        rows = {(r["student"], r["notebook"]): r["notes"] for r in csv.DictReader(f)}
    words = {
        "renamed": "graded `01_optimizers (1).ipynb` instead",
        "copies": "1 other notebook(s) not graded: `01_optimizers-Copy1.ipynb`",
        "broken": "is not valid JSON",
        "loop": "`adam`: stopped after 4 s",
        "hangs": "the notebook's 40 s of grading time ran out (cells that hung or crashed were stopped",
        "edited": "the test cell `test_sgd` was missing from the notebook (deleted?): it was put back",
    }
    for student, text in words.items():
        assert text in rows[(student, NB)], (student, rows[(student, NB)])
        for assignment in layout.assignments()[1:]:
            assert rows[(student, assignment)] == f"no `{assignment}.ipynb` was submitted"

    summary_lines = stdout.split("notes (each in full in", 1)[1].splitlines()[1:]
    for kind, text in notes.KINDS.items():
        students = {s for s, kinds in expected.items() if kind in kinds}
        line = next((line for line in summary_lines if line.startswith(f"  {text}: ")), None)
        if kind == "missing":
            students = set(expected)
        if not students:
            assert line is None, line
            continue
        assert line is not None, (kind, stdout)
        assert line.startswith(f"  {text}: {len(students)} student(s): "), line
        assert set(line.split(" student(s): ")[1].split(", ")) == students, line
