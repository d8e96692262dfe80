"""Honest edits a student makes in JupyterLab, made gradable before nbgrader sees them.

Copy-paste of a cell copies its nbgrader metadata (a duplicated ``grade_id``); deleting an answer
cell with its test cell, or clearing metadata, made nbgrader's ``OverwriteCells`` raise (the
notebook was "grading failed"). Here the course's own sanitize chain (``RepairEdits`` first, then
nbgrader's preprocessors, as ``configure`` sets them) runs on each edited notebook against a real
gradebook; the whole ``grade`` run on such notebooks is in ``test_untrusted_submissions.py``.
"""

from __future__ import annotations

import copy

import pytest

from autograder.course import examples
from autograder.course.grading import student_cells
from autograder.course.prepare import prepare
from autograder.course.preprocessors import REPAIRS

NB = "01_optimizers"
IDS = ["setup", "q_momentum_question", "q_momentum", "sgd", "test_sgd", "adagrad", "test_adagrad"]
IDS += ["q_adagrad_question", "q_adagrad", "rmsprop", "test_rmsprop", "adadelta", "test_adadelta"]
IDS += ["q_adadelta_question", "q_adadelta", "adam", "test_adam"]
WRITTEN = ["q_momentum", "q_adagrad", "q_adadelta"]


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    return prepare(tmp_path_factory.mktemp("edits"))


@pytest.fixture
def sanitize(course):
    def run(nb):
        info = {"db_url": course.db_url, "notebook": NB, "assignment": NB, "student": "s"}
        resources = {"nbgrader": info}
        for preprocessor in course.config.Autograde.sanitize_preprocessors:
            nb, resources = preprocessor(config=course.config).preprocess(nb, resources)
        return nb

    return run


def grade_id(cell):
    return cell.metadata.get("nbgrader", {}).get("grade_id")


def find(nb, name):
    return next(c for c in nb.cells if grade_id(c) == name)


def ids(nb):
    return [grade_id(c) for c in nb.cells if grade_id(c)]


def correct():
    return examples.correct(NB)


def test_an_untouched_notebook_needs_no_repair(sanitize):
    nb = sanitize(correct())
    assert ids(nb) == IDS
    assert nb.metadata[REPAIRS] == {"notes": [], "exercises": {}}


@pytest.mark.parametrize("answer_in", ["copy", "original"])
def test_a_copied_answer_cell_grades_the_last_one_with_an_answer(sanitize, answer_in):
    """JupyterLab's copy-paste gives the copy a new cell id and the same nbgrader metadata."""
    nb = correct()
    original = find(nb, "sgd")
    pasted = copy.deepcopy(original)
    pasted["id"] = "pasted-copy"
    nb.cells.insert(nb.cells.index(original) + 1, pasted)
    stub = find(examples.release(NB), "sgd").source
    (original if answer_in == "copy" else pasted).source = stub
    answer = examples.solutions(NB)["sgd"]

    nb = sanitize(nb)
    assert ids(nb) == IDS
    assert find(nb, "sgd").source == answer
    note = "answer cell `sgd` appears 2 times (copied?): the last one with an answer was graded"
    assert nb.metadata[REPAIRS] == {"notes": [note], "exercises": {"sgd": [note]}}
    runs = [source for label, source, _ in student_cells(nb, examples.release(NB)) if "sgd" in label]
    assert runs == [answer]  # the stub copy, with the release's text, is not run


def test_a_copied_test_cell_keeps_the_original(sanitize):
    nb = correct()
    pasted = copy.deepcopy(find(nb, "test_adam"))
    pasted["id"] = "pasted-copy"
    nb.cells.append(pasted)
    nb = sanitize(nb)
    assert ids(nb) == IDS
    assert nb.metadata[REPAIRS]["notes"] == ["cell `test_adam` appears 2 times (copied?): the copies were ignored"]


def test_a_deleted_answer_and_test_cell_leave_the_exercise_to_the_other_cells(sanitize):
    nb = correct()
    nb.cells.remove(find(nb, "adam"))
    nb.cells.remove(find(nb, "test_adam"))
    nb = sanitize(nb)
    assert ids(nb) == [i for i in IDS if i != "adam"]  # the test cell is back, after adadelta's
    assert "### BEGIN HIDDEN TESTS" in find(nb, "test_adam").source  # restored from the gradebook
    missing = "answer cell `adam` not found (deleted?): `adam` was looked for in your other cells"
    restored = "the test cell `test_adam` was missing from the notebook (deleted?): it was put back"
    assert nb.metadata[REPAIRS] == {"notes": [missing, restored], "exercises": {"adam": [missing, restored]}}


def test_a_deleted_test_cell_and_setup_cell_are_put_back(sanitize):
    nb = correct()
    nb.cells.remove(find(nb, "setup"))
    nb.cells.remove(find(nb, "test_sgd"))
    nb = sanitize(nb)
    assert ids(nb) == IDS
    assert nb.metadata[REPAIRS]["notes"] == [
        "the setup cell was missing from the notebook (deleted?): it was put back",
        "the test cell `test_sgd` was missing from the notebook (deleted?): it was put back",
    ]
    assert [label for label, _, _ in student_cells(nb, examples.release(NB))][0] == "the setup cell"


def test_a_deleted_written_answer_is_put_back_unanswered_after_its_question(sanitize):
    nb = correct()
    find(nb, "q_adagrad").source = "The sum of squares grows."
    nb.cells.remove(find(nb, "q_adagrad"))
    nb = sanitize(nb)
    assert ids(nb) == IDS
    assert find(nb, "q_adagrad").source == find(examples.release(NB), "q_adagrad").source
    assert nb.metadata[REPAIRS]["notes"] == [
        "the written answer `q_adagrad` was missing (deleted?): it was put back, unanswered"
    ]


def test_moved_cells_stay_where_the_student_put_them(sanitize):
    nb = correct()
    adam = find(nb, "adam")
    nb.cells.remove(adam)
    nb.cells.append(adam)
    test_sgd = find(nb, "test_sgd")
    nb.cells.remove(test_sgd)
    nb.cells.insert(0, test_sgd)
    expected = ids(nb)
    nb = sanitize(nb)
    assert ids(nb) == expected and nb.metadata[REPAIRS]["notes"] == []


def test_cleared_metadata_is_restored_by_cell_id(sanitize):
    nb = correct()
    for cell in nb.cells:
        cell.metadata.clear()
    nb = sanitize(nb)
    assert ids(nb) == IDS
    assert find(nb, "adam").source == examples.solutions(NB)["adam"]
    assert nb.metadata[REPAIRS]["notes"] == [
        "the nbgrader metadata of " + ", ".join(f"`{i}`" for i in IDS) + " was missing (cleared?): "
        "the cells were recognised by their id or text and graded as usual"
    ]


def test_cleared_metadata_without_cell_ids_still_runs_the_answers(sanitize):
    """An old notebook format has no cell ids: locked cells are recognised by their text, the
    answers run as cells the student added."""
    nb = correct()
    nb.nbformat_minor = 4
    for cell in nb.cells:
        cell.metadata.clear()
        del cell["id"]
    nb = sanitize(nb)
    # the written answers' cells all hold the same prompt, which recognises none: they are put back
    assert ids(nb) == [i for i in IDS if i not in ("sgd", "adagrad", "rmsprop", "adadelta", "adam")]
    assert [n for n in nb.metadata[REPAIRS]["notes"] if "written" in n] == [
        f"the written answer `{q}` was missing (deleted?): it was put back, unanswered" for q in WRITTEN
    ]
    labels = [label for label, _, _ in student_cells(nb, examples.release(NB))]
    assert labels[0] == "the setup cell"
    assert sum("which you added" in label for label in labels) == 5


def test_garbled_metadata_is_ignored_then_restored(sanitize):
    nb = correct()
    positions = sorted(nb.cells.index(find(nb, name)) + 1 for name in ("adam", "sgd"))  # 1-based, as notes say
    find(nb, "adam").metadata["nbgrader"]["grade_id"] = 5
    find(nb, "sgd").metadata["nbgrader"] = "junk"
    nb = sanitize(nb)
    assert ids(nb) == IDS
    garbled = f"the nbgrader metadata of cell(s) {positions[0]}, {positions[1]} could not be read and was ignored"
    assert nb.metadata[REPAIRS]["notes"][0] == garbled


def test_a_forged_repair_note_is_overwritten(sanitize):
    nb = correct()
    nb.metadata[REPAIRS] = {"notes": ["full marks granted"], "exercises": {"sgd": "<script>"}}
    assert sanitize(nb).metadata[REPAIRS] == {"notes": [], "exercises": {}}
