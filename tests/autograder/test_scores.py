"""Scores as people read them: 2 decimals in the terminal table and the reports, 4 in the CSVs
(so that a notebook's score is exactly the sum of its exercises'), and every report and every
graded notebook's header saying how partial credit is computed."""

from decimal import Decimal
from html import escape

import nbformat
import pytest

from autograder.cases import Case
from autograder.course import examples
from autograder.course.export import _score
from autograder.course.grading import CellGrade
from autograder.exercises import registry
from autograder.judging import CaseVerdict, ExerciseResult, points_text
from autograder.report.render import PARTIAL_CREDIT, html, text
from autograder.report.table import format_table


@pytest.mark.parametrize(
    "score, shown", [(0.2857, "0.29"), (1.6154, "1.62"), (13.1332, "13.13"), (2.0, "2"), (0.0, "0"), (1.5, "1.5")]
)
def test_a_score_is_shown_with_two_decimals(score, shown):
    assert points_text(score) == shown


def test_the_terminal_table_rounds_to_two_decimals():
    table = format_table(
        [["ben", "01", "sgd", 0.2857, 2.0, "", "auto"], ["ben", "01", "adam", 13.1332, 22.0, "", "auto"]]
    )
    assert "0.29/2" in table and "13.13/22" in table and "13.42/24" in table
    assert "0.2857" not in table and "13.1332" not in table
    assert "written" not in table and "+?" not in table  # no written answer, no column for them


def test_the_terminal_table_sums_the_written_answers_in_one_column_marked_until_graded():
    rows = [
        ["ada", "01", "sgd", 2.0, 2.0, "", "auto"],
        ["ada", "01", "q_momentum", 0.5, 1.0, "", "manual"],
        ["ada", "02", "q_saddle", "ungraded", 2.0, "", "manual"],
        ["cleo", "01", "sgd", 0.0, 2.0, "", "auto"],
        ["cleo", "01", "q_momentum", 0.0, 1.0, "No response.", "manual"],
        ["cleo", "02", "q_saddle", 0.0, 2.0, "No response.", "manual"],
    ]
    lines = format_table(rows).splitlines()
    columns = {line.split("|")[0].strip(): [part.strip() for part in line.split("|")[1:]] for line in lines[:4]}
    assert columns["student"] == ["sgd", "written", "total"]
    assert columns["ada"] == ["2/2", "0.5/3+?", "2.5/5"] and columns["cleo"] == ["0/2", "0/3", "0/5"]
    assert "written answers still to grade by hand" in lines[-1]


def _result(passed: int, total: int) -> ExerciseResult:
    case = Case.make("sgd", "a case")
    verdicts = [CaseVerdict(case, i < passed, "ok" if i < passed else "wrong") for i in range(total)]
    return ExerciseResult("sgd", "keras.optimizers.SGD", verdicts)


def test_a_report_rounds_its_score_and_says_how_partial_credit_is_computed():
    result = _result(4, 7)  # 4/7 of 2 points = 1.142857...
    assert "1.14/2 points (4/7 cases)" in text(result, 2.0)
    assert PARTIAL_CREDIT in text(result, 2.0) and escape(PARTIAL_CREDIT) in html(result, 2.0)
    assert "hidden cases included" in PARTIAL_CREDIT


def test_the_csv_scores_keep_four_decimals_and_sum_exactly():
    """A cell's score is rounded to 4 decimals when graded; the notebook's, a float sum of those,
    is written with 4 decimals too, and equals the decimal sum of its exercises' exactly."""
    cells = [
        CellGrade(name, points, _result(p, t))
        for name, points, p, t in [("a", 2.0, 4, 7), ("b", 3.0, 7, 13), ("c", 1.0, 1, 3), ("d", 2.0, 5, 8)]
    ]
    scores = [cell.score for cell in cells]
    assert all(Decimal(str(s)).as_tuple().exponent >= -4 for s in scores)
    total = _score(sum(scores))
    assert Decimal(str(total)) == sum(Decimal(str(s)) for s in scores)


NOTEBOOKS = sorted({exercise.notebook for exercise in registry().values()})


@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_every_graded_notebook_says_how_partial_credit_is_computed(notebook):
    from autograder.course import layout

    header = nbformat.read(layout.source_notebook(notebook), as_version=4).cells[0].source
    assert "share of its cases that pass" in header and "hidden cases included" in header, header


def test_a_graded_check_reports_the_rounded_score():
    result = examples.run_answer(
        "sgd",
        "def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):\n    return w - learning_rate * g\n",
    )
    shown = text(result, 2.0)
    assert f"{points_text(result.fraction * 2.0)}/2 points" in shown
