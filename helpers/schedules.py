"""Notebook 1's learning-rate schedules.

``schedule_values`` / ``plot_schedules``: a Keras ``LearningRateSchedule`` (or any function of the
step) evaluated at steps 0, 1, 2... and plotted; ``plot_lr_history`` draws the learning rate an
epoch used (``history["learning_rate"]``, recorded by ``ReduceLROnPlateau``) under the monitored
loss. (Your optimizer functions next to Keras's: ``helpers.compare``.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np


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
