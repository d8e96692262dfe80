"""The source notebooks follow the authoring conventions of source/README.md."""

import nbformat
import pytest

from autograder.course import layout
from autograder.course.grading import plan
from autograder.exercises import registry

ASSIGNMENTS = layout.assignments()


def nbgrader(cell):
    return cell.metadata.get("nbgrader", {})


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_without_outputs(assignment):
    nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
    assert not [c for c in nb.cells if c.cell_type == "code" and (c.outputs or c.execution_count)]


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_header_then_setup_cell_importing_helpers_first(assignment):
    nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("#")
    setup = nb.cells[1]
    assert nbgrader(setup).get("grade_id") == "setup" and nbgrader(setup).get("locked")
    first_import = next(line for line in setup.source.splitlines() if line.startswith(("import", "from")))
    assert first_import == "import helpers"


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_graded_function_has_its_answer_and_test_cell(assignment):
    nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
    expected = sorted(e.name for e in registry().values() if e.notebook == assignment)
    answers = [nbgrader(c)["grade_id"] for c in nb.cells if nbgrader(c).get("solution") and c.cell_type == "code"]
    tests = [c for c in nb.cells if nbgrader(c).get("grade") and not nbgrader(c).get("solution")]
    assert sorted(answers) == expected
    assert sorted(nbgrader(c)["grade_id"] for c in tests) == sorted(f"test_{e}" for e in expected)
    for cell in tests:
        name = nbgrader(cell)["grade_id"].removeprefix("test_")
        calls = plan(cell.source)
        assert calls and {n for n, _ in calls} == {name}, "a test cell checks its own exercise only"
        assert any(case.hidden for _, cases in calls for case in cases), f"{name} has hidden cases"
        assert nbgrader(cell)["points"] > 0


# the written points of each notebook, as the README states them (17 questions in all)
WRITTEN_POINTS = {"01_optimizers": 3, "02_landscapes": 13, "03_initialization": 6, "04_regularization": 4}


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_every_written_question_is_graded_by_hand_with_its_rubric_above_it(assignment):
    nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
    written = [(i, c) for i, c in enumerate(nb.cells) if c.cell_type == "markdown" and nbgrader(c).get("solution")]
    assert sum(nbgrader(c)["points"] for _, c in written) == WRITTEN_POINTS[assignment]
    for index, answer in written:
        meta = nbgrader(answer)
        assert meta["grade"] and not meta["locked"] and meta["points"] in (1, 2) and meta["grade_id"].startswith("q_")
        # the last question asked before the answer (a cell the question runs may sit between)
        question = next(c for c in reversed(nb.cells[:index]) if c.source.startswith("**Question"))
        assert nbgrader(question)["grade_id"] == f"{meta['grade_id']}_question" and nbgrader(question)["locked"]
        rubric = question.source.split("=== BEGIN MARK SCHEME ===\n")[1]
        unit = "point" if meta["points"] == 1 else "points"
        assert rubric.startswith(f"**Rubric ({meta['points']} {unit}).**") and "Half" in rubric
        assert rubric.endswith("=== END MARK SCHEME ===") and question.source.count("MARK SCHEME") == 2


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_the_header_counts_the_written_questions_and_their_points(assignment):
    nb = nbformat.read(layout.source_notebook(assignment), as_version=4)
    written = [c for c in nb.cells if c.cell_type == "markdown" and nbgrader(c).get("solution")]
    points = sum(nbgrader(c)["points"] for c in written)
    assert f"**Written questions** — {len(written)} questions, {points} points, graded by hand" in nb.cells[0].source


def test_there_are_seventeen_written_questions():
    count = sum(
        c.cell_type == "markdown" and bool(nbgrader(c).get("solution"))
        for a in ASSIGNMENTS
        for c in nbformat.read(layout.source_notebook(a), as_version=4).cells
    )
    assert count == 17
