"""Notebook 1's helpers: learning-rate schedules, and your optimizer next to Keras's.

- ``schedule_values`` / ``plot_schedules``: a Keras ``LearningRateSchedule`` (or any function of
  the step) evaluated at steps 0, 1, 2... and plotted; ``plot_lr_history`` draws the learning
  rate an epoch used (``history["learning_rate"]``, recorded by ``ReduceLROnPlateau``) under the
  monitored loss.
- ``copy_model``: a clone of a model with the same initial weights.
- ``update_problem``: why a NumPy update function cannot be used yet (unanswered, raises, returns
  something that is not the new parameters), or ``None``; ``plot_yours_and_keras``: the learning
  curves of a model trained by your function and of its copy trained by ``model.fit``.

Nothing here is an optimizer: the updates are Keras's or the student's own function.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from helpers.plotting import color_for

# ----------------------------------------------------------------------------- schedules


def schedule_values(schedule: Callable, steps: int) -> np.ndarray:
    """``schedule(k)`` for ``k = 0 .. steps-1`` as a float64 array. ``schedule`` is a Keras
    ``LearningRateSchedule`` (the optimizer calls it with its step counter, 0 on the first
    update) or any function of the integer step."""
    k = np.arange(steps)
    try:  # Keras's schedules and NumPy expressions take every step at once
        values = np.asarray(schedule(k), dtype=np.float64)
        if values.shape == (steps,):
            return values
    except Exception:  # noqa: BLE001 - a function of one integer step only
        pass
    return np.array([float(np.asarray(schedule(int(i)))) for i in k])


def plot_schedules(
    schedules: Mapping[str, Callable],
    steps: int,
    ax=None,
    logy: bool = True,
    title: str | None = None,
    steps_per_epoch: int | None = None,
):
    """Each labelled schedule against the update step (log scale by default). With
    ``steps_per_epoch``, thin grey vertical lines mark the epochs. Returns the axes."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    k = np.arange(steps)
    styles = ["-", "--", "-.", ":"]
    for i, (label, schedule) in enumerate(schedules.items()):
        ax.plot(k, schedule_values(schedule, steps), styles[i % len(styles)], linewidth=2 - 0.3 * (i % 3), label=label)
    if steps_per_epoch:
        for e in range(steps_per_epoch, steps, steps_per_epoch):
            ax.axvline(e, color="0.85", linewidth=0.8, zorder=0)
    if logy:
        ax.set_yscale("log")
    ax.set_xlabel("update step k (the optimizer's counter: 0 on the first update)")
    ax.set_ylabel("learning rate")
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax


def plot_lr_history(
    history: Mapping[str, Sequence[float]],
    monitor: str = "val_loss",
    axes=None,
    title: str | None = None,
    logy: bool = True,
):
    """Two stacked panels: the monitored quantity per epoch (with its running best, and the
    training loss when ``monitor`` is another quantity; log scale unless ``logy=False``), and the
    learning rate each epoch used, ``history["learning_rate"]`` (step plot, log scale). Epochs
    where the learning rate dropped are marked in both. Returns the two axes."""
    import matplotlib.pyplot as plt

    if axes is None:
        _, axes = plt.subplots(2, 1, figsize=(6.4, 5), sharex=True, gridspec_kw={"height_ratios": [3, 2]})
    top, bottom = axes
    values = np.asarray(history[monitor], dtype=float)
    lr = np.asarray(history["learning_rate"], dtype=float)
    epochs = np.arange(1, len(values) + 1)
    drops = epochs[1:][lr[1:] < lr[:-1]]  # first epoch run with the lower rate
    top.plot(epochs, values, "o-", markersize=3, label=monitor.replace("_", " "))
    top.plot(epochs, np.minimum.accumulate(values), color="0.5", linewidth=1, label="best so far")
    if "loss" in history and monitor != "loss":
        top.plot(epochs, history["loss"], color="0.7", linestyle="--", linewidth=1, label="training loss")
    bottom.step(epochs, lr, where="mid", color="C3")
    for ax in axes:
        for e in drops:
            ax.axvline(e - 0.5, color="C3", alpha=0.4, linestyle=":")
        ax.grid(alpha=0.3)
    if logy:
        top.set_yscale("log")
    top.set_ylabel(monitor.replace("_", " ") + (" (log scale)" if logy else ""))
    top.legend(fontsize="small")
    if title:
        top.set_title(title)
    bottom.set_yscale("log")
    bottom.set_ylabel("learning rate")
    bottom.set_xlabel("epoch")
    return axes


# ----------------------------------------------------------------------------- models


def copy_model(model):
    """A new model with ``model``'s architecture and its current weights (``clone_model`` draws
    new weights; ``set_weights`` copies the original's)."""
    import keras

    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())
    return clone


# ----------------------------------------------------------------------------- your function and Keras's


def update_problem(update: Callable, **hyper) -> str | None:
    """``None`` if ``update(w, g, state, **hyper)`` can take two steps on a small float32 array
    and returns finite new parameters of the right shape; otherwise a short description of what
    is wrong (``"not answered yet"`` while the answer cell still raises ``NotImplementedError``)."""
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 2)).astype(np.float32)
    state: dict = {}
    try:
        for _ in range(2):
            new = update(w.copy(), rng.normal(size=w.shape).astype(np.float32), state, **hyper)
            if new is None:
                return "returns None (return the new parameters)"
            new = np.asarray(new, dtype=np.float64)
            if new.shape != w.shape:
                return f"returns an array of shape {new.shape} for parameters of shape {w.shape}"
            if not np.all(np.isfinite(new)):
                return "returns NaN or infinite values"
            w = new.astype(np.float32)
    except NotImplementedError:
        return "not answered yet"
    except Exception as exc:  # noqa: BLE001 - a student's function may raise anything
        return f"raises {type(exc).__name__}: {exc}"
    return None


def max_difference(
    a: Mapping[str, Sequence[float]], b: Mapping[str, Sequence[float]], keys: Sequence[str] = ("loss", "val_loss")
) -> float:
    """The largest absolute difference between two histories over ``keys`` and epochs."""
    return max(float(np.max(np.abs(np.subtract(a[k], b[k])))) for k in keys if k in a and k in b)


def plot_yours_and_keras(
    yours: Mapping | None, keras_history: Mapping, name: str, keras_label: str, ax=None, note: str | None = None
):
    """Training (solid) and validation (dashed) loss of the model trained by your ``name`` and of
    its copy trained by Keras (``keras_label``). Your curves are drawn thick and Keras's thin on
    top, so that overlapping curves stay visible. ``yours=None`` (not answered yet) draws Keras's
    alone with ``note``. Returns the axes."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    epochs = np.arange(1, len(keras_history["loss"]) + 1)
    if yours is not None:
        colour = color_for("student")
        ax.plot(epochs, yours["loss"], color=colour, linewidth=5, alpha=0.5, label=f"your {name} (train)")
        ax.plot(
            epochs, yours["val_loss"], color=colour, linewidth=5, alpha=0.5, linestyle="--", label=f"your {name} (val)"
        )
    colour = color_for("keras")
    ax.plot(
        epochs,
        keras_history["loss"],
        color=colour,
        linewidth=1.2,
        marker="o",
        markersize=3,
        label=f"{keras_label} (train)",
    )
    ax.plot(
        epochs,
        keras_history["val_loss"],
        color=colour,
        linewidth=1.2,
        linestyle="--",
        marker="o",
        markersize=3,
        label=f"{keras_label} (val)",
    )
    if note:
        ax.text(
            0.5,
            0.5,
            note,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize="medium",
            color=color_for("student"),
            bbox=dict(facecolor="white", edgecolor="0.8"),
        )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy")
    ax.set_title(f"your {name} in a training loop vs {keras_label} in model.fit")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax
