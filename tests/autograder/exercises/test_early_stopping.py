"""The early-stopping check: Keras's callback as the reference, the mistake table and its crafted
answers, return-value errors, and the sandbox pipe."""

from functools import partial

import numpy as np
import pytest

from autograder.course import examples
from autograder.exercises import materialize, visible
from autograder.exercises.early_stopping.cases import GRID, early_stopping_cases, generate
from autograder.exercises.early_stopping.crafted import CRAFTED, TYPICAL
from autograder.exercises.early_stopping.judge import keras_answer

NAME = "early_stopping_epoch"
NB = "04_regularization"
ACCEPTED = [c.source for c in CRAFTED if c.mistake is None]
WRONG = [c for c in CRAFTED if c.mistake is not None]


outcome = partial(examples.run_answer, NAME)


def test_the_reference_is_keras_and_reads_the_restored_weights():
    inputs = {"val_losses": [1.0, 0.5, 0.75, 0.875, 1.0], "patience": 2}
    assert keras_answer(inputs) == (3, 1)
    assert keras_answer({"val_losses": [1.0, 0.75, 0.5], "patience": 0}) == (None, 2)


def test_losses_are_exact_in_float32():
    for case in examples.notebook_cases(NAME):
        losses = np.array(materialize(case)["val_losses"])
        assert np.array_equal(losses.astype(np.float32).astype(np.float64), losses)
        assert np.array_equal(losses * GRID, np.round(losses * GRID))


def test_an_accepted_answer_matches_keras_on_many_random_runs():
    settings = [
        dict(curve=curve, n=n, patience=p, **({"min_delta": d} if d else {}))
        for curve in ("u", "plateau", "rising", "decreasing")
        for n in (5, 40)
        for p in (0, 1, 3, 7)
        for d in (0.0, 1 / 64, 1 / 16)
    ]
    for seed in (0, 1000):
        result = outcome(ACCEPTED[0], early_stopping_cases(NAME, settings, seed=seed))
        assert result.complete, result.summary


@pytest.mark.parametrize("crafted", WRONG, ids=[c.mistake for c in WRONG])
def test_each_mistake_is_named_on_the_visible_cases(crafted):
    result = outcome(crafted.source, visible(NAME))
    first = result.first_failure()
    assert first.mistake == crafted.mistake, (first.mistake, first.message)
    assert not first.case.hidden and "yours (" in first.message


def test_hidden_messages_do_not_reveal_the_answers():
    result = outcome(TYPICAL[NAME][0])
    for verdict in result.verdicts:
        if verdict.case.hidden:
            assert "yours" not in verdict.message and "Keras (" not in verdict.message


def test_calling_keras_scores_zero():
    def early_stopping_epoch(val_losses, patience, min_delta=0.0):
        import keras

        callback = keras.callbacks.EarlyStopping(patience=patience, min_delta=min_delta)
        callback.set_model(keras.Sequential([keras.layers.Dense(1)]))
        callback.model.stop_training = False
        callback.on_train_begin()
        for epoch, value in enumerate(val_losses):
            callback.on_epoch_end(epoch, {"val_loss": value})
            if callback.model.stop_training:
                return epoch, callback.best_epoch
        return None, callback.best_epoch

    result = outcome(early_stopping_epoch, visible(NAME))
    assert result.fraction == 0.0 and "calls Keras/TensorFlow" in result.summary


@pytest.mark.parametrize(
    "fn, text",
    [
        (lambda val_losses, patience, min_delta=0.0: None, "returned None"),
        (lambda val_losses, patience, min_delta=0.0: 3, "returned a int"),
        (lambda val_losses, patience, min_delta=0.0: (1, 2, 3), "returned 3 values"),
        (lambda val_losses, patience, min_delta=0.0: (None, None), "best_epoch is None"),
        (lambda val_losses, patience, min_delta=0.0: (2.5, 0), "not a whole epoch number"),
        (lambda val_losses, patience, min_delta=0.0: ("3", 0), "not an epoch number"),
        (lambda val_losses, patience: (None, 0), "unexpected keyword argument"),
    ],
)
def test_wrong_returns_and_signatures_get_clear_messages(fn, text):
    result = outcome(fn, visible(NAME))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


def test_generated_curves_are_deterministic():
    assert generate("u", 30, 5) == generate("u", 30, 5)
    assert generate("u", 30, 5) != generate("u", 30, 6)
