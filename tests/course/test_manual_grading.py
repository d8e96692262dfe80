"""Written answers graded by hand: ``grade`` leaves them ``ungraded`` (0 if unanswered), formgrader
lists the class and shows each rubric, and ``python -m autograder export`` puts the manual grades
given there into the CSVs.

One class, graded twice into the same ``OUT``: ``ada`` (notebook 1's exercises and two of its three
questions answered) and ``cleo`` (the release untouched) from a folder of their own, then ``dora``,
collected by nbgrader into ``OUT/course/submitted`` with a ``timestamp.txt``, graded in place.
"""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest
from nbgrader.api import Gradebook
from nbgrader.apps import NbGraderAPI
from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

from autograder.course import examples, layout
from autograder.course.grade import grade
from autograder.course.merge import SUBMITTED_COPY

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]

NB = "01_optimizers"
WRITTEN = {"q_momentum": 1.0, "q_adagrad": 1.0, "q_adadelta": 1.0}  # notebook 1's questions and points
STAMP = "2026-12-01 09:30:00.000000 UTC"


def ada():
    answers = {**examples.solutions(NB), **{k: v for k, v in examples.written(NB).items() if k != "q_adadelta"}}
    return examples.answered(NB, answers)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    base = tmp_path_factory.mktemp("manual")
    out = base / "out"
    examples.write(base / "class" / "ada", NB, ada())
    examples.write(base / "class" / "cleo", NB, examples.release(NB))
    grade(base / "class", out, jobs=1)
    collected = out / "course" / "submitted" / "dora" / NB
    path = examples.write(collected, NB, examples.correct(NB))
    (collected / "timestamp.txt").write_text(STAMP)
    before = path.read_bytes()
    grade(out / "course" / "submitted", out, jobs=1)
    return out, path, before


def rows(path):
    import csv

    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def totals(out, student):
    return next(r for r in rows(out / "grades.csv") if r["student"] == student and r["notebook"] == NB)


def detail(out, student, exercise):
    return next(r for r in rows(out / "grades_detail.csv") if r["student"] == student and r["exercise"] == exercise)


def api(out) -> NbGraderAPI:
    """nbgrader's API as formgrader builds it in a server started in ``OUT/course``: configured by
    the course's own ``nbgrader_config.py``."""
    config = PyFileConfigLoader("nbgrader_config.py", path=str(out / "course")).load_config()
    return NbGraderAPI(coursedir=CourseDirectory(config=config), config=config)


def test_written_answers_wait_for_a_grade_and_unanswered_ones_score_zero(graded):
    out, _, _ = graded
    assert rows(out / "grades.csv")[0].keys() >= {"score", "max_score", "auto_score", "auto_max", "manual_score"}
    assert {k: totals(out, "ada")[k] for k in ("score", "max_score", "auto_score", "auto_max")} == {
        "score": "10.0",
        "max_score": "13.0",
        "auto_score": "10.0",
        "auto_max": "10.0",
    }
    assert (totals(out, "ada")["manual_score"], totals(out, "ada")["manual_max"]) == ("ungraded", "3.0")
    assert detail(out, "ada", "q_momentum")["score"] == "ungraded"
    assert detail(out, "ada", "q_momentum")["grading"] == "manual"
    assert (detail(out, "ada", "q_adadelta")["score"], detail(out, "ada", "q_adadelta")["message"]) == (
        "0.0",
        "No response.",
    )
    assert (totals(out, "cleo")["score"], totals(out, "cleo")["manual_score"]) == ("0.0", "0.0")


def test_formgrader_lists_every_submission_with_its_score_and_the_written_answers_to_grade(graded):
    out, _, _ = graded
    nbgrader = api(out)
    assignments = {a["name"]: a for a in nbgrader.get_assignments()}
    assert set(assignments) == set(layout.assignments())
    assert assignments[NB]["num_submissions"] == 3
    assert assignments["02_landscapes"]["num_submissions"] == 0  # nobody handed it in
    assert assignments[NB]["max_written_score"] == sum(WRITTEN.values())
    submissions = {s["student"]: s for s in nbgrader.get_submissions(NB)}
    assert set(submissions) == {"ada", "cleo", "dora"}
    assert all(s["autograded"] and s["submitted"] for s in submissions.values())
    assert submissions["ada"]["code_score"] == 10.0 and submissions["ada"]["needs_manual_grade"]
    assert not submissions["cleo"]["needs_manual_grade"]
    manual = {s["student"]: s for s in nbgrader.get_notebook_submissions(NB, NB)}
    assert manual["ada"]["needs_manual_grade"] and manual["ada"]["max_written_score"] == 3.0
    # the page formgrader shows for ada: her answers under each question, with its rubric
    nb = nbformat.read(out / "course" / "autograded" / "ada" / NB / f"{NB}.ipynb", as_version=4)
    cells = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    assert {k: cells[k].metadata.nbgrader["points"] for k in WRITTEN} == WRITTEN
    assert cells["q_momentum"].source == examples.written(NB)["q_momentum"]
    assert "=== BEGIN MARK SCHEME ===" in cells["q_momentum_question"].source
    assert "Full marks:" in cells["q_momentum_question"].source


def test_the_rubric_never_reaches_the_feedback(graded):
    out, _, _ = graded
    for page in (out / "feedback").rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "MARK SCHEME" not in text and "Full marks:" not in text, page


def test_a_collected_submission_is_graded_in_place_untouched_with_its_timestamp(graded):
    out, path, before = graded
    assert path.read_bytes() == before and not (path.parent / SUBMITTED_COPY).exists()
    assert (out / "course" / "submitted" / "ada" / NB / SUBMITTED_COPY).is_file()  # the grader's copy
    assert totals(out, "dora")["auto_score"] == "10.0"
    submission = {s["student"]: s for s in api(out).get_submissions(NB)}["dora"]
    assert submission["autograded"] and submission["timestamp"].startswith("2026-12-01T09:30:00")


def test_export_puts_the_manual_grades_into_the_csvs(graded):
    out, _, _ = graded
    with Gradebook(f"sqlite:///{out / 'course' / 'gradebook.db'}") as gb:  # what formgrader does
        gb.find_grade("q_momentum", NB, NB, "ada").manual_score = 1.0
        gb.find_grade("q_adagrad", NB, NB, "ada").manual_score = 0.5
        gb.find_comment("q_adagrad", NB, NB, "ada").manual_comment = "the sum, not the average: half"
        gb.db.commit()
    assert totals(out, "ada")["manual_score"] == "ungraded"  # the CSVs wait for export
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "export", "--out", str(out)], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    ada = totals(out, "ada")
    assert [ada[k] for k in ("score", "max_score", "auto_score", "auto_max", "manual_score", "manual_max")] == [
        "11.5",
        "13.0",
        "10.0",
        "10.0",
        "1.5",
        "3.0",
    ]
    assert (detail(out, "ada", "q_adagrad")["score"], detail(out, "ada", "q_adagrad")["message"]) == (
        "0.5",
        "the sum, not the average: half",
    )
    assert [r["student"] for r in rows(out / "grades.csv") if r["notebook"] == NB] == ["ada", "cleo", "dora"]


def test_export_without_a_graded_class_says_so(tmp_path):
    done = subprocess.run(
        [sys.executable, "-m", "autograder", "export", "--out", str(tmp_path)], capture_output=True, text=True
    )
    assert done.returncode == 2 and done.stderr.startswith("python -m autograder export: error: ")
    assert "run `grade` first" in done.stderr and done.stderr.count("\n") == 1, "one line, like every usage error"
    assert "Traceback" not in done.stderr
