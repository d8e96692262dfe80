"""The initializer checks: Keras's statistics, what they accept, and the mistakes they name.

The crafted student answers live in ``autograder/exercises/initializers/crafted.py``: correct ones
in several accepted forms (a plain or a truncated normal for He, float32 or float64, other ways of
drawing the same distribution) and at least one per row of the mistake table. The expected
verdicts come from the formulas, not from the grader's output. The statistical bounds themselves
are checked by simulation at a loose ``alpha`` (where a violation would show), and the correct
answers on many seeds at the grader's own.
"""

import numpy as np
import pytest

from autograder.checks import run_here
from autograder.course import examples
from autograder.exercises import collect, judge, materialize, visible
from autograder.exercises.initializers import judge as cmp
from autograder.exercises.initializers.cases import initializer_cases
from autograder.exercises.initializers.crafted import CRAFTED
from autograder.sandbox.process import Sandbox
from autograder.settings import GraderSettings

TRUNC = 0.87962566103423978
CORRECT = [c for c in CRAFTED if c.mistake is None]
MISTAKEN = [c for c in CRAFTED if c.mistake is not None]


def ids(crafted):
    return [f"{c.exercise}-{c.mistake}-{i}" for i, c in enumerate(crafted)]


def answer(crafted):
    """The function a crafted answer cell defines, after the notebook's setup cell."""
    return examples.define(crafted.exercise, crafted.source)


# Keras's HeNormal as a student may write it: truncated at 2 standard deviations and rescaled
he_truncated = answer(next(c for c in CORRECT if c.exercise == "he_normal" and "while bad.any()" in c.source))


def named(fn, name):
    """A student's function under the graded name (the checks find the exercise by name)."""

    def wrapper(shape, rng):
        return fn(shape, rng)

    wrapper.__name__ = name
    return wrapper


def all_cases(exercise):
    return (
        visible(exercise)
        + initializer_cases(exercise, shapes=[[1000, 10], [300, 200]], seed=7)
        + initializer_cases(exercise, shapes=[[40, 50]], scenario="draws", seed=11)
    )


@pytest.mark.parametrize("crafted", CORRECT, ids=ids(CORRECT))
def test_correct_answers_pass_every_visible_and_hidden_case(crafted):
    result = run_here(crafted.exercise, answer(crafted), all_cases(crafted.exercise))
    assert result.complete, result.summary
    assert all(v.message for v in result.verdicts)


SHAPES = [[1, 1], [2, 3], [7, 1], [3, 300], [64, 64], [500, 20], [20, 500], [300, 200]]


@pytest.mark.parametrize("exercise", ["glorot_uniform", "he_normal"])
def test_correct_answers_pass_on_many_seeds_and_shapes(exercise):
    """100 seeds x 8 shapes (from one weight to 60,000) x every accepted form: no false failure."""
    for crafted in [c for c in CORRECT if c.exercise == exercise]:
        student = answer(crafted)
        for seed in range(100):
            cases = initializer_cases(exercise, shapes=SHAPES, seed=1000 * seed + 1)
            cases += initializer_cases(exercise, shapes=[[5, 4], [64, 32]], scenario="draws", seed=1000 * seed + 2)
            result = run_here(exercise, student, cases)
            assert result.complete, (crafted.source, seed, result.summary)


# ----------------------------------------------------------------------------- the bounds themselves


def simulated(family, rng, trials, n):
    """``trials`` samples of ``n`` weights of ``family``, standard deviation 1."""
    if family == "normal":
        return rng.normal(size=(trials, n))
    if family == "uniform":
        return rng.uniform(-np.sqrt(3), np.sqrt(3), size=(trials, n))
    z = rng.normal(size=trials * n * 2)
    return z[np.abs(z) <= 2][: trials * n].reshape(trials, n) / TRUNC


@pytest.mark.parametrize("family", ["normal", "uniform", "truncated normal"])
def test_variance_bounds_cover_at_least_their_level(family):
    """At alpha = 0.05 the bounds of mean(w^2)/sigma^2 must hold in at least 95% of samples
    (Bernstein's are conservative; the chi-square ones exact)."""
    n, trials, alpha = 200, 4000, 0.05
    ratio = np.mean(simulated(family, np.random.default_rng(0), trials, n) ** 2, axis=1)
    lo, hi = cmp.variance_bounds(n, family, alpha=alpha)
    missed = np.mean((ratio < lo) | (ratio > hi))
    assert missed <= alpha
    if family == "normal":  # exact: close to alpha, not far below
        assert missed > alpha / 3


def test_tail_probabilities_match_simulation():
    rng = np.random.default_rng(1)
    z = rng.normal(size=2_000_000)
    truncated = z[np.abs(z) <= 2] / TRUNC
    assert np.isclose(np.std(truncated), 1.0, atol=2e-3)
    for c in (1.5, 1.8, 2.0):
        assert np.isclose(cmp.tail_probability("normal", c), np.mean(np.abs(z) > c), atol=1e-3)
        assert np.isclose(cmp.tail_probability("truncated normal", c), np.mean(np.abs(truncated) > c), atol=1e-3)
    assert cmp.tail_probability("uniform", 1.8) == 0.0


def test_keras_reference_is_drawn_from_keras():
    glorot = cmp.keras_reference("glorot_uniform", (500, 20))
    assert glorot.m >= cmp.REFERENCE_VALUES
    assert np.isclose(glorot.max_abs, np.sqrt(6 / 520), rtol=1e-4)
    assert np.isclose(glorot.var, 2 / 520, rtol=0.01)
    he = cmp.keras_reference("he_normal", (20, 500))
    assert np.isclose(he.var, 2 / 20, rtol=0.01)
    assert he.max_abs <= 2 * np.sqrt(2 / 20) / TRUNC * (1 + 1e-6)  # Keras truncates


def test_family_of_reads_the_shape_of_the_distribution():
    rng = np.random.default_rng(2)
    assert cmp.family_of(rng.uniform(-1, 1, 20000)) == "uniform"
    assert cmp.family_of(rng.normal(size=20000)) == "normal"
    assert cmp.family_of(he_truncated((20000, 1), rng).ravel()) == "truncated normal"


# ----------------------------------------------------------------------------- the mistakes


def normal(std):
    return lambda shape, rng: rng.normal(0.0, std(*shape), size=shape)


DRAW_IDS = {m.id for m in cmp.DRAWS}
WEIGHT_IDS = {m.id for m in cmp.WEIGHTS}


@pytest.mark.parametrize("crafted", MISTAKEN, ids=ids(MISTAKEN))
def test_each_mistake_fails_visibly_and_is_named(crafted):
    result = run_here(crafted.exercise, answer(crafted), all_cases(crafted.exercise))
    assert not result.complete
    first = result.first_failure()
    assert not first.case.hidden, "a visible case shows the mistake"
    assert first.mistake == crafted.mistake, (first.mistake, first.message)
    assert first.hint
    if crafted.mistake not in WEIGHT_IDS:  # only the cases of its kind fail
        failing = {v.case.params["scenario"] for v in result.verdicts if not v.passed}
        assert failing == {"draws" if crafted.mistake in DRAW_IDS else "distribution"}


def rows_recognised(crafted) -> set[int]:
    """The rows of the mistake table (by identity) that recognise the crafted answer on the visible cases."""
    fn, found = answer(crafted), set()
    for case in visible(crafted.exercise):
        inputs = materialize(case)
        outputs = [np.asarray(o, dtype=np.float64) for o in collect(crafted.exercise, fn, inputs)["outputs"]]
        if case.params["scenario"] == "draws":
            row = cmp.draws_mistake(crafted.exercise, outputs, False)
        else:
            fans = tuple(inputs["shape"])
            ref = cmp.keras_reference(crafted.exercise, fans)
            row = cmp.distribution_mistake(cmp.Seen(crafted.exercise, fans, cmp.Sample.of(outputs[0]), ref, False))
        if row:
            found.add(id(row[0]))
    return found


def test_every_row_of_the_table_recognises_a_crafted_answer():
    """Rows that share an id (a slip and the fallback for the same distribution) are told apart."""
    recognised = set().union(*(rows_recognised(c) for c in MISTAKEN))
    missing = [(m.id, sorted(m.exercises)) for m in cmp.MISTAKES if id(m) not in recognised]
    assert not missing


def test_fan_mistakes_fail_on_non_square_shapes_and_pass_where_the_fans_are_equal():
    # He with fan_out: right on a square kernel, 25 times off on (500, 20) and (20, 500)
    fn = named(normal(lambda i, o: np.sqrt(2 / o)), "he_normal")
    result = run_here("he_normal", fn, initializer_cases("he_normal", shapes=[[500, 20], [20, 500], [128, 128]]))
    assert [v.passed for v in result.verdicts] == [False, False, True]
    assert result.verdicts[0].mistake == result.verdicts[1].mistake == "fan_out"


def test_glorot_normal_in_he_normal_is_caught_where_the_fans_differ_enough():
    fn = named(normal(lambda i, o: np.sqrt(2 / (i + o))), "he_normal")
    result = run_here("he_normal", fn, all_cases("he_normal"))
    # (500, 20): 2/520 against 2/500, within sampling error: passes; (20, 500) and (128, 128) do not
    assert [v.passed for v in result.verdicts[:3]] == [True, False, False]
    assert result.verdicts[1].mistake == "glorot_variance"
    assert "cannot tell it from" in result.verdicts[2].message  # square: LeCun's 1/fan_in is the same


@pytest.mark.parametrize("exercise", ["glorot_uniform", "he_normal"])
def test_uses_keras_scores_zero(exercise):
    def via_keras(shape, rng):
        import keras

        cls = keras.initializers.GlorotUniform if exercise == "glorot_uniform" else keras.initializers.HeNormal
        return np.asarray(cls(seed=int(rng.integers(1 << 30)))(shape))

    result = run_here(exercise, named(via_keras, exercise), all_cases(exercise))
    assert result.fraction == 0.0
    assert result.first_failure().mistake == "uses_keras" and result.summary.startswith("0 points")


@pytest.mark.parametrize(
    "returned, words",
    [
        (lambda shape, rng: None, "returned None"),
        (lambda shape, rng: (rng.normal(size=shape), 0), "tuple"),
        (lambda shape, rng: rng.normal(size=shape[::-1]), "transpose"),
        (lambda shape, rng: rng.normal(size=shape[0]), "shape"),
        (lambda shape, rng: "weights", "not an array of numbers"),
        (lambda shape, rng: np.full(shape, np.nan), "NaN"),
        (lambda shape, rng: np.zeros(shape), "zeros"),
        (lambda shape, rng: np.full(shape, 0.05), "same value"),
        (lambda shape, rng: np.broadcast_to(rng.normal(size=shape[1]), shape), "distinct values"),
        (lambda shape, rng: 1 / 0, "ZeroDivisionError"),
    ],
)
def test_wrong_returns_give_clear_messages(returned, words):
    result = run_here("he_normal", named(returned, "he_normal"), visible("he_normal")[:1])
    verdict = result.verdicts[0]
    assert not verdict.passed and words in verdict.message, verdict.message


def test_hidden_messages_do_not_reveal_the_inputs():
    for crafted in MISTAKEN:
        cases = initializer_cases(crafted.exercise, shapes=[[1000, 10], [300, 200]], seed=7)
        for verdict in run_here(crafted.exercise, answer(crafted), cases).verdicts:
            for secret in ("1000", "300", "200", " x Keras", "mean "):
                assert secret not in verdict.message, (crafted.mistake, verdict.message)


def test_visible_messages_give_the_numbers():
    std_as_limit = next(c for c in MISTAKEN if c.mistake == "std_as_limit")
    verdict = run_here("glorot_uniform", answer(std_as_limit), visible("glorot_uniform")[:1]).verdicts[0]
    assert "sqrt(3) times" in verdict.message
    ok = run_here("glorot_uniform", answer(CORRECT[0]), visible("glorot_uniform")[:1]).verdicts[0]
    assert "variance" in ok.message and "Keras's limit 0.1074" in ok.message


# ----------------------------------------------------------------------------- the notebook's own cases


@pytest.mark.parametrize("exercise", ["glorot_uniform", "he_normal"])
def test_the_notebook_grades_seven_cases_three_of_them_hidden(exercise):
    cases = examples.notebook_cases(exercise)
    assert len(cases) == 7 and sum(c.hidden for c in cases) == 3


# ----------------------------------------------------------------------------- across the pipe

ANSWERS = """
def glorot_uniform(shape, rng):
    fan_in, fan_out = shape
    limit = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape).astype(np.float32)

def he_normal(shape, rng):
    return rng.normal(0.0, 1 / np.sqrt(2 * shape[0]), size=shape)  # the slide's typo
"""


def test_inputs_and_outputs_cross_the_sandbox_pipe():
    with Sandbox(
        [("setup", "import numpy as np"), ("answer", ANSWERS)], GraderSettings(cell_seconds=30, exercise_seconds=30)
    ) as sb:
        assert [o.error for o in sb.start()] == [None, None]
        verdicts = {}
        for exercise in ("glorot_uniform", "he_normal"):
            cases = all_cases(exercise)
            inputs = [materialize(c) for c in cases]
            data = sb.collect(exercise, inputs)
            verdicts[exercise] = [judge(c, i, d) for c, i, d in zip(cases, inputs, data)]
    assert all(v.passed for v in verdicts["glorot_uniform"])
    he = verdicts["he_normal"]
    assert [v.passed for v in he] == [False, False, False, True, False, False, True]
    assert {v.mistake for v in he if not v.passed} == {"slide_formula"}
