"""helpers.schedules: schedule values and the learning-rate history plot (with
``helpers.training.fit`` runs)."""

import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest

import helpers  # noqa: F401 - first: quiets TensorFlow
from helpers.schedules import plot_lr_history, plot_schedules, schedule_values
from helpers.training import fit


def test_schedule_values_are_what_the_optimizer_uses_from_step_0():
    import keras

    schedule = keras.optimizers.schedules.ExponentialDecay(0.1, decay_steps=1, decay_rate=0.99)
    values = schedule_values(schedule, 50)
    np.testing.assert_allclose(values, 0.1 * 0.99 ** np.arange(50), rtol=1e-6)
    staircase = keras.optimizers.schedules.ExponentialDecay(1.0, decay_steps=10, decay_rate=0.5, staircase=True)
    np.testing.assert_allclose(schedule_values(staircase, 25), 0.5 ** (np.arange(25) // 10), rtol=1e-6)
    # a function of one integer only (not vectorizable) takes the slow path, same numbers
    np.testing.assert_allclose(schedule_values(lambda k: [1.0, 0.5][int(k) % 2], 4), [1.0, 0.5, 1.0, 0.5])


def tiny_data(n=70, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, 8)).astype("float32")
    return x, (x[:, 0] > 0).astype("int64") + 2 * (x[:, 1] > 0).astype("int64")


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")  # inside Keras's callback
def test_reduce_lr_on_plateau_records_the_rate_each_epoch_used():
    import keras

    from helpers.models import mlp

    train = tiny_data()
    callback = keras.callbacks.ReduceLROnPlateau(monitor="loss", factor=0.5, patience=1, min_delta=10.0)
    history = fit(
        mlp(8, hidden=(4,), n_outputs=4, seed=0),
        keras.optimizers.SGD(0.1),
        train,
        epochs=4,
        batch_size=32,
        callbacks=[callback],
    )
    # min_delta=10: only the first epoch improves, then the rate halves after every epoch
    np.testing.assert_allclose(history["learning_rate"], [0.1, 0.1, 0.05, 0.025], rtol=1e-6)
    top, bottom = plot_lr_history(history, monitor="loss")
    assert bottom.get_yscale() == "log" and top.get_ylabel().startswith("loss")


@pytest.mark.filterwarnings("ignore:__array__ implementation:DeprecationWarning")
def test_callbacks_can_monitor_the_validation_loss():
    import keras

    from helpers.models import mlp

    callback = keras.callbacks.ReduceLROnPlateau(factor=0.5, patience=1, min_delta=10.0)  # monitors val_loss
    history = fit(
        mlp(8, hidden=(4,), n_outputs=4, seed=0),
        keras.optimizers.SGD(0.1),
        tiny_data(),
        tiny_data(30, seed=1),
        epochs=3,
        batch_size=32,
        callbacks=[callback],
    )
    assert len(history["val_loss"]) == len(history["val_accuracy"]) == 3
    np.testing.assert_allclose(history["learning_rate"], [0.1, 0.1, 0.05], rtol=1e-6)


def test_plots_are_labelled():
    import keras

    ax = plot_schedules(
        {"exponential": keras.optimizers.schedules.ExponentialDecay(0.1, 1, 0.9), "constant": lambda k: 0.1 + 0 * k},
        30,
        steps_per_epoch=10,
    )
    assert ax.get_xlabel() and ax.get_ylabel() == "learning rate" and len(ax.get_legend().get_texts()) == 2
