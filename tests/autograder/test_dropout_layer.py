"""The Keras-layer dropout check (``MyDropout``): what it accepts, the mistakes it names (forward,
gradient, graph mode), the forbidden Keras/TensorFlow dropout functions, and the sandbox pipe."""

import keras
import nbformat
import numpy as np
import pytest
import tensorflow as tf
from keras import ops

from autograder.checks import run_here
from autograder.course import examples, layout
from autograder.course.grading import plan
from autograder.exercises import judge, materialize, visible
from autograder.exercises.dropout_layer.cases import dropout_layer_cases
from autograder.exercises.dropout_layer.judge import keras_gradient_factor
from autograder.exercises.dropout_layer.student import forbidden_code

NB = "04_regularization"


def notebook_cases(name="MyDropout"):
    nb = nbformat.read(layout.source_notebook(NB), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == f"test_{name}")
    return [case for _, cases in plan(cell.source) for case in cases]


def answer(source, name="MyDropout"):
    namespace = {"np": np, "keras": keras}
    exec(compile(source, f"<{name}>", "exec"), namespace)
    return namespace[name]


class MyDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
        self.seed_generator = keras.random.SeedGenerator(seed)

    def keep(self, inputs):
        return keras.random.uniform(ops.shape(inputs), seed=self.seed_generator) >= self.rate

    def call(self, inputs, training=False):
        if not training:
            return inputs
        return ops.where(self.keep(inputs), inputs / (1 - self.rate), 0.0)


class MaskMultiply(MyDropout):
    """Accepted: a 0/1 mask multiplied in, drawn with keras.random.binomial-like uniform comparison."""

    def call(self, inputs, training=None):
        if training:
            mask = ops.cast(self.keep(inputs), inputs.dtype)
            return inputs * mask / (1.0 - self.rate)
        return inputs


class NoTraining(MyDropout):
    def call(self, inputs, training=None):
        return ops.where(self.keep(inputs), inputs / (1 - self.rate), 0.0)


class IntegerSeed(MyDropout):
    def call(self, inputs, training=False):
        if not training:
            return inputs
        u = keras.random.uniform(ops.shape(inputs), seed=42)
        return ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)


class NumpyMask(MyDropout):
    def call(self, inputs, training=False):
        if not training:
            return inputs
        mask = (np.random.random(tuple(inputs.shape)) >= self.rate).astype("float32")
        return inputs * mask / (1 - self.rate)


class NoRescale(MyDropout):
    def call(self, inputs, training=False):
        return ops.where(self.keep(inputs), inputs, 0.0) if training else inputs


class MaskIgnoredInBackward(MyDropout):
    def call(self, inputs, training=False):
        if not training:
            return inputs
        out = ops.where(self.keep(inputs), inputs / (1 - self.rate), 0.0)
        return ops.stop_gradient(out - inputs) + inputs


class NoGradient(MyDropout):
    def call(self, inputs, training=False):
        if not training:
            return inputs
        return ops.stop_gradient(ops.where(self.keep(inputs), inputs / (1 - self.rate), 0.0))


class SubclassOfKeras(keras.layers.Dropout):
    pass


class UsesKerasDropout(MyDropout):
    def call(self, inputs, training=False):
        return keras.random.dropout(inputs, self.rate, seed=self.seed_generator) if training else inputs


class UsesTfDropout(MyDropout):
    def call(self, inputs, training=False):
        return tf.nn.dropout(inputs, rate=self.rate) if training else inputs


class UsesKerasLayer(MyDropout):
    def call(self, inputs, training=False):
        return keras.layers.Dropout(self.rate)(inputs, training=training)


def outcome(cls, cases=None):
    result = run_here("MyDropout", cls, cases if cases is not None else notebook_cases())
    return result, {v.mistake for v in result.verdicts if not v.passed}


@pytest.mark.parametrize("cls", [MyDropout, MaskMultiply, answer(examples.solutions(NB)["MyDropout"])])
def test_correct_layers_pass_every_visible_and_hidden_case(cls):
    result, _ = outcome(cls)
    assert result.complete, result.summary
    assert result.total == len(notebook_cases())


def test_a_correct_layer_passes_on_many_seeds():
    settings = [
        dict(scenario=s, shape=(32, 32), rate=r)
        for s in ("training", "fresh", "gradient", "graph")
        for r in (0.1, 0.5, 0.85)
    ]
    for seed in (0, 100, 200):
        result, _ = outcome(MyDropout, dropout_layer_cases("MyDropout", settings, seed=seed))
        assert result.complete, (seed, result.summary)


def test_keras_dropout_passes_back_mask_over_keep_probability():
    assert keras_gradient_factor((32, 16), 0.4, 3)


@pytest.mark.parametrize(
    "cls, mistake, text",
    [
        (NoTraining, "drops_at_inference", "drops units at inference"),
        (IntegerSeed, "same_mask", "same units are dropped at every call"),
        (NumpyMask, "graph_frozen", "inside a tf.function"),
        (NoRescale, "no_rescale", "not rescaled"),
        (MaskIgnoredInBackward, "gradient_mismatch", "ignores the mask"),
        (NoGradient, "no_gradient", "no gradient flows back"),
    ],
)
def test_each_mistake_is_named(cls, mistake, text):
    result, mistakes = outcome(cls)
    assert not result.complete
    assert mistake in mistakes, (mistakes, result.summary)
    assert any(text in v.message and v.hint for v in result.verdicts if v.mistake == mistake)


@pytest.mark.parametrize(
    "cls, what",
    [
        (SubclassOfKeras, "keras.layers.Dropout"),
        (UsesKerasLayer, "keras.layers.Dropout"),
        (UsesKerasDropout, "keras.random.dropout"),
        (UsesTfDropout, "tf.nn.dropout"),
    ],
)
def test_keras_and_tensorflow_dropout_score_zero(cls, what):
    result, mistakes = outcome(cls, visible("MyDropout"))
    assert result.fraction == 0.0 and mistakes >= {"uses_keras"}
    assert what in result.summary


def test_forbidden_code_lists_the_backend_implementation():
    from keras.src.backend.tensorflow import random as backend_random

    assert backend_random.dropout.__code__ in forbidden_code()


def test_the_typical_mistake_on_file_is_named_with_its_score():
    answers, expected = examples.mistakes(NB)
    result, _ = outcome(answer(answers["MyDropout"]))
    mistake, passed = expected["MyDropout"]
    assert result.first_failure().mistake == mistake
    assert f"{result.passed}/{result.total}" == passed


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
    cls.__name__ = "MyDropout"
    result, _ = outcome(cls, visible("MyDropout"))
    assert result.fraction < 1
    assert any(text in v.message for v in result.verdicts), [v.message for v in result.verdicts]


def test_inputs_and_outputs_cross_the_sandbox_pipe():
    from autograder.sandbox.process import Limits, Sandbox

    cases = visible("MyDropout")
    inputs = [materialize(c) for c in cases]
    source = examples.solutions(NB)["MyDropout"]
    with Sandbox([("setup", "import numpy as np\nimport keras"), ("answer", source)], Limits(cell_seconds=60)) as sb:
        assert [o.error for o in sb.start()] == [None, None]
        collected = sb.collect("MyDropout", inputs)
    verdicts = [judge(c, i, d) for c, i, d in zip(cases, inputs, collected)]
    assert all(v.passed for v in verdicts), [v.message for v in verdicts]
    gradient_case = next(i for i, c in enumerate(cases) if c.params["scenario"] == "gradient")
    assert isinstance(collected[gradient_case]["gradient"], np.ndarray)
