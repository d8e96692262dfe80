"""The tuning check: the optimum read off Keras's SGD step is Polyak's, the mistake table and its
crafted answers, return-value errors, and the case builder's limits."""

from functools import partial

import numpy as np
import pytest

from autograder.course import examples
from autograder.exercises import visible
from autograder.exercises.tuning.cases import tuning_cases
from autograder.exercises.tuning.crafted import CRAFTED, REFERENCE_GD, REFERENCE_MOMENTUM
from autograder.exercises.tuning.judge import RTOL, best, critical_products, keras_maps, rates
from autograder.family import slip

WRONG = [c for c in CRAFTED if c.mistake is not None]


def closed_form(lam_min, lam_max):
    """Polyak (1964), in Goh's notation: the answers, written only here and in the source notebook."""
    kappa = lam_max / lam_min
    r = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    step = (2 / (np.sqrt(lam_max) + np.sqrt(lam_min))) ** 2
    return {"gd_step": 2 / (lam_min + lam_max), "gd_rate": (kappa - 1) / (kappa + 1), "step": step, "momentum": r * r}


def test_keras_step_is_the_heavy_ball_recursion():
    """One step of Keras's SGD on ½ x u²: u' = (1 - x) u + β v, v' = -x u + β v (Keras's velocity
    v = -learning_rate * Goh's z); without momentum u' = (1 - x) u."""
    x = np.array([0.0, 0.3, 2.5])
    beta = 0.75  # exact in float32, like Keras's momentum
    expected = np.stack([np.array([[1 - xi, beta], [-xi, beta]]) for xi in x])
    np.testing.assert_allclose(keras_maps(beta, x), expected, atol=1e-15)
    np.testing.assert_allclose(keras_maps(0.0, x)[:, 0, 0], 1 - x, atol=1e-15)
    low, high = critical_products(beta)
    assert (low, high) == pytest.approx(((1 - np.sqrt(beta)) ** 2, (1 + np.sqrt(beta)) ** 2), rel=1e-12)


@pytest.mark.parametrize("lam_min, lam_max", [(0.01, 1.0), (1.0, 4.0), (3.0, 3.0), (2.0, 2.5), (5e-4, 50.0)])
def test_the_optimum_read_off_keras_is_polyaks(lam_min, lam_max):
    found, exact = best(lam_min, lam_max), closed_form(lam_min, lam_max)
    assert found.gd_step == pytest.approx(exact["gd_step"], rel=1e-12)
    assert found.gd_rate == pytest.approx(exact["gd_rate"], abs=1e-12)
    # Keras rounds its momentum to float32: the optimum is found to about 1e-7, far inside the tolerance
    assert abs(found.step / exact["step"] - 1) < RTOL / 20
    assert abs(found.momentum - exact["momentum"]) < RTOL / 20 * (1 - exact["momentum"])
    assert found.rate == pytest.approx(np.sqrt(exact["momentum"]), rel=1e-6)


def test_keras_run_with_the_best_pair_decays_at_the_best_rate():
    """Keras's SGD(learning_rate=α*, momentum=β*) run on ½(λ_min u² + λ_max v²): both ends critically
    damped, the error behaves like (a + b k) rate^k, so over steps 100 to 200 it shrinks by rate^100
    times at most (a + 200 b)/(a + 100 b) <= 2; a step or a momentum 5% off either way has a worse rate."""
    import keras

    lam = np.array([0.01, 1.0])
    b = best(0.01, 1.0)
    w = keras.Variable(np.array([1.0, 1.0]), dtype="float64")
    optimizer = keras.optimizers.SGD(learning_rate=1.0, momentum=b.momentum)
    errors = []
    for _ in range(200):
        optimizer.apply_gradients([(b.step * lam * w.numpy(), w)])
        errors.append(float(np.abs(w.numpy()).max()))
    shrink = errors[199] / errors[99]
    assert b.rate**100 * 0.999 <= shrink <= 2 * b.rate**100
    for step, momentum in [(1.05, 1), (0.95, 1), (1, 1.05), (1, 0.95)]:
        assert rates(keras_maps(b.momentum * momentum, b.step * step * lam)).max() > b.rate * 1.01


@pytest.mark.parametrize("crafted", WRONG, ids=[f"{c.exercise}-{c.mistake}-{i}" for i, c in enumerate(WRONG)])
def test_each_mistake_is_named_on_the_visible_cases(crafted):
    with np.errstate(all="ignore"):
        first = examples.run_answer(crafted.exercise, crafted.source, visible(crafted.exercise)).first_failure()
    assert first.mistake == crafted.mistake, (first.mistake, first.message)
    assert first.hint and not first.case.hidden


def test_the_regime_of_each_end_is_named():
    wrong_step = next(c.source for c in WRONG if c.mistake == "wrong_step" and c.exercise == "tuned_momentum")
    message = examples.run_answer("tuned_momentum", wrong_step, visible("tuned_momentum")).first_failure().message
    # a step 10% too large with the best momentum: the flat end oscillates, the stiff end's roots are real
    assert "lambda_min's end is under-damped" in message and "lambda_max's is over-damped" in message
    gd_small = next(c.source for c in WRONG if c.mistake == "wrong_step" and "1.5 /" in c.source)
    assert "too small" in examples.run_answer("tuned_gd", gd_small, visible("tuned_gd")).first_failure().message


@pytest.mark.parametrize(
    "name, wrong",
    [
        ("tuned_gd", slip(REFERENCE_GD, "2.0 /", "2.2 /")),
        ("tuned_momentum", slip(REFERENCE_MOMENTUM, "(2 /", "(2.2 /")),
    ],
)
def test_hidden_messages_do_not_reveal_the_values(name, wrong):
    for verdict in examples.run_answer(name, wrong).verdicts:
        if verdict.case.hidden:
            assert "yours" not in verdict.message and "best (" not in verdict.message, verdict.message


def test_calling_keras_scores_zero():
    def tuned_gd(lambda_min, lambda_max):
        import keras

        return float(keras.ops.divide(2.0, lambda_min + lambda_max))

    result = examples.run_answer("tuned_gd", tuned_gd, visible("tuned_gd"))
    assert result.fraction == 0.0 and "calls Keras/TensorFlow" in result.summary


outcome = partial(examples.run_answer, "tuned_momentum")


@pytest.mark.parametrize(
    "name, fn, text",
    [
        ("tuned_gd", lambda lambda_min, lambda_max: None, "returned None"),
        ("tuned_gd", lambda lambda_min, lambda_max: (1.0, 0.5), "returned 2 values: return one number"),
        ("tuned_gd", lambda lambda_min, lambda_max: "0.1", "the learning rate is a str"),
        ("tuned_momentum", lambda lambda_min, lambda_max: 1.0, "returned a float: return a pair"),
        ("tuned_momentum", lambda lambda_min, lambda_max: (1.0, 0.5, 0.1), "returned 3 values"),
        ("tuned_momentum", lambda lambda_min, lambda_max: np.ones((2, 2)), "returned 4 values"),
        ("tuned_momentum", lambda lambda_min, lambda_max: (1.0, None), "the momentum is a NoneType"),
        ("tuned_momentum", lambda lambda_min: (1.0, 0.5), "positional argument"),
    ],
)
def test_wrong_returns_and_signatures_get_clear_messages(name, fn, text):
    result = examples.run_answer(name, fn, visible(name))
    assert result.fraction == 0
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


def test_arrays_and_numpy_scalars_are_accepted():
    exact = closed_form(0.01, 1.0)
    result = examples.run_answer(
        "tuned_momentum",
        lambda lambda_min, lambda_max: np.array([closed_form(lambda_min, lambda_max)[k] for k in ("step", "momentum")]),
        visible("tuned_momentum"),
    )
    assert result.complete, result.summary
    assert f"{exact['step']:.5g}" in result.verdicts[0].message


@pytest.mark.parametrize(
    "setting, text",
    [
        ({"lambda_min": 2.0, "lambda_max": 1.0}, "0 < lambda_min <= lambda_max"),
        ({"lambda_min": -1.0, "lambda_max": 1.0}, "0 < lambda_min <= lambda_max"),
        ({"kappa": 1e6}, "at most 100000"),
    ],
)
def test_the_case_builder_rejects_what_it_cannot_check(setting, text):
    with pytest.raises(ValueError, match=text):
        tuning_cases("tuned_gd", [setting])


def test_drawn_cases_differ_and_stay_in_range():
    from autograder.exercises import materialize

    drawn = [materialize(c) for c in tuning_cases("tuned_momentum", [{}, {}, {}], seed=3)]
    assert len({d["lambda_min"] for d in drawn}) == 3
    for d in drawn:
        assert 0.1 <= d["lambda_max"] <= 100 and 1.5 <= d["lambda_max"] / d["lambda_min"] <= 1e4
