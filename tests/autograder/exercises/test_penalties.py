"""The penalty check: Keras's L1L2 summed over the kernels, the mistake table and its crafted
answers, return-value errors, and the sandbox pipe."""

from functools import partial

import numpy as np
import pytest

from autograder.course import examples
from autograder.exercises import materialize, visible
from autograder.exercises.penalties.cases import penalty_cases
from autograder.exercises.penalties.crafted import CRAFTED, TYPICAL
from autograder.exercises.penalties.judge import MISTAKES, RTOL, Computes, Sums, keras_penalty

NAME = "l1_l2_penalty"
NB = "04_regularization"
ACCEPTED = [c.source for c in CRAFTED if c.mistake is None]
WRONG = [c for c in CRAFTED if c.mistake is not None]


outcome = partial(examples.run_answer, NAME)


def test_the_reference_is_keras_l1l2_summed_over_kernels():
    import keras

    case = penalty_cases(NAME, [dict(l1=0.5, l2=0.25)], shapes=[(2, 2), (3,)], hidden=False)[0]
    weights = materialize(case)["weights"]
    expected = sum(0.5 * np.abs(w).sum() + 0.25 * (w.astype(np.float64) ** 2).sum() for w in weights)
    assert keras_penalty(case) == pytest.approx(expected, rel=1e-6)
    assert float(keras.regularizers.L1L2()(keras.ops.ones((2, 2)))) == 0.0  # both factors default to 0


def test_known_formulas_are_distinguishable_where_both_factors_are_given():
    both = [c for c in examples.notebook_cases(NAME) if set(c.params["factors"]) == {"l1", "l2"}]
    assert len(both) >= 3
    for case in both:  # (with one factor 0, squares under L1 and swapped factors coincide, for instance)
        inputs = materialize(case)
        sums, reference = Sums.of(inputs["weights"]), keras_penalty(case)
        wrong = {}
        for mistake in MISTAKES:
            if isinstance(mistake.recognise, Computes):
                for value in mistake.recognise.values(sums, inputs["factors"]["l1"], inputs["factors"]["l2"]):
                    if not np.isclose(value, reference, rtol=RTOL):
                        wrong.setdefault(round(value, 12), set()).add(mistake.id)
        assert all(len(m) == 1 for m in wrong.values()), (case.label, wrong)


@pytest.mark.parametrize("crafted", WRONG, ids=[c.mistake for c in WRONG])
def test_each_mistake_is_named_on_the_visible_cases(crafted):
    first = outcome(crafted.source, visible(NAME)).first_failure()
    assert first.mistake == crafted.mistake, (first.mistake, first.message)
    assert first.hint and not first.case.hidden


def test_the_kernel_left_alone_is_named():
    one_kernel = [c.source for c in WRONG if c.mistake == "one_kernel_only"]
    messages = [outcome(source, visible(NAME)).first_failure().message for source in one_kernel]
    assert ["first kernel" in m for m in messages] == [True, False]
    assert "last kernel" in messages[1]


def test_hidden_messages_do_not_reveal_the_value():
    result = outcome(TYPICAL[NAME][0])
    for verdict in result.verdicts:
        if verdict.case.hidden:
            assert "Keras " not in verdict.message.replace("Keras's", "") and "yours" not in verdict.message


def test_calling_keras_scores_zero():
    def l1_l2_penalty(weights, l1=0.0, l2=0.0):
        import keras

        regularizer = keras.regularizers.L1L2(l1=l1, l2=l2)
        return sum(float(regularizer(keras.ops.convert_to_tensor(w))) for w in weights)

    result = outcome(l1_l2_penalty, visible(NAME))
    assert result.fraction == 0.0 and "calls Keras/TensorFlow" in result.summary


@pytest.mark.parametrize(
    "fn, text",
    [
        (lambda weights, l1=0.0, l2=0.0: None, "returned None"),
        (lambda weights, l1=0.0, l2=0.0: [l1 * np.abs(w).sum() for w in weights], "one number, the sum"),
        (lambda weights, l1=0.0, l2=0.0: "0.1", "returned a str"),
        (lambda weights, l1=0.0, l2=0.0: float("nan"), "NaN or infinite"),
        (lambda weights, l1, l2: 0.0, "missing"),
        (lambda weights, l1=0.0, l2=0.0: l1 * np.sum(np.abs(weights)), "inhomogeneous"),
        (lambda weights, l1=1.0, l2=0.0: sum(l1 * np.abs(w).sum() + l2 * (w**2).sum() for w in weights), "defaults"),
    ],
)
def test_wrong_returns_and_signatures_get_clear_messages(fn, text):
    result = outcome(fn, visible(NAME))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]
