"""What a student reads under a check: the diagnosis its failing cases share stated once, not in
the headline, every row and the exception line; plain labels on the trajectory plot."""

import re

import numpy as np
import pytest

from autograder.cases import Case
from autograder.checks import CheckFailed, check, run_here
from autograder.exercises import visible
from autograder.judging import CaseVerdict, ExerciseResult
from autograder.report.plots import trajectory_figure
from autograder.report.render import html, outputs, shared_diagnosis, text


def unanswered(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    raise NotImplementedError()


def no_bias_correction(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    m = state["m"] = beta_1 * state.get("m", 0) + (1 - beta_1) * g
    v = state["v"] = beta_2 * state.get("v", 0) + (1 - beta_2) * g * g
    return w - learning_rate * m / (np.sqrt(v) + epsilon)


@pytest.mark.parametrize(
    "answer, diagnosis",
    [(unanswered, "not answered yet"), (no_bias_correction, "no bias correction")],
    ids=["unanswered", "a mistake"],
)
def test_a_report_states_its_diagnosis_once(answer, diagnosis):
    result = run_here("adam", answer, visible("adam"))
    assert result.total > 2 and result.passed == 0
    assert diagnosis in shared_diagnosis(result)
    assert text(result, 2.0).count(diagnosis) == 1, text(result, 2.0)
    page, _, _ = outputs(result, 2.0)
    assert page.count(diagnosis) == 1
    # every case still has its row, with what is particular to it (the step it leaves Keras at)
    assert len(re.findall(r"XX +case \d", text(result))) == result.total


def test_the_failed_check_line_names_no_diagnosis(capsys):
    with pytest.raises(CheckFailed) as info:
        check(_as_adam(no_bias_correction))
    assert str(info.value) == f"adam: 0/{len(visible('adam'))} cases pass (the report above says why)"
    shown = capsys.readouterr().out
    assert shown.count("no bias correction") == 1, shown


def _as_adam(fn):
    global adam
    adam = fn  # bound to a graded name: check() recognises it by that name
    return adam


def test_cases_failing_differently_keep_their_own_messages():
    case = Case.make("sgd", "a case")
    verdicts = [CaseVerdict(case, False, "leaves Keras at step 3; likely: A"), CaseVerdict(case, False, "raised X")]
    result = ExerciseResult("sgd", "keras.optimizers.SGD", verdicts)
    assert shared_diagnosis(result) == ""
    assert "likely: A" in text(result) and "raised X" in text(result) and "likely: A" in html(result)


def test_one_failing_case_keeps_its_whole_message():
    case = Case.make("sgd", "a case")
    result = ExerciseResult(
        "sgd", "keras.optimizers.SGD", [CaseVerdict(case, True, "ok"), CaseVerdict(case, False, "x; y")]
    )
    assert shared_diagnosis(result) == "" and "a case: x; y" in text(result)


def test_the_trajectory_plot_says_weight_coordinates():
    data = {"kind": "trajectory", "keras": [[0.0], [1.0]], "student": [[0.0], [2.0]], "coords": [0], "title": "t"}
    assert trajectory_figure(data).axes[0].get_ylabel() == "weight coordinates"
    assert trajectory_figure({**data, "parameter": 1}).axes[0].get_ylabel() == "weight coordinates (tensor 2)"


def test_hidden_cases_saying_only_their_outcome_do_not_hide_the_visible_cases_diagnosis():
    shown, hidden = Case.make("sgd", "a case"), Case.make("sgd", "secret", hidden=True)
    verdicts = [
        CaseVerdict(shown, False, "leaves Keras at step 1 of 20; likely: A"),
        CaseVerdict(shown, False, "leaves Keras at step 2 of 25; likely: A"),
        CaseVerdict(hidden, False, "differs from the reference"),
    ]
    result = ExerciseResult("sgd", "keras.optimizers.SGD", verdicts)
    assert shared_diagnosis(result) == "likely: A"
    assert text(result).count("likely: A") == 1 and "hidden case: differs from the reference" in text(result)
