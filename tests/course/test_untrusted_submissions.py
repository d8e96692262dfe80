"""Hostile and clumsy submissions through the real ``grade`` run, next to a correct classmate.

Each student below is notebook 1 (five optimizers, 2 points each) built from the release, with
one trick or accident: symbolic links and unreadable files (safe intake), copied, deleted, moved
and cleared cells (honest edits), markup meant to run in the feedback page (inert feedback). The
expected scores follow from the construction: a correct answer is worth its 2 points whatever
else the notebook does; nothing is graded for a notebook that was not read.
"""

from __future__ import annotations

import copy
import csv
import io
import os
import re
from collections import Counter
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_output

from autograder.course import examples
from autograder.course.grade import grade
from autograder.settings import GraderSettings

from .test_feedback_inert import ATTACKS, html_text, live_parts

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]

NB = "01_optimizers"
EXERCISES = ["sgd", "adagrad", "rmsprop", "adadelta", "adam"]
SETTINGS = GraderSettings(cell_seconds=10.0, exercise_seconds=15.0)
NASTY_NAME = "<img src=x onerror=alert('name')>.txt"


def find(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def copied_answer():
    """JupyterLab copy-paste: the copy (new id, same metadata) holds the answer, the original the stub."""
    nb = examples.correct(NB)
    original = find(nb, "sgd")
    pasted = copy.deepcopy(original)
    pasted["id"] = "pasted-copy"
    original.source = find(examples.release(NB), "sgd").source
    nb.cells.insert(nb.cells.index(original) + 1, pasted)
    return nb


def without(*grade_ids):
    nb = examples.correct(NB)
    for grade_id in grade_ids:
        nb.cells.remove(find(nb, grade_id))
    return nb


def moved():
    nb = examples.correct(NB)
    adam, test_sgd = find(nb, "adam"), find(nb, "test_sgd")
    nb.cells.remove(adam)
    nb.cells.append(adam)
    nb.cells.remove(test_sgd)
    nb.cells.insert(0, test_sgd)
    return nb


def cleared():
    nb = examples.correct(NB)
    for cell in nb.cells:
        cell.metadata.clear()
    return nb


def scripted():
    """Every attack in a markdown cell, and an added cell with a forged HTML output."""
    nb = examples.correct(NB)
    nb.cells[1:1] = [new_markdown_cell(attack) for attack in ATTACKS]
    forged = new_output("display_data", data={"text/html": "<script>alert('output')</script>", "text/plain": "x"})
    nb.cells.append(new_code_cell("x = 1", outputs=[forged]))
    return nb


ALL = dict.fromkeys(EXERCISES, 2.0)
NONE = dict.fromkeys(EXERCISES, 0.0)
# student -> (notebook builder, {exercise: expected score}); these folders hold one notebook
NOTEBOOKS = {
    "correct": (lambda: examples.correct(NB), ALL),
    "copied answer cell": (copied_answer, ALL),
    "deleted answer and test cell": (lambda: without("adam", "test_adam"), {**ALL, "adam": 0.0}),
    "deleted test and setup cells": (lambda: without("test_rmsprop", "setup"), ALL),
    "moved cells": (moved, ALL),
    "cleared metadata": (cleared, ALL),
    "scripts in markdown": (scripted, ALL),
}
LINK_PROBLEM = "`01_optimizers.ipynb` is a symbolic link, which is never followed: it was not graded"


def write_submissions(folder: Path, elsewhere: Path) -> None:
    for student, (build, _) in NOTEBOOKS.items():
        examples.write(folder / student, NB, build())
    (folder / "scripts in markdown" / NASTY_NAME).write_text("hi")
    bom = folder / "byte-order mark"
    bom.mkdir()
    examples.write(elsewhere, NB, examples.correct(NB))  # "the solutions", outside every student folder
    (bom / f"{NB}.ipynb").write_bytes(b"\xef\xbb\xbf" + (elsewhere / f"{NB}.ipynb").read_bytes())
    for student, target in {
        "link to the solutions": elsewhere / f"{NB}.ipynb",
        "link to a classmate": folder / "correct" / f"{NB}.ipynb",
        "link to proc": Path("/proc/self/mem"),
    }.items():
        (folder / student).mkdir()
        (folder / student / f"{NB}.ipynb").symlink_to(target)
    (folder / "linked folder").symlink_to(folder / "correct", target_is_directory=True)
    (folder / "fifo").mkdir()
    os.mkfifo(folder / "fifo" / f"{NB}.ipynb")
    for name in NAMES:
        (folder / name).mkdir()


FORMULA = '=HYPERLINK("http:example.com","grades")'  # a folder name cannot hold a slash
ESCAPES = "\x1b[2J\x1b]0;pwned\x07wiped"  # clears a terminal and sets its title
NAMES = (FORMULA, ESCAPES)  # empty folders: what is checked is how the name is written


EXPECTED = {
    **{student: scores for student, (_, scores) in NOTEBOOKS.items()},
    "byte-order mark": ALL,
    **dict.fromkeys(["link to the solutions", "link to a classmate", "link to proc", "linked folder", "fifo"], NONE),
    "'" + FORMULA: NONE,  # a spreadsheet shows it as text
    ESCAPES: NONE,
}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("untrusted")
    write_submissions(base / "submissions", base / "elsewhere")
    out = base / "out"
    log = io.StringIO()
    run = grade(base / "submissions", out, jobs=2, settings=SETTINGS, log=log)
    return run, out, log.getvalue()


def detail(out: Path) -> dict[tuple[str, str], tuple[float, str]]:
    with open(out / "grades_detail.csv", encoding="utf-8") as f:
        return {
            (r["student"], r["exercise"]): (float(r["score"]), r["message"])
            for r in csv.DictReader(f)
            if r["notebook"] == NB and r["grading"] == "auto"
        }


def test_every_student_gets_exactly_the_expected_score_and_none_failed(graded):
    run, out, _ = graded
    assert not run.failures
    scores = {key: score for key, (score, _) in detail(out).items()}
    assert scores == {(s, e): score for s, expected in EXPECTED.items() for e, score in expected.items()}


@pytest.mark.parametrize(
    "student, exercise, message",
    [
        ("link to the solutions", "sgd", LINK_PROBLEM),
        ("link to a classmate", "adam", LINK_PROBLEM),
        ("link to proc", "adam", LINK_PROBLEM),
        (
            "linked folder",
            "sgd",
            "the student folder `linked folder` is a symbolic link, which is never followed: nothing was graded",
        ),
        ("fifo", "sgd", "`01_optimizers.ipynb` is a named pipe (FIFO), not a file: it was not graded"),
        ("byte-order mark", "sgd", "all 8 cases match keras.optimizers.SGD"),
        (
            "copied answer cell",
            "sgd",
            "answer cell `sgd` appears 2 times (copied?): the last one with an answer was graded. "
            "all 8 cases match keras.optimizers.SGD",
        ),
        (
            "deleted test and setup cells",
            "rmsprop",
            "the test cell `test_rmsprop` was missing from the notebook (deleted?): it was put back. "
            "all 8 cases match keras.optimizers.RMSprop",
        ),
        ("moved cells", "adam", "all 7 cases match keras.optimizers.Adam"),
        ("cleared metadata", "adam", "all 7 cases match keras.optimizers.Adam"),
    ],
)
def test_each_message_says_what_happened(graded, student, exercise, message):
    assert detail(graded[1])[(student, exercise)][1] == message


def test_a_deleted_answer_cell_is_named_in_its_message(graded):
    message = detail(graded[1])[("deleted answer and test cell", "adam")][1]
    assert message.startswith(
        "answer cell `adam` not found (deleted?): `adam` was looked for in your other cells. "
        "the test cell `test_adam` was missing from the notebook (deleted?): it was put back. "
        "0/7 cases match keras.optimizers.Adam"
    )
    assert "`adam` is not defined" in message


def feedback(out: Path, student: str) -> str:
    return (out / "feedback" / student / f"{NB}.html").read_text(encoding="utf-8")


def test_the_feedback_names_each_repair(graded):
    _, out, _ = graded
    assert "answer cell <code>sgd</code> appears 2 times (copied?)" in feedback(out, "copied answer cell")
    assert "the setup cell was missing from the notebook (deleted?): it was put back" in feedback(
        out, "deleted test and setup cells"
    )
    restored = ", ".join(f"<code>{i}</code>" for i in ("setup", "q_momentum_question", "q_momentum", "sgd"))
    assert f"the nbgrader metadata of {restored}" in feedback(out, "cleared metadata")


def test_no_solutions_or_classmate_code_reaches_a_linking_students_feedback(graded):
    _, out, _ = graded
    for student in ("link to the solutions", "link to a classmate", "link to proc", "linked folder", "fifo"):
        assert not (out / "feedback" / student).exists()


def test_the_feedback_of_scripted_markdown_runs_nothing_and_shows_the_text(graded):
    _, out, _ = graded
    page = feedback(out, "scripts in markdown")
    own = Counter(map(repr, live_parts(feedback(out, "correct"))))  # the page's own scripts and styles
    assert not Counter(map(repr, live_parts(page))) - own
    text = html_text(page)
    for visible in [v for v in ATTACKS.values() if v] + [NASTY_NAME]:
        assert visible in text, visible
    assert "alert('output')" not in text  # the forged output was cleared, not shown
    assert not re.search(r"<img[^>]*onerror", page)


def test_a_student_name_neither_runs_in_a_spreadsheet_nor_drives_the_terminal(graded):
    _, out, log = graded
    with open(out / "grades.csv", encoding="utf-8") as f:
        names = {row["student"] for row in csv.DictReader(f)}
    assert "'" + FORMULA in names and FORMULA not in names
    assert "\x1b" not in log and "\\x1b[2J\\x1b]0;pwned\\x07wiped" in log


def test_a_test_cell_put_back_shows_no_hidden_test(graded):
    _, out, _ = graded
    text = html_text(feedback(out, "deleted answer and test cell"))
    assert "check(adam)" in text and "HIDDEN TESTS" not in text
    assert '"beta_1": 0.85' not in text  # a hidden case of test_adam (source/01_optimizers)
