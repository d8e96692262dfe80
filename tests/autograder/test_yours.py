"""``yours_or_keras``: the student's function when it passes its check, else Keras's stand-in with
the same signature and computing what the solution computes, and one line saying which."""

import keras
import nbformat
import numpy as np
import pytest

from autograder.checks import stand_in, yours_or_keras
from autograder.course import layout


def solution(notebook: str, name: str):
    """The source notebook's answer to ``name`` (its answer cell, run as it is)."""
    nb = nbformat.read(layout.source_notebook(notebook), as_version=4)
    cell = next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == name)
    namespace = {"np": np, "keras": keras}
    exec(cell.source, namespace)
    return namespace[name]


def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    raise NotImplementedError()


def he_normal(shape, rng):
    return None


class MyDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        raise NotImplementedError()


def test_an_unanswered_optimizer_is_replaced_by_kerass_which_steps_as_the_solution(capsys):
    used = yours_or_keras(sgd)
    assert capsys.readouterr().out == "your sgd is not written yet: this figure uses keras.optimizers.SGD\n"
    answer = solution("01_optimizers", "sgd")
    rng = np.random.default_rng(0)
    w_keras = w_answer = rng.normal(size=(3, 2)).astype("float32")
    keras_state, answer_state = {}, {}
    for _ in range(5):
        g = rng.normal(size=w_keras.shape).astype("float32")
        w_keras = used(w_keras, g, keras_state, learning_rate=0.1, momentum=0.9, nesterov=True)
        w_answer = answer(w_answer, g, answer_state, learning_rate=0.1, momentum=0.9, nesterov=True)
    np.testing.assert_allclose(w_keras, w_answer, rtol=1e-5, atol=1e-6)


def test_a_function_returning_none_is_replaced_and_the_note_says_it_fails_its_check(capsys):
    used = yours_or_keras(he_normal, "this layer")
    out = capsys.readouterr().out
    assert out.startswith("your he_normal does not pass its check yet (0/") and "keras.initializers.HeNormal" in out
    w = used((1000, 64), np.random.default_rng(0))
    assert w.shape == (1000, 64) and abs(w.std() - np.sqrt(2 / 1000)) < 0.002
    np.testing.assert_array_equal(w, used((1000, 64), np.random.default_rng(0)))  # seeded by rng


def test_an_unanswered_layer_is_replaced_by_kerass_layer(capsys):
    assert yours_or_keras(MyDropout, "the experiment") is keras.layers.Dropout
    assert "your MyDropout is not written yet: the experiment uses keras.layers.Dropout" in capsys.readouterr().out


def test_a_function_that_passes_its_check_is_used_as_it_is(capsys):
    answer = solution("01_optimizers", "sgd")
    assert yours_or_keras(answer) is answer
    assert capsys.readouterr().out == "this figure uses your sgd (it passes its check)\n"


def test_an_exercise_without_a_stand_in_says_so():
    with pytest.raises(ValueError, match="no Keras stand-in for early_stopping_epoch"):
        stand_in("early_stopping_epoch")
