"""Every notebook runs: the source (with solutions) passes all its checks without an error or a
line on stderr, and the student release, every exercise unanswered, runs to its end as Run All
runs it (stopping at the first cell whose reply is an error) while failing exactly its graded
checks, each with its report — nbgrader's "validate" and "validate --invert" pattern."""

import re

import nbclient
import nbformat
import pytest
from traitlets.config import Config

from autograder.course import layout
from autograder.course.config import quiet_kernels

pytestmark = pytest.mark.slow
ASSIGNMENTS = layout.assignments()


def execute(path, allow_errors=False):
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        timeout=600,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(path.parent)}},
        config=quiet_kernels(Config()),
    )
    client.execute()
    return nb


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_source_notebook_executes_cleanly(assignment):
    nb = execute(layout.source_notebook(assignment))
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            assert output.output_type != "error", (cell.source[:80], output.get("evalue"))
            stderr = output.output_type == "stream" and output.name == "stderr"
            assert not stderr, (cell.source[:80], output.text[:300])


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_runs_to_the_end_and_fails_exactly_its_graded_checks(assignment):
    path = layout.NOTEBOOKS / f"{assignment}.ipynb"
    nb = execute(path)  # allow_errors=False: an error reply from any cell stops it, as Run All does
    failed, reported, errored_elsewhere = set(), set(), []
    for cell in nb.cells:
        outputs = cell.get("outputs", [])
        errors = [o for o in outputs if o.output_type == "error"]
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            if errors:
                assert errors[0].ename == "CheckFailed", errors[0].ename
                failed.add(meta["grade_id"])
            if any("autograder-report" in o.get("data", {}).get("text/html", "") for o in outputs):
                reported.add(meta["grade_id"])
        elif errors:
            errored_elsewhere.append((cell.source[:80], errors[0].ename))
    tests = {
        c.metadata["nbgrader"]["grade_id"]
        for c in nb.cells
        if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")
    }
    assert failed == tests
    assert reported == tests, "every check cell shows its report"
    assert not errored_elsewhere, "lesson cells must cope with unanswered exercises"
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert all(c.get("execution_count") for c in code), "every cell ran"
    for cell in code:  # a lesson cell needing an unanswered exercise says it uses Keras's instead
        if "yours_or_keras(" in cell.source:
            printed = "".join(o.get("text", "") for o in cell.outputs if o.output_type == "stream")
            assert re.search(r"your \w+ is not written yet: .* uses keras\.", printed), printed
