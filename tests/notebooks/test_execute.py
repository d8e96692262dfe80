"""Every notebook runs: the source (with solutions) passes all its checks without an error or a
line on stderr, and the student release fails exactly its graded checks — nbgrader's "validate"
and "validate --invert" pattern, with the lesson cells of the release still running."""
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
    client = nbclient.NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=allow_errors,
                                     resources={"metadata": {"path": str(path.parent)}}, config=quiet_kernels(Config()))
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
def test_release_fails_exactly_its_graded_checks(assignment):
    path = layout.NOTEBOOKS / f"{assignment}.ipynb"
    nb = execute(path, allow_errors=True)
    failed, errored_elsewhere = set(), []
    for cell in nb.cells:
        errors = [o for o in cell.get("outputs", []) if o.output_type == "error"]
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution"):
            if errors:
                assert errors[0].ename == "CheckFailed", errors[0].ename
                failed.add(meta["grade_id"])
        elif errors and not meta.get("solution"):
            errored_elsewhere.append((cell.source[:80], errors[0].ename))
    tests = {c.metadata["nbgrader"]["grade_id"] for c in nb.cells
             if c.metadata.get("nbgrader", {}).get("grade") and not c.metadata["nbgrader"].get("solution")}
    assert failed == tests
    assert not errored_elsewhere, "lesson cells must cope with unanswered exercises"
