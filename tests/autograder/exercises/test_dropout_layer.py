"""The Keras-layer dropout check (``MyDropout``): what it accepts, the mistake table and its
crafted answers (forward, gradient, graph mode), the forbidden Keras/TensorFlow dropout
functions, and the sandbox pipe."""

import keras
import numpy as np
import pytest
import tensorflow as tf
from keras import ops

from autograder.checks import run_here
from autograder.course import examples
from autograder.exercises import judge, materialize, visible
from autograder.exercises.dropout_layer import DropoutLayer
from autograder.exercises.dropout_layer.cases import dropout_layer_cases
from autograder.exercises.dropout_layer.crafted import CRAFTED, TYPICAL
from autograder.exercises.dropout_layer.judge import MISTAKES, keras_gradient_factor
from autograder.exercises.dropout_layer.student import forbidden_code

NAME = "MyDropout"
NB = "04_regularization"
ACCEPTED = [c.source for c in CRAFTED if c.mistake is None]
WRONG = [c for c in CRAFTED if c.mistake is not None]


def outcome(source_or_cls, cases=None):
    cls = examples.define(NAME, source_or_cls) if isinstance(source_or_cls, str) else source_or_cls
    return run_here(NAME, cls, list(examples.notebook_cases(NAME)) if cases is None else cases)


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


@pytest.mark.parametrize("source", [*ACCEPTED, examples.solutions(NB)[NAME]])
def test_correct_layers_pass_every_visible_and_hidden_case(source):
    result = outcome(source)
    assert result.complete, result.summary
    assert result.total == len(examples.notebook_cases(NAME))


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


def test_the_table_is_the_familys():
    assert DropoutLayer().mistakes() == MISTAKES


@pytest.mark.parametrize("cases", ["visible", "notebook"])
def test_every_row_names_the_first_failure_of_a_crafted_answer(cases):
    """Rows that share an id (``not_finite`` at inference, in training, with rate 0...) are told
    apart by their message; the rate-0 rows share theirs and are told apart by the output."""
    named = set()
    for crafted in WRONG:
        result = outcome(crafted.source, visible(NAME) if cases == "visible" else None)
        first = result.first_failure()
        assert first.mistake == crafted.mistake, (crafted.mistake, result.summary)
        assert first.hint
        named |= {
            (m.id, m.message) for m in MISTAKES if m.id == first.mistake and m.message.split("{")[0] in first.message
        }
    assert named == {(m.id, m.message) for m in MISTAKES}


def test_the_typical_mistake_is_named_with_its_score():
    source, mistake, passed = TYPICAL[NAME]
    result = outcome(source)
    assert result.first_failure().mistake == mistake
    assert f"{result.passed}/{result.total}" == passed


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
    gradient_case = next(i for i, c in enumerate(cases) if c.params["scenario"] == "gradient")
    assert isinstance(collected[gradient_case]["gradient"], np.ndarray)
