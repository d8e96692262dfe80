"""The NumPy dropout check: Keras's reference, its statistics (a correct answer never fails by
chance), the mistake table and its crafted answers, return-value errors, and the sandbox pipe."""

import numpy as np
import pytest

from autograder.checks import run_here
from autograder.course import examples
from autograder.exercises import judge, materialize, visible
from autograder.exercises.dropout import Dropout
from autograder.exercises.dropout.cases import activations, dropout_cases
from autograder.exercises.dropout.crafted import CRAFTED, TYPICAL
from autograder.exercises.dropout.judge import ALPHA, MISTAKES, fraction_bounds, keras_reference

NAME = "dropout"
NB = "04_regularization"
ACCEPTED = [c.source for c in CRAFTED if c.mistake is None]
WRONG = [c for c in CRAFTED if c.mistake is not None]


def outcome(source_or_fn, cases=None):
    fn = examples.define(NAME, source_or_fn) if isinstance(source_or_fn, str) else source_or_fn
    with np.errstate(all="ignore"):
        return run_here(NAME, fn, list(examples.notebook_cases(NAME)) if cases is None else cases)


def literal_start(message: str) -> str:
    """The words of a row's message before its first field: what names the row in a verdict."""
    return message.split("{")[0]


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


def test_inputs_have_no_zero_and_cross_as_plain_data():
    for case in visible(NAME):
        inputs = materialize(case)
        assert np.all(inputs["x"] != 0) and inputs["x"].dtype == np.float32
        assert all(isinstance(s, int) for s in inputs["rng_seeds"])


# ----------------------------------------------------------------------------- accepted answers


@pytest.mark.parametrize("source", [*ACCEPTED, examples.solutions(NB)[NAME]])
def test_correct_answers_pass_every_visible_and_hidden_case(source):
    result = outcome(source)
    assert result.complete, result.summary
    assert result.total == len(examples.notebook_cases(NAME))


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


def test_the_table_is_the_familys():
    assert Dropout().mistakes() == MISTAKES


@pytest.mark.parametrize("cases", ["visible", "notebook"])
def test_every_row_names_the_first_failure_of_a_crafted_answer(cases):
    """Rows that share an id (``not_finite`` at inference, in training, with rate 0...) are told
    apart by their message."""
    named = set()
    for crafted in WRONG:
        result = outcome(crafted.source, visible(NAME) if cases == "visible" else None)
        first = result.first_failure()
        assert first.mistake == crafted.mistake, (crafted.mistake, result.summary)
        assert first.hint
        named |= {
            (m.id, m.message) for m in MISTAKES if m.id == first.mistake and literal_start(m.message) in first.message
        }
    assert named == {(m.id, m.message) for m in MISTAKES}


def test_the_typical_mistake_is_named_with_its_score():
    source, mistake, passed = TYPICAL[NAME]
    result = outcome(source)
    assert result.first_failure().mistake == mistake
    assert f"{result.passed}/{result.total}" == passed


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


def test_inputs_and_outputs_cross_the_sandbox_pipe():
    from autograder.sandbox.process import Sandbox
    from autograder.settings import GraderSettings

    cases = visible(NAME)
    inputs = [materialize(c) for c in cases]
    source = examples.solutions(NB)[NAME]
    with Sandbox(
        [("setup", "import numpy as np\nimport keras"), ("answer", source)], GraderSettings(cell_seconds=60)
    ) as sb:
        assert [o.error for o in sb.start()] == [None, None]
        collected = sb.collect(NAME, inputs)
    verdicts = [judge(c, i, d) for c, i, d in zip(cases, inputs, collected)]
    assert all(v.passed for v in verdicts), [v.message for v in verdicts]
    assert isinstance(collected[1]["outputs"][0], np.ndarray)
