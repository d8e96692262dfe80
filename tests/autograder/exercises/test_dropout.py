"""The NumPy dropout check: Keras's reference, its statistics (a correct answer never fails by
chance), the mistake table and its crafted answers, return-value errors, and the sandbox pipe."""

import numpy as np
import pytest

from autograder.course import examples
from autograder.exercises import materialize, visible
from autograder.exercises.dropout.cases import activations, dropout_cases
from autograder.exercises.dropout.crafted import CRAFTED
from autograder.exercises.dropout.judge import ALPHA, fraction_bounds, keras_reference

NAME = "dropout"
NB = "04_regularization"
ACCEPTED = [c.source for c in CRAFTED if c.mistake is None]
WRONG = [c for c in CRAFTED if c.mistake is not None]


def outcome(answer, cases=None):
    with np.errstate(all="ignore"):  # crafted answers divide by zero on purpose
        return examples.run_answer(NAME, answer, cases)


# ----------------------------------------------------------------------------- the reference


def test_keras_reference_is_inverted_dropout_and_passes_its_own_tests():
    for case in examples.notebook_cases(NAME):
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


RANDN_MASK = """def dropout(x, rate, training=False, rng=None):
    if not training:
        return x
    rng = np.random.default_rng() if rng is None else rng
    keep = 1 - rate
    return x * (rng.standard_normal(x.shape) < keep) / keep
"""


def test_a_normal_mask_fails_at_rate_0_2_and_is_named_so():
    """``randn < keep`` drops 1 - Phi(0.8) = 21.2% at rate 0.2; the visible case's 512 x 512 units
    make the exact bounds of that fraction and of 20% disjoint, so a correct answer passes and the
    normal mask fails, each but with probability ALPHA."""
    from autograder.exercises.dropout.judge import normal_draw_shares

    (case,) = [c for c in visible(NAME) if c.params["scenario"] == "training" and c.params["rate"] == 0.2]
    n = int(np.prod(case.params["shape"]))
    lo, hi = fraction_bounds(n, 0.2)
    normal_lo, _ = fraction_bounds(n, normal_draw_shares(0.2)[1])
    assert hi < normal_lo
    verdict = outcome(RANDN_MASK, [case]).verdicts[0]
    assert not verdict.passed and verdict.mistake == "normal_draws", verdict.message


def test_inputs_have_no_zero_and_cross_as_plain_data():
    for case in visible(NAME):
        inputs = materialize(case)
        assert np.all(inputs["x"] != 0) and inputs["x"].dtype == np.float32
        assert all(isinstance(s, int) for s in inputs["rng_seeds"])


# ----------------------------------------------------------------------------- accepted answers


def test_a_correct_answer_passes_on_many_seeds():
    settings = [
        dict(scenario=s, shape=shape, rate=r)
        for s in ("training", "fresh", "reproducible")
        for shape, r in [((64, 32), 0.2), ((8, 16, 16), 0.7), ((100, 50), 0.5), ((2, 8, 8, 4), 0.9)]
    ]
    for seed in range(0, 2000, 100):
        result = outcome(ACCEPTED[0], dropout_cases(NAME, settings, seed=seed))
        assert result.complete, (seed, result.summary)


# ----------------------------------------------------------------------------- the mistake table


def test_hidden_messages_do_not_reveal_the_inputs():
    result = outcome(next(c.source for c in WRONG if c.mistake == "no_rescale"))
    for verdict in result.verdicts:
        if verdict.case.hidden:
            p = verdict.case.params
            assert f"{p['rate']:g}" not in verdict.message and "shape" not in verdict.message
            assert verdict.case.shown_label() == "hidden case"


# ----------------------------------------------------------------------------- errors


def test_calling_keras_scores_zero():
    def keras_dropout(x, rate, training=False, rng=None):
        import keras

        return np.asarray(keras.layers.Dropout(rate)(x, training=training))

    result = outcome(keras_dropout)
    assert result.fraction == 0.0 and "calls Keras/TensorFlow" in result.summary


@pytest.mark.parametrize(
    "fn, text",
    [
        (lambda x, rate, training=False, rng=None: None, "returned None"),
        (lambda x, rate, training=False, rng=None: x.ravel(), "returned an array of shape"),
        (lambda x, rate, training=False, rng=None: (x, x != 0), "tuple of 2 values"),
        (lambda x, rate, training=False, rng=None: "x", "not an array of numbers"),
        (lambda x, rate: x, "unexpected keyword argument"),
    ],
)
def test_wrong_returns_and_signatures_get_clear_messages(fn, text):
    result = outcome(fn, visible(NAME))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


# ----------------------------------------------------------------------------- through the sandbox
