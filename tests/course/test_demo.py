"""``python -m autograder demo``'s four students get exactly the scores their construction implies."""

from fractions import Fraction

import pytest

from autograder.course import examples, layout
from autograder.course.demo import demo

# the demo and the corpus each grade with two workers: on one xdist worker, one after the other,
# so that two classes are never graded at once on the 2 cores (their limits are wall-clock)
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("grading")]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory, csv_rows):
    out = tmp_path_factory.mktemp("demo")
    code = demo(out, jobs=2, build_first=False)
    rows = {(r["student"], r["notebook"], r["exercise"]): r for r in csv_rows(out / "grades_detail.csv")}
    return code, out, rows


def score(rows, student, notebook, exercise):
    return float(rows[(student, notebook, exercise)]["score"])


def test_the_demo_exits_cleanly_and_writes_everything(demo_run):
    code, out, rows = demo_run
    assert code == 0
    assert (out / "grades.csv").exists()
    assert {p.name for p in (out / "feedback" / "ada").iterdir()} == {f"{a}.html" for a in layout.assignments()}


def test_ada_full_marks_and_cleo_zero(demo_run):
    _, _, rows = demo_run
    for (student, notebook, exercise), row in rows.items():
        manual = row["grading"] == "manual"
        if student == "ada":  # her written answers wait for the instructor
            expected = "ungraded" if manual else row["max_score"]
            assert row["score"] == expected, (notebook, exercise, row["message"])
        if student == "cleo":
            assert float(row["score"]) == 0.0
            assert ("No response." if manual else "not answered yet") in row["message"]


def test_ben_loses_what_each_typical_mistake_costs_and_is_told_which(demo_run):
    _, _, rows = demo_run
    for assignment in layout.assignments():
        _, expected = examples.mistakes(assignment)
        for exercise, (_, passed) in expected.items():
            row = rows[("ben", assignment, exercise)]
            assert float(row["score"]) == pytest.approx(float(Fraction(passed)) * float(row["max_score"]), abs=1e-3), (
                row
            )
            assert row["message"], row


def test_dan_is_graded_around_his_broken_work(demo_run):
    _, _, rows = demo_run
    assert score(rows, "dan", "01_optimizers", "sgd") == 0.0
    assert "SyntaxError" in rows[("dan", "01_optimizers", "sgd")]["message"]
    assert score(rows, "dan", "01_optimizers", "adagrad") == 0.0
    assert "stopped after" in rows[("dan", "01_optimizers", "adagrad")]["message"]
    for exercise in ("rmsprop", "adadelta", "adam"):
        assert score(rows, "dan", "01_optimizers", exercise) == 2.0
    for (student, notebook, _), row in rows.items():
        if student == "dan" and notebook == "03_initialization":
            assert float(row["score"]) == 0.0 and "not valid JSON" in row["message"]
        if student == "dan" and notebook == "04_regularization" and row["grading"] == "auto":
            assert row["score"] == row["max_score"]


def test_the_demo_grades_exactly_as_recorded(demo_run, same_as_golden):
    """Scores and messages of every exercise of every demo student are those recorded in
    ``golden/`` (moving code changes none of them)."""
    same_as_golden(demo_run[1], "demo")
