"""The Keras-layer dropout check (``MyDropout``): what it accepts, the mistake table and its
crafted answers (forward, gradient, graph mode), the forbidden Keras/TensorFlow dropout
functions, and the sandbox pipe."""

from functools import partial

import keras
import pytest
import tensorflow as tf
from keras import ops

from autograder.course import examples
from autograder.exercises import visible
from autograder.exercises.dropout_layer.cases import dropout_layer_cases
from autograder.exercises.dropout_layer.crafted import CRAFTED
from autograder.exercises.dropout_layer.judge import keras_gradient_factor
from autograder.exercises.dropout_layer.student import forbidden_code

NAME = "MyDropout"
NB = "04_regularization"
ACCEPTED = [c.source for c in CRAFTED if c.mistake is None]
WRONG = [c for c in CRAFTED if c.mistake is not None]


outcome = partial(examples.run_answer, NAME)


class MyDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=False):
        return keras.random.dropout(inputs, self.rate, seed=self.seed_generator) if training else inputs


class SubclassOfKeras(keras.layers.Dropout):
    pass


class UsesTfDropout(MyDropout):
    def call(self, inputs, training=False):
        return tf.nn.dropout(inputs, rate=self.rate) if training else inputs


class UsesKerasLayer(MyDropout):
    def call(self, inputs, training=False):
        return keras.layers.Dropout(self.rate)(inputs, training=training)


def test_a_correct_layer_passes_on_many_seeds():
    settings = [
        dict(scenario=s, shape=(32, 32), rate=r)
        for s in ("training", "fresh", "gradient", "graph")
        for r in (0.1, 0.5, 0.85)
    ]
    for seed in (0, 100, 200):
        result = outcome(ACCEPTED[0], dropout_layer_cases(NAME, settings, seed=seed))
        assert result.complete, (seed, result.summary)


def test_keras_dropout_passes_back_mask_over_keep_probability():
    assert keras_gradient_factor((32, 16), 0.4, 3)


# ----------------------------------------------------------------------------- the mistake table


# ----------------------------------------------------------------------------- forbidden functions, errors


@pytest.mark.parametrize(
    "cls, what",
    [
        (SubclassOfKeras, "keras.layers.Dropout"),
        (UsesKerasLayer, "keras.layers.Dropout"),
        (MyDropout, "keras.random.dropout"),
        (UsesTfDropout, "tf.nn.dropout"),
    ],
)
def test_keras_and_tensorflow_dropout_score_zero(cls, what):
    result = outcome(cls, visible(NAME))
    assert result.fraction == 0.0 and {v.mistake for v in result.verdicts if not v.passed} >= {"uses_keras"}
    assert what in result.summary


def test_forbidden_code_lists_the_backend_implementation():
    from keras.src.backend.tensorflow import random as backend_random

    assert backend_random.dropout.__code__ in forbidden_code()


@pytest.mark.parametrize(
    "cls, text",
    [
        (lambda rate: "a layer", "not a Keras layer"),
        (
            type("WrongShape", (MyDropout,), {"call": lambda self, x, training=False: ops.sum(x, axis=-1)}),
            "returned an array of shape",
        ),
        (
            type("NotYet", (), {"__init__": lambda self, rate: (_ for _ in ()).throw(NotImplementedError())}),
            "not answered yet",
        ),
    ],
)
def test_wrong_layers_get_clear_messages(cls, text):
    cls.__name__ = NAME
    result = outcome(cls, visible(NAME))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


# ----------------------------------------------------------------------------- through the sandbox
