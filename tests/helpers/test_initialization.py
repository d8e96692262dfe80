"""helpers.initialization: the data, the training loop, and the measurements notebook 3 rests on.

Each measurement is checked against a direct computation, and each of the notebook's claims
that a helper carries (zero weights give zero gradients, constant weights keep identical units,
zero is a saddle point, small weights shrink the signal by sqrt(fan_in)*0.01 per layer) against
a small run.
"""

import matplotlib

matplotlib.use("Agg")

import keras
import matplotlib.pyplot as plt
import numpy as np
import pytest
import tensorflow as tf
from matplotlib.colors import to_hex

import helpers  # noqa: F401 - quiet TensorFlow first
from helpers import initialization as init
from helpers.data import load_digits
from helpers.models import mlp
from helpers.plotting import INITIALIZER_COLORS
from helpers.training import fit


@pytest.fixture(scope="module")
def digits():
    x, y = load_digits(scale="standard")
    return x[:300], y[:300]


def test_breast_cancer_is_split_stratified_with_raw_scales():
    (x_tr, y_tr), (x_val, y_val) = init.breast_cancer(val_fraction=0.3, seed=0)
    assert x_tr.shape == (398, 30) and x_val.shape == (171, 30)
    assert x_tr.dtype == np.float32 and y_tr.dtype == np.int64
    assert abs(y_tr.mean() - y_val.mean()) < 0.01  # stratified
    std = x_tr.std(axis=0)
    assert std.max() / std.min() > 1e4  # the point of the data set: wildly different scales
    assert len(init.feature_names()) == 30
    (again, _), _ = init.breast_cancer(val_fraction=0.3, seed=0)
    assert np.array_equal(again, x_tr)


def test_zero_weights_give_zero_gradients_except_the_output_bias(digits):
    x, y = digits
    net = mlp(64, (16, 16), 10, activation="tanh", kernel_initializer="zeros", seed=0)
    norms = init.gradient_norms(net, x, y)
    assert list(norms) == ["hidden_1", "hidden_2", "output"]
    assert all(g == 0.0 for layer, pair in norms.items() for g in pair if layer != "output")
    assert norms["output"][0] == 0.0 and norms["output"][1] > 0
    # the output bias's gradient is the mean of (softmax - one-hot): uniform probabilities minus frequencies
    freq = np.bincount(y, minlength=10) / len(y)
    assert np.isclose(norms["output"][1], np.linalg.norm(0.1 - freq), rtol=1e-4)


def test_constant_weights_keep_identical_units_through_training(digits):
    net = mlp(64, (16, 16), 10, activation="tanh", kernel_initializer=keras.initializers.Constant(0.1), seed=0)
    fit(net, keras.optimizers.SGD(0.05, momentum=0.9), digits, epochs=3)
    spread = init.unit_spread(net)
    assert spread["hidden_1"] == (0.0, 0.0) and spread["hidden_2"] == (0.0, 0.0)
    assert spread["output"][0] > 0  # output units have different targets
    random_net = mlp(64, (16, 16), 10, seed=0)
    assert all(k > 0 for k, _ in list(init.unit_spread(random_net).values()))


def test_unit_spread_is_the_largest_difference_between_two_columns():
    net = mlp(3, (4,), 2, seed=0)
    kernel = np.asarray(net.get_layer("hidden_1").kernel)
    expected = max(np.abs(kernel[:, i] - kernel[:, j]).max() for i in range(4) for j in range(4))
    assert np.isclose(init.unit_spread(net)["hidden_1"][0], expected)


def test_loss_along_restores_the_weights_and_zero_is_a_saddle_point(digits):
    x, y = digits
    net = mlp(64, (16,), 10, activation="tanh", kernel_initializer="zeros", seed=0)
    origin = net.get_weights()
    origin[3] = np.log(np.bincount(y, minlength=10) / len(y)).astype(np.float32)
    net.set_weights(origin)
    assert all(max(pair) < 1e-6 for pair in init.gradient_norms(net, x, y).values())  # a critical point
    rng = np.random.default_rng(0)
    direction = [rng.normal(size=w.shape) / np.sqrt(w.shape[0]) * (w.ndim == 2) for w in origin]
    flipped = [direction[0], direction[1], -direction[2], direction[3]]
    t = np.linspace(-1, 1, 21)
    a, b = (init.loss_along(net, x, y, d, t) for d in (direction, flipped))
    assert all(np.array_equal(u, v) for u, v in zip(net.get_weights(), origin))  # restored
    loss0 = float(keras.losses.SparseCategoricalCrossentropy()(y, net(x)))
    assert np.isclose(a[10], loss0) and np.isclose(b[10], loss0)
    lower, higher = (a, b) if a.min() < b.min() else (b, a)
    assert lower.min() < loss0 - 1e-3  # down along one direction...
    assert np.all(higher[np.abs(t) > 0] > loss0)  # ...up along the other: a saddle, not a minimum


def test_signal_stats_match_a_direct_computation(digits):
    x, y = digits
    net = mlp(64, (12, 8), 10, activation="tanh", seed=1)
    stats = init.signal_stats(net, x, y)
    w = net.get_weights()
    h1 = np.tanh(x @ w[0] + w[1])
    h2 = np.tanh(h1 @ w[2] + w[3])
    np.testing.assert_allclose(stats["activation_std"], [h1.std(), h2.std()], rtol=1e-4)
    assert [a.shape for a in stats["activations"]] == [(300, 12), (300, 8)]
    # dL/dh2 = (softmax - onehot)/n @ W3^T
    z = h2 @ w[4] + w[5]
    p = np.exp(z - z.max(axis=1, keepdims=True))
    p /= p.sum(axis=1, keepdims=True)
    d_h2 = (p - np.eye(10)[y]) / len(y) @ w[4].T
    assert np.isclose(stats["gradient_std"][1], d_h2.std(), rtol=1e-3)
    assert len(stats["kernel_gradient_std"]) == 3
    assert np.isclose(stats["loss"], -np.mean(np.log(p[np.arange(len(y)), y])), rtol=1e-5)


def test_small_weights_shrink_the_signal_as_predicted(digits):
    x, y = digits
    net = mlp(
        64, (256,) * 6, 10, activation="tanh", kernel_initializer=keras.initializers.RandomNormal(stddev=0.01), seed=0
    )
    stats = init.signal_stats(net, x, y)
    per_layer = stats["activation_std"][1:] / stats["activation_std"][:-1]
    np.testing.assert_allclose(per_layer, np.sqrt(256) * 0.01, rtol=0.1)  # tanh is linear near 0
    assert np.all(np.diff(stats["gradient_std"]) > 0)  # gradients shrink towards the input
    he = init.signal_stats(mlp(64, (256,) * 6, 10, activation="relu", kernel_initializer="he_normal", seed=0), x, y)
    assert 0.5 < he["activation_std"][-1] / he["activation_std"][0] < 2  # He keeps ReLU activations


def test_plots_are_labelled():
    stats = {
        "glorot_uniform": {"activation_std": [1.0, 0.5], "activations": [np.ones((4, 2)), np.zeros((4, 2))]},
        "N(0, 0.01²)": {"activation_std": [0.1, 0.01], "activations": [np.ones((4, 2)), np.zeros((4, 2))]},
    }
    ax = init.plot_per_layer(stats, "activation_std", title="t", ylabel="std")
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "hidden layer" and ax.get_ylabel() == "std"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == list(stats)
    assert [line.get_color() for line in ax.get_lines()] == [INITIALIZER_COLORS[label] for label in stats]
    fig, axes = plt.subplots(2, 2)
    init.plot_activation_histograms(stats, (1, 2), axes)
    assert axes[0, 0].get_ylabel() == "count" and "layer 2" in axes[1, 1].get_title()
    assert to_hex(axes[1, 0].patches[0].get_facecolor()) == INITIALIZER_COLORS["N(0, 0.01²)"]
    plt.close("all")


def test_dense_layers_are_the_layers_with_kernels():
    net = mlp(5, (3,), 2, dropout=0.5, seed=0)
    assert [layer.name for layer in init.dense_layers(net)] == ["hidden_1", "output"]
    assert tf.is_tensor(init.dense_layers(net)[0].kernel.value)
