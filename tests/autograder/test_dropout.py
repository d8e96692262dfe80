"""The NumPy dropout check: Keras's reference, what it accepts, the mistakes it names, and its
statistics (a correct answer never fails by chance).

The implementations below are crafted student answers; the expected verdicts follow from what
each one computes, not from the grader's output.
"""

import nbformat
import numpy as np
import pytest

from autograder.checks import run_here
from autograder.course import examples, layout
from autograder.course.grading import plan
from autograder.exercises import judge, materialize, visible
from autograder.exercises.dropout.cases import activations, dropout_cases
from autograder.exercises.dropout.judge import ALPHA, fraction_bounds, keras_reference

NB = "04_regularization"


def notebook_cases(name):
    """The visible and hidden cases of the notebook's test cell, as the grader plans them."""
    nb = nbformat.read(layout.source_notebook(NB), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{name}")
    return [case for _, cases in plan(cell.source) for case in cases]


def answer(name, source):
    namespace = {"np": np}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


# ----------------------------------------------------------------------------- crafted answers


def dropout(x, rate, training=False, rng=None):
    if not training:
        return x
    rng = np.random.default_rng() if rng is None else rng
    return np.where(rng.random(np.shape(x)) >= rate, x / (1 - rate), 0.0)


def dropout_float32_mask(x, rate, training=False, rng=None):
    if not training:
        return x.copy()
    rng = rng or np.random.default_rng()
    mask = (rng.uniform(size=x.shape) >= rate).astype(np.float32)
    return (x * mask / np.float32(1 - rate)).astype(np.float32)


def dropout_binomial(x, rate, training=False, rng=None):
    if training:
        rng = rng if rng is not None else np.random.default_rng()
        return x * rng.binomial(1, 1 - rate, size=x.shape) / (1 - rate)
    return x


def _with(keep_prob=lambda r: 1 - r, scale=lambda r: 1 / (1 - r), infer=lambda x, r: x, mask_shape=None, rng_of=None):
    def fn(x, rate, training=False, rng=None):
        if not training:
            return infer(x, rate)
        rng = rng_of(rng) if rng_of else (rng if rng is not None else np.random.default_rng())
        shape = x.shape if mask_shape is None else mask_shape(x.shape)
        keep = rng.random(shape) < keep_prob(rate)
        with np.errstate(all="ignore"):
            return x * keep * scale(rate)

    return fn


MISTAKES = {
    "no_rescale": _with(scale=lambda r: 1.0),
    "scales_by_keep": _with(scale=lambda r: 1 - r),
    "rate_as_keep": _with(keep_prob=lambda r: r, scale=lambda r: 1 / r),
    "drops_at_inference": _with(infer=lambda x, r: _with()(x, r, training=True)),
    "non_inverted": _with(scale=lambda r: 1.0, infer=lambda x, r: x * (1 - r)),
    "same_mask": _with(rng_of=lambda rng: np.random.default_rng(0)),
    "ignores_rng": _with(rng_of=lambda rng: np.random.default_rng()),
    "shared_mask": _with(mask_shape=lambda s: s[:-1] + (1,)),
}
MESSAGES = {
    "no_rescale": "not rescaled",
    "scales_by_keep": "multiplied by the keep probability",
    "rate_as_keep": "rate is the fraction dropped",
    "drops_at_inference": "drops units at inference",
    "non_inverted": "original paper",
    "same_mask": "same units are dropped at every call",
    "ignores_rng": "does not draw from the rng it is given",
    "shared_mask": "not drawn element by element",
}


def outcome(fn, cases=None):
    with np.errstate(all="ignore"):
        result = run_here("dropout", fn, cases if cases is not None else notebook_cases("dropout"))
    return result, {v.mistake for v in result.verdicts if not v.passed}


# ----------------------------------------------------------------------------- the reference


def test_keras_reference_is_inverted_dropout_and_passes_its_own_tests():
    for case in notebook_cases("dropout"):
        p = case.params
        ref = keras_reference(tuple(p["shape"]), p["rate"], p["seed"])
        x = activations(p["shape"], p["seed"]).astype(np.float64)
        for out in ref["inference"]:
            np.testing.assert_array_equal(out, x)
        if p["rate"] > 0:
            assert ref["factor"] == pytest.approx(1 / (1 - p["rate"]), rel=1e-6)
            lo, hi = fraction_bounds(x.size, p["rate"])
            assert all(lo <= d * x.size <= hi for d in ref["dropped"])
            assert ref["fresh"]


def test_fraction_bounds_hold_a_correct_answer_with_probability_one_minus_alpha():
    from scipy.stats import binom

    for n, rate in [(512, 0.8), (1024, 0.4), (2048, 0.2), (4096, 0.35), (16384, 0.1)]:
        lo, hi = fraction_bounds(n, rate)
        outside = binom.cdf(lo - 1, n, rate) + binom.sf(hi, n, rate)
        assert outside <= ALPHA
        assert lo < n * rate < hi


def test_inputs_have_no_zero_and_cross_as_plain_data():
    for case in visible("dropout"):
        inputs = materialize(case)
        assert np.all(inputs["x"] != 0) and inputs["x"].dtype == np.float32
        assert all(isinstance(s, int) for s in inputs["rng_seeds"])


# ----------------------------------------------------------------------------- accepted answers


@pytest.mark.parametrize(
    "fn", [dropout, dropout_float32_mask, dropout_binomial, answer("dropout", examples.solutions(NB)["dropout"])]
)
def test_correct_answers_pass_every_visible_and_hidden_case(fn):
    result, mistakes = outcome(fn)
    assert result.complete, result.summary
    assert result.total == len(notebook_cases("dropout"))


def test_a_correct_answer_passes_on_many_seeds():
    settings = [
        dict(scenario=s, shape=shape, rate=r)
        for s in ("training", "fresh", "reproducible")
        for shape, r in [((64, 32), 0.2), ((8, 16, 16), 0.7), ((100, 50), 0.5), ((2, 8, 8, 4), 0.9)]
    ]
    for seed in range(0, 2000, 100):
        result, _ = outcome(dropout, dropout_cases("dropout", settings, seed=seed))
        assert result.complete, (seed, result.summary)


# ----------------------------------------------------------------------------- mistakes


@pytest.mark.parametrize("mistake", sorted(MISTAKES))
def test_each_mistake_is_named(mistake):
    result, mistakes = outcome(MISTAKES[mistake])
    assert not result.complete
    assert mistake in mistakes, (mistakes, result.summary)
    named = [v for v in result.verdicts if v.mistake == mistake]
    assert all(MESSAGES[mistake] in v.message and v.hint for v in named)


def test_the_typical_mistake_on_file_is_named_with_its_score():
    answers, expected = examples.mistakes(NB)
    result, _ = outcome(answer("dropout", answers["dropout"]))
    mistake, passed = expected["dropout"]
    assert result.first_failure().mistake == mistake
    assert f"{result.passed}/{result.total}" == passed


def test_hidden_messages_do_not_reveal_the_inputs():
    result, _ = outcome(MISTAKES["no_rescale"])
    for verdict in result.verdicts:
        if verdict.case.hidden:
            p = verdict.case.params
            assert f"{p['rate']:g}" not in verdict.message and "shape" not in verdict.message
            assert verdict.case.shown_label() == "hidden case"


def test_calling_keras_scores_zero():
    def keras_dropout(x, rate, training=False, rng=None):
        import keras

        return np.asarray(keras.layers.Dropout(rate)(x, training=training))

    result, _ = outcome(keras_dropout)
    assert result.fraction == 0.0 and "calls Keras/TensorFlow" in result.summary


@pytest.mark.parametrize(
    "fn, text",
    [
        (lambda x, rate, training=False, rng=None: None, "returned None"),
        (lambda x, rate, training=False, rng=None: x.ravel(), "returned an array of shape"),
        (lambda x, rate, training=False, rng=None: (x, x != 0), "tuple of 2 values"),
        (lambda x, rate, training=False, rng=None: "x", "not an array of numbers"),
        (lambda x, rate, training=False, rng=None: x / 0.0 if training else x, "NaN or infinite"),
        (lambda x, rate: x, "unexpected keyword argument"),
    ],
)
def test_wrong_returns_and_signatures_get_clear_messages(fn, text):
    result, _ = outcome(fn, visible("dropout"))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


def test_modifying_the_input_in_place_is_named():
    def inplace(x, rate, training=False, rng=None):
        if training:
            x *= (np.random.default_rng().random(x.shape) >= rate) / (1 - rate)
        return x

    result, mistakes = outcome(inplace, visible("dropout"))
    assert "modifies_input" in mistakes


# ----------------------------------------------------------------------------- through the sandbox


def test_inputs_and_outputs_cross_the_sandbox_pipe():
    from autograder.sandbox.process import Limits, Sandbox

    cases = visible("dropout")
    inputs = [materialize(c) for c in cases]
    source = examples.solutions(NB)["dropout"]
    with Sandbox([("setup", "import numpy as np\nimport keras"), ("answer", source)], Limits(cell_seconds=60)) as sb:
        assert [o.error for o in sb.start()] == [None, None]
        collected = sb.collect("dropout", inputs)
    verdicts = [judge(c, i, d) for c, i, d in zip(cases, inputs, collected)]
    assert all(v.passed for v in verdicts), [v.message for v in verdicts]
    assert isinstance(collected[1]["outputs"][0], np.ndarray)
