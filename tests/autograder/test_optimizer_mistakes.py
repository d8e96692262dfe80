"""Notebook 1's graded cases, as its source notebook's test cells plan them (visible + hidden):
the source's answers and the accepted textbook forms pass every case, each typical mistake of
``examples/mistakes/01_optimizers.py`` is named and keeps exactly the cases it should."""

from fractions import Fraction
from functools import cache

import nbformat
import numpy as np
import pytest

from autograder.checks import planning, planning_namespace, run_here
from autograder.course import examples, layout

NB = "01_optimizers"
EXERCISES = ["sgd", "adagrad", "rmsprop", "adadelta", "adam"]
ANSWERS, EXPECTED = examples.mistakes(NB)


@cache
def graded_test_cells() -> dict[str, str]:
    nb = nbformat.read(layout.source_notebook(NB), as_version=4)
    return {
        meta["grade_id"].removeprefix("test_"): cell.source
        for cell in nb.cells
        if (meta := cell.metadata.get("nbgrader", {})).get("grade") and not meta.get("solution")
    }


@cache
def notebook_cases(name: str) -> tuple:
    """Every case the test cell of ``name`` checks, visible and hidden, in order."""
    with planning() as plan:
        exec(graded_test_cells()[name], planning_namespace())
    assert {exercise for exercise, _ in plan} == {name}
    return tuple(case for _, cases in plan for case in cases)


def define(source: str, name: str):
    """The function an answer cell defines (the setup cell gives it ``np``)."""
    namespace = {"np": np}
    exec(source, namespace)
    return namespace[name]


def test_every_exercise_has_its_mistake_on_file():
    assert sorted(ANSWERS) == sorted(EXPECTED) == sorted(EXERCISES)


@pytest.mark.parametrize("name", EXERCISES)
def test_hidden_cases_complete_the_visible_ones_within_the_budget(name):
    cases = notebook_cases(name)
    hidden = [case for case in cases if case.hidden]
    assert 2 <= len(hidden) <= 4 and len(cases) <= 8
    assert any(case.params["gradients"] == "model" for case in hidden)
    assert any(case.params["scale"] == 3.0 and case.params["steps"] == 30 for case in hidden)


@pytest.mark.parametrize("name", EXERCISES)
def test_the_source_answer_passes_every_case(name):
    result = run_here(name, define(examples.solutions(NB)[name], name), list(notebook_cases(name)))
    assert result.complete, result.summary


@pytest.mark.parametrize("name", EXERCISES)
def test_each_typical_mistake_is_named_and_scored(name):
    mistake, passed = EXPECTED[name]
    result = run_here(name, define(ANSWERS[name], name), list(notebook_cases(name)))
    assert f"{result.passed}/{result.total}" == passed, result.summary
    assert Fraction(passed) == Fraction(result.passed, result.total)
    assert {v.mistake for v in result.verdicts if not v.passed} == {mistake}, result.summary
    assert result.first_failure().mistake == mistake


# ----------------------------------------------------------------------------- accepted forms


def sgd_textbook(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    v = momentum * state.get("v", 0.0) + g  # v = beta v + g; w -= lr v
    state["v"] = v
    return w - learning_rate * (momentum * v + g if nesterov else v)


def sgd_float32_inplace(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    lr, mu = np.float32(learning_rate), np.float32(momentum)
    if momentum == 0:
        w -= lr * g
        return w
    m = state.setdefault("m", np.zeros_like(w))
    m *= mu
    m -= lr * g
    w += mu * m - lr * g if nesterov else m
    return w


def adagrad_goodfellow(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    r = state.get("r", np.full_like(w, initial_accumulator_value)) + g * g
    state["r"] = r
    return w - learning_rate / (epsilon + np.sqrt(r)) * g  # delta outside the root (Algorithm 8.4)


def adagrad_float32_inplace(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    acc = state.setdefault("acc", np.full_like(w, np.float32(initial_accumulator_value)))
    acc += g * g
    w -= np.float32(learning_rate) * g / np.sqrt(acc + np.float32(epsilon))
    return w


def rmsprop_goodfellow(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    r = rho * state.get("r", 0.0) + (1 - rho) * g * g
    state["r"] = r
    velocity = momentum * state.get("velocity", 0.0) - learning_rate * g / np.sqrt(epsilon + r)
    state["velocity"] = velocity
    return w + velocity


def rmsprop_float32_inplace(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    v = state.setdefault("v", np.zeros_like(w))
    v *= np.float32(rho)
    v += np.float32(1 - rho) * g * g
    increment = np.float32(learning_rate) * g / np.sqrt(v + np.float32(epsilon))
    if momentum > 0:
        mom = state.setdefault("mom", np.zeros_like(w))
        mom *= np.float32(momentum)
        mom += increment
        increment = mom
    w -= increment
    return w


def adadelta_float32_inplace(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    eps = np.float32(epsilon)
    eg = state.setdefault("eg", np.zeros_like(w))
    edx = state.setdefault("edx", np.zeros_like(w))
    eg *= np.float32(rho)
    eg += np.float32(1 - rho) * g * g
    dx = -(np.sqrt(edx + eps) * g) / np.sqrt(eg + eps)
    edx *= np.float32(rho)
    edx += np.float32(1 - rho) * dx * dx
    w += np.float32(learning_rate) * dx
    return w


def adam_kingma(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m = beta_1 * state.get("m", 0.0) + (1 - beta_1) * g
    v = beta_2 * state.get("v", 0.0) + (1 - beta_2) * g * g
    state.update(t=t, m=m, v=v)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)  # epsilon outside sqrt(v_hat) (Algorithm 1)


def adam_float32_inplace(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state["t"] = state.get("t", 0) + 1
    m = state.setdefault("m", np.zeros_like(w))
    v = state.setdefault("v", np.zeros_like(w))
    m += (g - m) * np.float32(1 - beta_1)
    v += (g * g - v) * np.float32(1 - beta_2)
    w -= np.float32(learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)) * m / (np.sqrt(v) + np.float32(epsilon))
    return w


@pytest.mark.parametrize(
    "name, fn",
    [
        ("sgd", sgd_textbook),
        ("sgd", sgd_float32_inplace),
        ("adagrad", adagrad_goodfellow),
        ("adagrad", adagrad_float32_inplace),
        ("rmsprop", rmsprop_goodfellow),
        ("rmsprop", rmsprop_float32_inplace),
        ("adadelta", adadelta_float32_inplace),
        ("adam", adam_kingma),
        ("adam", adam_float32_inplace),
    ],
)
def test_accepted_textbook_forms_pass_every_case(name, fn):
    result = run_here(name, fn, list(notebook_cases(name)))
    assert result.complete, result.summary
