"""``python -m autograder build``: deterministic, and the committed outputs are current."""

import nbformat
import pytest

from autograder.course import layout
from autograder.course.build import build, is_current, solution_fingerprint
from autograder.course.config import ANSWER_PROMPT
from autograder.course.fingerprint import fingerprint_of

ASSIGNMENTS = layout.assignments()


@pytest.fixture(scope="module")
def fresh_release(tmp_path_factory):
    first, second = tmp_path_factory.mktemp("release1"), tmp_path_factory.mktemp("release2")
    build(solutions=False, notebooks_dir=first, log=lambda *a: None)
    build(solutions=False, notebooks_dir=second, log=lambda *a: None)
    return first, second


def test_there_are_four_assignments():
    assert ASSIGNMENTS == ["01_optimizers", "02_landscapes", "03_initialization", "04_regularization"]


def test_building_twice_writes_the_same_bytes(fresh_release):
    first, second = fresh_release
    for assignment in ASSIGNMENTS:
        assert (first / f"{assignment}.ipynb").read_bytes() == (second / f"{assignment}.ipynb").read_bytes()


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_release_is_current(fresh_release, assignment):
    committed = layout.NOTEBOOKS / f"{assignment}.ipynb"
    assert committed.read_bytes() == (fresh_release[0] / f"{assignment}.ipynb").read_bytes(), (
        f"notebooks/{assignment}.ipynb is stale: run `python -m autograder build`"
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_committed_solution_is_current(assignment):
    assert is_current(layout.SOLUTIONS / f"{assignment}.ipynb", solution_fingerprint(assignment)), (
        f"solutions/{assignment}.ipynb is stale: run `python -m autograder build`"
    )


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_solution_is_executed_with_figures_and_without_errors_hidden_tests_or_rubrics(assignment):
    nb = nbformat.read(layout.SOLUTIONS / f"{assignment}.ipynb", as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    outputs = [o for c in code for o in c.outputs]
    assert all(c.execution_count for c in code if c.source.strip())
    assert not [o for o in outputs if o.output_type == "error"]
    assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert any("image/png" in o.get("data", {}) for o in outputs)
    assert not any("HIDDEN TESTS" in c.source or "MARK SCHEME" in c.source for c in nb.cells)


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solutions_no_hidden_tests_no_model_answers_no_rubrics(assignment):
    nb = nbformat.read(layout.NOTEBOOKS / f"{assignment}.ipynb", as_version=4)
    text = "\n".join(c.source for c in nb.cells)
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text and "MARK SCHEME" not in text
    written = [c for c in nb.cells if c.cell_type == "markdown" and c.metadata.get("nbgrader", {}).get("solution")]
    assert written, "every notebook asks written questions"
    for cell in nb.cells:
        assert not cell.get("outputs")
    for cell in written:
        assert cell.source == ANSWER_PROMPT and cell.metadata.nbgrader["grade"] and cell.metadata.nbgrader["points"]


def test_the_fingerprint_follows_the_notebook_and_every_module(tmp_path):
    notebook = tmp_path / "source" / "01_x" / "01_x.ipynb"
    modules = [tmp_path / "autograder" / "course" / "config.py", tmp_path / "helpers" / "env.py"]
    for path in [notebook, *modules]:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("v1")
    seen = {fingerprint_of([notebook], tmp_path)}
    for path in [notebook, *modules]:
        path.write_text("v2")
        seen.add(fingerprint_of([notebook], tmp_path))
    assert len(seen) == 4
