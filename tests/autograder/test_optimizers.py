"""The optimizer checks: Keras's trajectories, what they accept, and the mistakes they name.

The implementations below are crafted student answers (correct ones in several accepted forms,
and one function per known mistake); the expected verdicts come from the algorithms, not from
the grader's output.
"""

import numpy as np
import pytest

from autograder.checks import run_here
from autograder.exercises import materialize, visible
from autograder.exercises.optimizers.cases import optimizer_cases
from autograder.exercises.optimizers.judge import keras_trajectories


def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    if momentum == 0:
        return w - learning_rate * g
    m = momentum * state.get("m", np.zeros_like(w)) - learning_rate * g
    state["m"] = m
    return w + momentum * m - learning_rate * g if nesterov else w + m


def sgd_textbook(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    v = momentum * state.get("v", 0) + g  # v = beta v + g; w -= lr v
    state["v"] = v
    return w - learning_rate * (momentum * v + g if nesterov else v)


def sgd_float32_inplace(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    w, g = w.astype(np.float32), g.astype(np.float32)
    m = state.setdefault("m", np.zeros_like(w))
    m *= np.float32(momentum)
    m -= np.float32(learning_rate) * g
    w += np.float32(momentum) * m - np.float32(learning_rate) * g if nesterov else m
    return w


def sgd_no_nesterov(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    return sgd(w, g, state, learning_rate, momentum, False)


def sgd_no_momentum(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    return w - learning_rate * g


def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    acc = state.get("acc", np.full_like(w, initial_accumulator_value)) + g * g
    state["acc"] = acc
    return w - learning_rate * g / np.sqrt(acc + epsilon)


def adagrad_goodfellow(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    acc = state.get("acc", np.full_like(w, initial_accumulator_value)) + g * g
    state["acc"] = acc
    return w - learning_rate * g / (epsilon + np.sqrt(acc))


def adagrad_zero_start(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    acc = state.get("acc", np.zeros_like(w)) + g * g
    state["acc"] = acc
    return w - learning_rate * g / np.sqrt(acc + epsilon)


def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    v = rho * state.get("v", np.zeros_like(w)) + (1 - rho) * g * g
    state["v"] = v
    step = learning_rate * g / np.sqrt(v + epsilon)
    if momentum > 0:
        step = momentum * state.get("mom", np.zeros_like(w)) + step
        state["mom"] = step
    return w - step


def rmsprop_no_sqrt(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    v = rho * state.get("v", np.zeros_like(w)) + (1 - rho) * g * g
    state["v"] = v
    step = learning_rate * g / (v + epsilon)
    if momentum > 0:
        step = momentum * state.get("mom", np.zeros_like(w)) + step
        state["mom"] = step
    return w - step


def rmsprop_no_one_minus_rho(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    v = rho * state.get("v", np.zeros_like(w)) + g * g
    state["v"] = v
    step = learning_rate * g / np.sqrt(v + epsilon)
    if momentum > 0:
        step = momentum * state.get("mom", np.zeros_like(w)) + step
        state["mom"] = step
    return w - step


def adadelta(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    eg = rho * state.get("eg", np.zeros_like(w)) + (1 - rho) * g * g
    edx = state.get("edx", np.zeros_like(w))
    dx = -np.sqrt(edx + epsilon) / np.sqrt(eg + epsilon) * g
    state.update(eg=eg, edx=rho * edx + (1 - rho) * dx * dx)
    return w + learning_rate * dx


def adadelta_no_lr(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    return adadelta(w, g, state, 1.0, rho, epsilon)


def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m = beta_1 * state.get("m", np.zeros_like(w)) + (1 - beta_1) * g
    v = beta_2 * state.get("v", np.zeros_like(w)) + (1 - beta_2) * g * g
    state.update(t=t, m=m, v=v)
    return w - learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (np.sqrt(v) + epsilon)


def adam_kingma(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m = beta_1 * state.get("m", np.zeros_like(w)) + (1 - beta_1) * g
    v = beta_2 * state.get("v", np.zeros_like(w)) + (1 - beta_2) * g * g
    state.update(t=t, m=m, v=v)
    return w - learning_rate * (m / (1 - beta_1**t)) / (np.sqrt(v / (1 - beta_2**t)) + epsilon)


def _adam_with(t_of, correct=True, sqrt=True, swap=False, one_minus=(True, True)):
    def step(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
        b1, b2 = (beta_2, beta_1) if swap else (beta_1, beta_2)
        t = t_of(state)
        m = b1 * state.get("m", np.zeros_like(w)) + ((1 - b1) if one_minus[0] else 1) * g
        v = b2 * state.get("v", np.zeros_like(w)) + ((1 - b2) if one_minus[1] else 1) * g * g
        state.update(m=m, v=v)
        with np.errstate(divide="ignore", invalid="ignore"):  # a counter from 0 divides 0 by 0, as a student's would
            alpha = learning_rate * np.sqrt(1 - b2**t) / (1 - b1**t) if correct else learning_rate
        root = np.sqrt(v) if sqrt else v
        return w - alpha * m / (root + epsilon)

    return step


def _counter(state):
    state["t"] = state.get("t", 0) + 1
    return state["t"]


def _counter_from_zero(state):
    t = state.get("t", 0)
    state["t"] = t + 1
    return t


_SHARED = {}


def adam_global_slots(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    return adam(w, g, _SHARED, learning_rate, beta_1, beta_2, epsilon)


def adam_keras(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    import keras

    if "opt" not in state:
        state["opt"] = keras.optimizers.Adam(learning_rate, beta_1, beta_2, epsilon)
        state["var"] = keras.Variable(w.astype("float32"))
    state["opt"].apply_gradients([(g.astype("float32"), state["var"])])
    return state["var"].numpy()


def hidden(name):
    """Hidden-style cases: other hyperparameters, 30 steps, larger gradients, another model seed."""
    settings = {
        "sgd": [{"learning_rate": 0.03, "momentum": 0.99}, {"learning_rate": 0.01, "momentum": 0.5, "nesterov": True}],
        "adagrad": [{"learning_rate": 0.2, "initial_accumulator_value": 1.0}, {"epsilon": 1e-6}],
        "rmsprop": [{"learning_rate": 0.02, "rho": 0.95, "momentum": 0.8}, {"epsilon": 1e-6}],
        "adadelta": [{"learning_rate": 2.0, "rho": 0.8}, {"learning_rate": 0.1}],
        "adam": [{"learning_rate": 0.05, "beta_1": 0.85, "beta_2": 0.995}, {"epsilon": 1e-6}],
    }[name]
    return optimizer_cases(name, settings, shapes=[(7,), (4, 2)], steps=30, seed=11, scale=3.0) + optimizer_cases(
        name, [{"learning_rate": 0.003}], gradients="model", steps=30, seed=12
    )


def outcome(name, fn):
    result = run_here(name, fn, visible(name) + hidden(name))
    mistakes = {v.mistake for v in result.verdicts if not v.passed}
    return result, mistakes


@pytest.mark.parametrize(
    "name, fn",
    [
        ("sgd", sgd),
        ("sgd", sgd_textbook),
        ("sgd", sgd_float32_inplace),
        ("adagrad", adagrad),
        ("adagrad", adagrad_goodfellow),
        ("rmsprop", rmsprop),
        ("adadelta", adadelta),
        ("adam", adam),
        ("adam", adam_kingma),
        ("adam", _adam_with(_counter)),
    ],
)
def test_correct_and_accepted_forms_pass_every_case(name, fn):
    result, mistakes = outcome(name, fn)
    assert result.complete, result.summary


@pytest.mark.parametrize(
    "name, fn, mistake",
    [
        ("sgd", sgd_no_nesterov, "nesterov_ignored"),
        ("sgd", sgd_no_momentum, "momentum_ignored"),
        ("adagrad", adagrad_zero_start, "accumulator_at_zero"),
        ("rmsprop", rmsprop_no_sqrt, "missing_sqrt"),
        ("rmsprop", rmsprop_no_one_minus_rho, "missing_one_minus_rho"),
        ("adadelta", adadelta_no_lr, "no_learning_rate"),
        ("adam", _adam_with(_counter, correct=False), "no_bias_correction"),
        ("adam", _adam_with(lambda state: 1), "counter_stuck"),
        ("adam", _adam_with(_counter_from_zero), "counter_from_zero"),
        ("adam", _adam_with(_counter, swap=True), "betas_swapped"),
        ("adam", _adam_with(_counter, one_minus=(False, True)), "missing_one_minus_beta_1"),
        ("adam", _adam_with(_counter, one_minus=(True, False)), "missing_one_minus_beta_2"),
        ("adam", _adam_with(_counter, sqrt=False), "missing_sqrt"),
    ],
)
def test_each_mistake_is_named(name, fn, mistake):
    result, mistakes = outcome(name, fn)
    assert not result.complete
    assert mistake in mistakes, (mistake, mistakes, result.summary)
    assert "leaves Keras at step" in result.summary


def test_slots_outside_state_fail_the_cases_after_the_first():
    _SHARED.clear()
    result, mistakes = outcome("adam", adam_global_slots)
    assert result.verdicts[0].passed  # the very first case starts from an empty shared state
    assert mistakes == {"slots_outside_state"}


def test_calling_keras_scores_zero():
    result, _ = outcome("adam", adam_keras)
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
    with np.errstate(all="ignore"):
        result = run_here("sgd", fn, visible("sgd"))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


def test_reference_is_keras_stepped_on_the_cases_gradients():
    case = optimizer_cases("sgd", [{"learning_rate": 0.5}], shapes=[(3,)], steps=2, hidden=False)[0]
    inputs = materialize(case)
    (trajectory,) = keras_trajectories(case)
    w0, g = inputs["w0"][0], inputs["grads"][0]
    np.testing.assert_allclose(trajectory[0], w0 - 0.5 * g[0], rtol=1e-6)
    np.testing.assert_allclose(trajectory[1], w0 - 0.5 * g[0] - 0.5 * g[1], rtol=1e-6)


def test_a_failing_case_carries_a_plot_of_the_trajectory():
    from autograder.report.render import outputs

    result, _ = outcome("adagrad", adagrad_zero_start)
    html, text, png = outputs(result, points=2)
    assert png is not None and png[:8] == b"\x89PNG\r\n\x1a\n"
    assert "data:image/png;base64" in html and "0/2 points" in text


def adadelta_float64_slots(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    eg = rho * state.get("eg", np.zeros(w.shape)) + (1 - rho) * g * g  # float64 slots: tiny steps, float32 w
    edx = state.get("edx", np.zeros(w.shape))
    dx = -np.sqrt(edx + epsilon) / np.sqrt(eg + epsilon) * g
    state.update(eg=eg, edx=rho * edx + (1 - rho) * dx * dx)
    return w + learning_rate * dx


def rmsprop_epsilon_outside(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    v = rho * state.get("v", np.zeros_like(w)) + (1 - rho) * g * g  # the legacy tf.keras form
    state["v"] = v
    step = learning_rate * g / (np.sqrt(v) + epsilon)
    if momentum > 0:
        step = momentum * state.get("mom", np.zeros_like(w)) + step
        state["mom"] = step
    return w - step


def test_tiny_steps_are_judged_at_float32_resolution():
    result, _ = outcome("adadelta", adadelta_float64_slots)
    assert result.complete, result.summary


def test_epsilon_in_another_place_is_named_when_it_shows():
    result, mistakes = outcome("rmsprop", rmsprop_epsilon_outside)
    assert mistakes <= {"epsilon_placement"}, result.summary
    assert all(v.passed for v in result.verdicts if v.case.params["gradients"] == "gaussian")
