"""helpers.regularization: the notebook's data, callbacks, summaries, weight statistics,
Monte-Carlo dropout and the fall-back dropout layer."""

import keras
import matplotlib
import numpy as np
import pytest

import helpers.regularization as reg
from helpers.models import mlp
from helpers.training import fit, predict

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def data():
    return reg.small_noisy_digits(n_train=300, n_val=300, noise=0.1, seed=0)  # the notebook's


def test_split_sizes_noise_and_disjointness(data):
    assert (len(data.x_train), len(data.x_val), len(data.x_test)) == (300, 300, 1197)
    assert 0.05 < data.wrong_labels <= 0.1  # a random label is sometimes the right one
    assert np.array_equal(data.y_val, data.y_val.astype(int)) and set(np.unique(data.y_train)) == set(range(10))
    rows = {tuple(r) for r in np.concatenate([data.x_train, data.x_val, data.x_test])}
    assert len(rows) > 1790  # (the digits hold a few duplicate images)
    again = reg.small_noisy_digits(n_train=300, n_val=300, noise=0.1, seed=0)
    assert np.array_equal(again.y_train, data.y_train) and np.array_equal(again.x_test, data.x_test)
    with pytest.raises(ValueError):
        reg.small_noisy_digits(n_train=1000, n_val=900)


def test_loss_is_ce_plus_penalty_and_callbacks_see_the_epochs(data):
    model = mlp(64, (8,), kernel_regularizer=keras.regularizers.L2(0.1), seed=0)
    last = reg.last_weights_callback()
    early = keras.callbacks.EarlyStopping(patience=0, min_delta=10.0, restore_best_weights=True)
    inference = reg.inference_loss_callback(data.x_train, data.y_train, {"first half": np.arange(300) < 150})
    history = fit(model, keras.optimizers.SGD(0.1), data.train, data.val, epochs=5, callbacks=[last, inference, early])
    assert len(history["loss"]) == 2  # min_delta=10: epoch 1 does not improve, patience 0 stops
    # the restored weights are epoch 0's: Keras's val_loss is their cross-entropy plus their penalty
    assert history["val_loss"][0] - history["val_ce"][0] == pytest.approx(float(sum(model.losses)), rel=1e-4)
    assert len(inference.values["all"]) == 2 and len(inference.values["first half"]) == 2
    restored = model.get_weights()  # the best epoch's (epoch 0), put back by EarlyStopping
    assert any(not np.allclose(a, b) for a, b in zip(last.weights, restored))


def test_summarize_reads_a_learning_curve():
    history = {"loss": [2.0, 1.0, 0.5, 0.6, 0.2, 0.3, 0.1, 0.05], "val_loss": [2.0, 1.0, 0.8, 0.7, 0.75, 0.9, 1.0, 1.2]}
    s = reg.summarize(history)
    assert (s["best_val"], s["best_epoch"], s["final_train"], s["final_val"]) == (0.7, 4, 0.05, 1.2)
    assert s["rise"] == pytest.approx(0.5) and s["bumps"] == pytest.approx(2 / 5)


def test_kernels_and_weight_stats():
    model = mlp(4, (3,), n_outputs=2, seed=0)
    kernels = reg.kernels(model)
    assert [k.shape for k in kernels] == [(4, 3), (3, 2)]  # no biases
    model.layers[0].kernel.assign(np.zeros((4, 3), dtype="float32"))
    model.layers[1].kernel.assign(np.full((3, 2), 0.5, dtype="float32"))
    stats = reg.weight_stats(model, threshold=1e-3)
    assert stats == {
        "n": 18,
        "exact_zero": 12 / 18,
        "below": 12 / 18,
        "mean_abs": pytest.approx(3 / 18),
        "sum_sq": pytest.approx(1.5),
    }


def test_mc_predict_averages_stochastic_passes(data):
    x = data.x_val[:20]
    plain = mlp(64, (32,), seed=0)
    np.testing.assert_allclose(reg.mc_predict(plain, x, passes=3), predict(plain, x), rtol=1e-6)
    dropped = mlp(64, (32,), dropout=0.5, seed=0)
    one, many = predict(dropped, x, training=True), reg.mc_predict(dropped, x, passes=10)
    assert not np.allclose(one, predict(dropped, x)) and many.shape == (20, 10)
    np.testing.assert_allclose(many.sum(axis=1), 1.0, rtol=1e-5)


def test_shifted_moves_images_with_zeros_in():
    x = np.arange(1, 65, dtype=float)[None, :]
    right = reg.shifted(x, 1, 0).reshape(8, 8)
    assert np.array_equal(right[:, 0], np.zeros(8)) and np.array_equal(right[:, 1:], x.reshape(8, 8)[:, :-1])
    up = reg.shifted(x, 0, -1).reshape(8, 8)
    assert np.array_equal(up[-1], np.zeros(8)) and np.array_equal(up[:-1], x.reshape(8, 8)[1:])
    assert np.array_equal(reg.shifted(x, 0, 0), x)


def test_plots_are_labelled(data):
    import matplotlib.pyplot as plt

    ax = reg.plot_weight_histograms({"m": mlp(64, (8,), seed=0)})
    assert ax.get_xlabel().startswith("kernel weight") and ax.get_legend() is not None
    plt.close("all")


def test_histograms_take_the_colours_of_the_learning_curves():
    import matplotlib.colors as mcolors
    import matplotlib.pyplot as plt

    models = {"a": mlp(64, (8,), seed=0), "b": mlp(64, (8,), seed=1)}
    ax = reg.plot_weight_histograms(models, colors={"a": "tab:red", "b": "tab:blue"})
    edges = [mcolors.to_hex(patch.get_edgecolor()) for patch in ax.patches]
    assert edges == [mcolors.to_hex("tab:red"), mcolors.to_hex("tab:blue")]
    legend = ax.get_legend()
    assert legend.get_bbox_to_anchor().y0 < ax.get_window_extent().y0, "the legend sits below the axes"
    plt.close("all")
