"""Run All with the exercises unanswered: in the student's own kernel a failing check shows its
report and a ``CheckFailed`` error output without stopping the notebook, and nbgrader's
"Validate" still fails that check (and passes it once the exercise is answered)."""

import subprocess
import sys

import nbclient
import nbformat
import pytest
from traitlets.config import Config

from autograder.course import layout
from autograder.course.config import quiet_kernels

pytestmark = pytest.mark.slow


def cells(folder, *grade_ids):
    nb = nbformat.read(layout.ROOT / folder / "01_optimizers.ipynb", as_version=4)
    by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in nb.cells}
    return nb, [by_id[i] for i in grade_ids]


def student_notebook(answered: bool):
    """Notebook 1's setup cell, its ``sgd`` answer cell (the release's stub, or the solution) and
    its test cell, with their nbgrader metadata, then a lesson cell."""
    release, (setup, stub, test) = cells("notebooks", "setup", "sgd", "test_sgd")
    answer = cells("solutions", "sgd")[1][0] if answered else stub
    release.cells = [setup, answer, test, nbformat.v4.new_code_cell('print("the next cell ran")')]
    return release


def test_run_all_goes_past_an_unanswered_check_which_shows_its_failure():
    nb = student_notebook(answered=False)
    # nbclient's defaults are JupyterLab's Run All: stop at the first cell whose reply is an error
    client = nbclient.NotebookClient(nb, timeout=300, kernel_name="python3", config=quiet_kernels(Config()))
    client.execute()
    test = nb.cells[2]
    errors = [o for o in test.outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["CheckFailed"]
    assert errors[0].evalue.startswith("sgd: 0/")
    reports = [
        o for o in test.outputs if o.output_type == "display_data" and "autograder-report" in o.data["text/html"]
    ]
    assert len(reports) == 1 and "not answered yet" in reports[0].data["text/html"]
    assert nb.cells[3].outputs[0].text == "the next cell ran\n"


@pytest.mark.parametrize("answered", [False, True], ids=["unanswered", "answered"])
def test_nbgrader_validate_fails_an_unanswered_check_and_passes_an_answered_one(tmp_path, answered):
    path = tmp_path / "01_optimizers.ipynb"
    nbformat.write(student_notebook(answered), path)
    done = subprocess.run(
        [sys.executable, "-m", "nbgrader", "validate", str(path)], capture_output=True, text=True, timeout=300
    )
    shown = done.stdout + done.stderr
    if answered:
        assert "Success! Your notebook passes all the tests." in shown, shown[-2000:]
    else:
        assert "VALIDATION FAILED ON 1 CELL(S)!" in shown and "CheckFailed" in shown, shown[-2000:]
