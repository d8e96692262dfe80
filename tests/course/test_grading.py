"""Grading one notebook, without nbgrader around it: which cells run, what is planned, the score."""

import copy

import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from autograder.course.grading import grade_notebook, plan, student_cells
from autograder.settings import GraderSettings

SGD = """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    m = momentum * state.get("m", 0) - learning_rate * g
    state["m"] = m
    return w + momentum * m - learning_rate * g if nesterov else w + m"""
TEST = (
    "check(sgd)\n"
    "### BEGIN HIDDEN TESTS\n"
    'check(sgd, cases=optimizer_cases("sgd", [{"momentum": 0.9}], seed=5))\n'
    "### END HIDDEN TESTS"
)


def meta(**kw):
    return {"nbgrader": {"grade": False, "locked": False, "solution": False, "schema_version": 3, "task": False, **kw}}


def release():
    nb = new_notebook()
    nb.cells = [
        new_markdown_cell("# Title"),
        new_code_cell("import numpy as np", metadata=meta(grade_id="setup", locked=True)),
        new_code_cell("print('a lesson')"),
        new_code_cell(
            "def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):\n    raise NotImplementedError()",
            metadata=meta(grade_id="sgd", solution=True),
        ),
        new_code_cell(TEST.split("\n")[0], metadata=meta(grade_id="test_sgd", grade=True, locked=True, points=2)),
    ]
    return nb


RELEASE = release()


def submission(answer=SGD, extra=()):
    """The release as a student hands it in: same cells (same ids), answer written, cells added."""
    nb = copy.deepcopy(RELEASE)
    nb.cells[3].source = answer
    nb.cells.extend(new_code_cell(src) for src in extra)
    return nb


def test_plan_reads_visible_and_hidden_cases_from_the_test_source():
    calls = plan(TEST)
    assert [name for name, _ in calls] == ["sgd", "sgd"]
    assert not any(c.hidden for c in calls[0][1]) and all(c.hidden for c in calls[1][1])


def test_only_setup_answers_and_added_cells_run():
    nb = submission(extra=["x = 1"])
    nb.cells[2].source = "print('the student edited the lesson')"  # same id as in the release: not run
    labels = [label for label, _, _ in student_cells(nb, RELEASE)]
    assert labels == ["the setup cell", "your answer cell `sgd`", "cell 6, which you added"]


@pytest.mark.sandbox
def test_a_correct_answer_scores_the_test_cells_points():
    grade = grade_notebook(submission(), {"test_sgd": (TEST, 2.0)}, RELEASE, GraderSettings(cell_seconds=10))
    cell = grade.cells["test_sgd"]
    assert cell.score == 2.0 and cell.result.total == 6


@pytest.mark.sandbox
def test_a_broken_answer_cell_is_named_in_the_message():
    grade = grade_notebook(
        submission("def sgd(w, g, state:\n    pass"),
        {"test_sgd": (TEST, 2.0)},
        RELEASE,
        GraderSettings(cell_seconds=10),
    )
    cell = grade.cells["test_sgd"]
    assert cell.score == 0.0
    assert "your answer cell `sgd` failed: SyntaxError" in cell.result.summary


@pytest.mark.sandbox
def test_partial_credit_is_the_fraction_of_cases():
    plain = "def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):\n    return w - learning_rate * g"
    grade = grade_notebook(submission(plain), {"test_sgd": (TEST, 2.0)}, RELEASE, GraderSettings(cell_seconds=10))
    result = grade.cells["test_sgd"].result
    assert result.passed == 1 and result.total == 6  # only the default case has no momentum
    assert grade.cells["test_sgd"].score == round(2.0 / 6, 4)
