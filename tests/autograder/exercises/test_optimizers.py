"""The optimizer checks: Keras's trajectories, what they accept, the mistake table and its crafted
answers, and the typical mistakes (``TYPICAL`` of ``crafted.py``), on the visible cases
and on the cases the source notebook's test cells grade (visible and hidden)."""

import numpy as np
import pytest

from autograder.course import examples
from autograder.exercises import materialize, visible
from autograder.exercises.optimizers import EXERCISES
from autograder.exercises.optimizers.cases import optimizer_cases
from autograder.exercises.optimizers.crafted import CRAFTED, EPSILON_ELSEWHERE, TYPICAL
from autograder.exercises.optimizers.judge import RTOL, _travel, keras_run, keras_trajectories

NB = "01_optimizers"
NAMES = [e.name for e in EXERCISES]
ACCEPTED = [c for c in CRAFTED if c.mistake is None]
WRONG = [c for c in CRAFTED if c.mistake is not None]
HIDDEN_ONLY = {"ignores_epsilon"}  # no visible case sets epsilon: only a hidden case can show it


def outcome(name, answer, cases=None):
    with np.errstate(all="ignore"):  # crafted answers divide by zero on purpose
        return examples.run_answer(name, answer, cases)


def test_the_reference_is_keras_stepped_on_the_cases_gradients():
    case = optimizer_cases("sgd", [{"learning_rate": 0.5}], shapes=[(3,)], steps=2, hidden=False)[0]
    inputs = materialize(case)
    (trajectory,) = keras_trajectories(case)
    w0, g = inputs["w0"][0], inputs["grads"][0]
    np.testing.assert_allclose(trajectory[0], w0 - 0.5 * g[0], rtol=1e-6)
    np.testing.assert_allclose(trajectory[1], w0 - 0.5 * g[0] - 0.5 * g[1], rtol=1e-6)


@pytest.mark.parametrize("name", NAMES)
def test_hidden_cases_complete_the_visible_ones_within_the_budget(name):
    cases = examples.notebook_cases(name)
    hidden = [case for case in cases if case.hidden]
    assert 2 <= len(hidden) <= 4 and len(cases) <= 8
    assert any(case.params["gradients"] == "model" for case in hidden)
    assert any(case.params["scale"] == 3.0 and case.params["steps"] == 30 for case in hidden)


@pytest.mark.parametrize("crafted", ACCEPTED, ids=[f"{c.exercise}-{i}" for i, c in enumerate(ACCEPTED)])
def test_accepted_forms_pass_the_visible_cases_too(crafted):
    result = outcome(crafted.exercise, crafted.source, visible(crafted.exercise))
    assert result.complete, result.summary


@pytest.mark.parametrize("crafted", WRONG, ids=[f"{c.exercise}-{c.mistake}" for c in WRONG])
def test_each_mistake_is_named_on_the_visible_cases(crafted):
    first = outcome(crafted.exercise, crafted.source, visible(crafted.exercise)).first_failure()
    if crafted.mistake in HIDDEN_ONLY:
        assert first is None
    else:
        assert first.mistake == crafted.mistake, (first.mistake, first.message)
        assert first.hint and "likely: " in first.message


@pytest.mark.parametrize("name", NAMES)
def test_the_typical_mistake_is_the_only_one_named(name):
    """Its score and first diagnosis are the contract's (``test_contract.py``); an optimizer's
    typical mistake is also named on every case it fails."""
    source, mistake, _ = TYPICAL[name]
    result = outcome(name, source)
    assert {v.mistake for v in result.verdicts if not v.passed} == {mistake}, result.summary


def test_slots_outside_state_fail_the_cases_after_the_first():
    (slots,) = [c.source for c in WRONG if c.mistake == "slots_outside_state"]
    result = outcome("adam", slots)
    assert result.verdicts[0].passed  # the very first case starts from an empty shared state
    assert {v.mistake for v in result.verdicts if not v.passed} == {"slots_outside_state"}


@pytest.mark.parametrize("crafted", EPSILON_ELSEWHERE, ids=[c.exercise for c in EPSILON_ELSEWHERE])
def test_epsilon_in_another_textbook_place_passes_with_a_note(crafted):
    """Moving epsilon changes a step by about eps / (2 v) relative: more than RTOL for RMSprop on
    the digits-MLP gradients (coordinates of about 5e-3) and for Adam's first steps, where v is
    (1 - beta_2) g**2; the allowance for epsilon's place accepts it, with a note. Adagrad's
    accumulator starts at 0.1 or more: there epsilon's place never shows."""
    result = outcome(crafted.exercise, crafted.source)
    assert result.complete, result.summary
    noted = [v for v in result.verdicts if "epsilon placed elsewhere" in v.message]
    if crafted.source.replace(" ", "").count("np.sqrt(v)+epsilon") + crafted.source.count("np.sqrt(v + epsilon)"):
        assert noted, result.summary  # RMSprop's sqrt(v) + eps and Adam's sqrt(v + eps) show: with a note


@pytest.mark.parametrize("name", ["sgd", "adadelta"])
def test_optimizers_without_another_epsilon_place_get_no_allowance(name):
    for case in examples.notebook_cases(name):
        assert all(not a.any() for a in keras_run(case).allowance), case.label


def test_the_allowance_is_negligible_for_gradients_of_ordinary_size():
    (case,) = [c for c in examples.notebook_cases("rmsprop") if c.params["gradients"] == "gaussian"][:1]
    run = keras_run(case)
    assert max(a.max() for a in run.allowance) < 0.1 * RTOL * _travel(run.trajectories, materialize(case)["w0"])


def adam_keras(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    import keras

    if "opt" not in state:
        state["opt"] = keras.optimizers.Adam(learning_rate, beta_1, beta_2, epsilon)
        state["var"] = keras.Variable(w.astype("float32"))
    state["opt"].apply_gradients([(g.astype("float32"), state["var"])])
    return state["var"].numpy()


def test_calling_keras_scores_zero():
    result = outcome("adam", adam_keras)
    assert result.fraction == 0.0
    assert "calls Keras/TensorFlow" in result.summary


@pytest.mark.parametrize(
    "fn, text",
    [
        (lambda w, g, state, **kw: None, "returned None"),
        (lambda w, g, state, **kw: w.ravel(), "returned an array of shape"),
        (lambda w, g, state, **kw: "w", "not an array of numbers"),
        (lambda w, g, state, **kw: w / 0.0 * 0, "NaN or infinite"),
        (lambda w, g, state: w, "unexpected keyword argument"),
    ],
)
def test_wrong_returns_and_signatures_get_clear_messages(fn, text):
    result = outcome("sgd", fn, visible("sgd"))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


def test_a_failing_case_carries_a_plot_of_the_trajectory():
    from autograder.report.render import outputs

    result = outcome("adagrad", TYPICAL["adagrad"][0], visible("adagrad"))
    html, text, png = outputs(result, points=2)
    assert png is not None and png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "data:image/png;base64" in html and "0/2 points" in text
