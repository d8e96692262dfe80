"""helpers.compare: notebook 1's "your function vs Keras" copes with functions that are missing,
unanswered or broken, and trains the ones that work next to Keras."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import helpers  # noqa: F401 - first: quiets TensorFlow
from helpers.compare import (
    describe_optimizer,
    find_update,
    max_difference,
    plot_yours_and_keras,
    show_yours_against_keras,
    update_problem,
)


def unanswered(w, g, state, learning_rate=0.1):
    raise NotImplementedError()


def plain_sgd(w, g, state, learning_rate=0.1):
    state["t"] = state.get("t", 0) + 1
    return w - learning_rate * g


def test_update_problem_explains_what_keeps_a_function_from_training():
    assert update_problem(plain_sgd, learning_rate=0.5) is None
    assert update_problem(unanswered) == "not answered yet"
    assert update_problem(lambda w, g, state: None) == "returns None (return the new parameters)"
    assert "shape (6,)" in update_problem(lambda w, g, state: w.ravel())
    assert "NaN" in update_problem(lambda w, g, state: w * np.nan)
    assert update_problem(lambda w, g, state: w[9]).startswith("raises IndexError")
    assert update_problem(plain_sgd, momentum=0.9).startswith("raises TypeError")


def test_find_update_in_the_notebook_namespace():
    namespace = {"sgd": plain_sgd, "adam": unanswered}
    assert find_update(namespace, "sgd", learning_rate=0.1) == (plain_sgd, None)
    assert find_update(namespace, "adam") == (None, "not answered yet")
    assert find_update(namespace, "rmsprop") == (None, "not defined (run its answer cell)")


def test_describe_optimizer_writes_the_call():
    import keras

    assert describe_optimizer(keras.optimizers.SGD, dict(learning_rate=0.1, momentum=0.9)) == (
        "SGD(learning_rate=0.1, momentum=0.9)"
    )


@pytest.mark.parametrize("keys, expected", [(("loss",), 0.5), (("loss", "val_loss"), 0.75)])
def test_max_difference_over_epochs_and_keys(keys, expected):
    a = {"loss": [1.0, 0.5], "val_loss": [1.0, 1.0]}
    b = {"loss": [1.0, 1.0], "val_loss": [1.75, 1.0]}
    assert max_difference(a, b, keys) == expected


def test_plot_is_labelled_with_or_without_your_curve():
    history = {"loss": [1.0, 0.5], "val_loss": [1.1, 0.6]}
    ax = plot_yours_and_keras(history, history, "sgd", "SGD(0.1)")
    assert len(ax.get_legend().get_texts()) == 4
    ax = plot_yours_and_keras(None, history, "sgd", "SGD(0.1)", note="write sgd above")
    assert len(ax.get_legend().get_texts()) == 2 and any("write sgd" in t.get_text() for t in ax.texts)
    plt.close("all")


def tiny_data(n, seed):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 8)).astype("float32")
    return x, (x[:, 0] > 0).astype("int64") + 2 * (x[:, 1] > 0).astype("int64")


def fails_on_biases(w, g, state, learning_rate=0.1):
    if w.ndim == 1:  # the small test uses a matrix only: this passes it and fails on the network
        raise ValueError("no biases")
    return w - learning_rate * g


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")  # inside Keras
def test_show_yours_against_keras_missing_unanswered_broken_and_present(capsys):
    import keras

    from helpers.models import copy_model, mlp
    from helpers.training import fit

    train, val = tiny_data(64, 0), tiny_data(32, 1)
    base = mlp(8, hidden=(4,), n_outputs=4, seed=0)
    optimizers = {label: (keras.optimizers.SGD, dict(learning_rate=0.1)) for label in ("sgd", "a", "b", "c")}
    keras_run = fit(copy_model(base), keras.optimizers.SGD(learning_rate=0.1), train, val, epochs=2, batch_size=32)
    namespace = {"sgd": plain_sgd, "adagrad": unanswered, "rmsprop": fails_on_biases}
    pairs = {"sgd": "sgd", "adagrad": "a", "rmsprop": "b", "adam": "c"}
    differences = show_yours_against_keras(
        namespace, pairs, optimizers, dict.fromkeys(optimizers, keras_run), base, train, val, epochs=2, batch_size=32
    )
    assert list(differences) == list(pairs)
    assert differences["sgd"] < 1e-4, "the same SGD in both loops: the same curves"
    assert differences["adagrad"] is differences["rmsprop"] is differences["adam"] is None
    out = capsys.readouterr().out
    assert "adagrad: not answered yet" in out
    assert "rmsprop: raised ValueError while training: no biases" in out
    assert "adam: not defined (run its answer cell)" in out
    table = out.splitlines()[-4:]
    assert table[0].startswith("sgd") and "SGD(learning_rate=0.1)" in table[0]
    assert all(line.endswith("(no curve yet)") for line in table[1:])
    for a, b in zip(copy_model(base).get_weights(), base.get_weights()):
        np.testing.assert_array_equal(a, b)  # the model itself is not trained
    plt.close("all")
