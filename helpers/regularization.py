"""Experiment helpers for notebook 4 (regularization): a small noisy data set, callbacks that
measure what ``model.fit`` does not, learning-curve summaries, weight statistics and Monte-Carlo
dropout. Training itself is ``helpers.training.fit``, whose history also has the cross-entropy
without penalties (``ce``/``val_ce``) next to the loss, which includes them; the learning curves
are ``helpers.plotting.plot_histories``.

Nothing here is an answer to a graded exercise: dropout itself is Keras's layer (or the class a
student passes in), penalties are Keras's regularizers, early stopping is Keras's callback.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from helpers.plotting import legend_outside
from helpers.training import cross_entropy, predict

# ----------------------------------------------------------------------------- data


@dataclass
class Split:
    """The notebook's data: a small training set with some labels randomised, a clean
    validation set (for learning curves and early stopping) and a clean test set (held out)."""

    x_train: np.ndarray
    y_train: np.ndarray  # with the randomised labels: what the network is trained on
    y_train_true: np.ndarray
    x_val: np.ndarray
    y_val: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray

    @property
    def train(self):
        return self.x_train, self.y_train

    @property
    def val(self):
        return self.x_val, self.y_val

    @property
    def test(self):
        return self.x_test, self.y_test

    @property
    def wrong_labels(self) -> float:
        """Fraction of training labels that differ from the true digit."""
        return float(np.mean(self.y_train != self.y_train_true))


def small_noisy_digits(n_train: int = 300, n_val: int = 600, noise: float = 0.1, seed: int = 0) -> Split:
    """scikit-learn's digits (pixels in [0, 1]) split into ``n_train`` training images, of which a
    fraction ``noise`` get a uniformly random label (``helpers.data.noisy_labels``), ``n_val``
    validation images and the rest (``1797 - n_train - n_val``) as a test set; all stratified."""
    from helpers.data import load_digits, noisy_labels, split

    x, y = load_digits()
    n_rest = len(x) - n_train - n_val
    if n_rest <= 0:
        raise ValueError("n_train + n_val must leave some images for the test set")
    (x_a, y_a), (x_test, y_test) = split(x, y, val_fraction=n_rest / len(x), seed=seed)
    (x_train, y_true), (x_val, y_val) = split(x_a, y_a, val_fraction=n_val / len(x_a), seed=seed)
    y_noisy = noisy_labels(y_true, fraction=noise, seed=seed)
    return Split(x_train, y_noisy, y_true, x_val, y_val, x_test, y_test)


# ----------------------------------------------------------------------------- callbacks


def last_weights_callback():
    """A callback that keeps the weights the model has when training ends, *before* an
    ``EarlyStopping(restore_best_weights=True)`` listed after it puts the best ones back
    (callbacks run in list order). Read ``.weights`` after ``fit``."""
    import keras

    class LastWeights(keras.callbacks.Callback):
        weights = None

        def on_train_end(self, logs=None):
            self.weights = self.model.get_weights()

    return LastWeights()


def inference_loss_callback(x, y, groups: dict | None = None):
    """A callback that measures, at the end of every epoch, the cross-entropy on ``(x, y)`` in
    inference mode (dropout off, no penalty), on all of it (``"all"``) and on each subset of
    ``groups`` (name -> boolean mask); read ``.values[name]`` (one value per epoch) after ``fit``."""
    import keras

    masks = {"all": np.ones(len(y), dtype=bool), **(groups or {})}
    y = np.asarray(y)

    class InferenceLoss(keras.callbacks.Callback):
        def __init__(self):
            super().__init__()
            self.values: dict[str, list[float]] = {name: [] for name in masks}

        def on_epoch_end(self, epoch, logs=None):
            probs = predict(self.model, x)
            for name, mask in masks.items():
                self.values[name].append(cross_entropy(probs[mask], y[mask]))

    return InferenceLoss()


# ----------------------------------------------------------------------------- data augmentation


def shifted(x: np.ndarray, dx: int, dy: int, side: int = 8) -> np.ndarray:
    """Images (rows of ``side*side`` pixels) moved by ``dx`` columns and ``dy`` rows, with zeros
    coming in at the edges: the simplest data augmentation for digits."""
    images = np.asarray(x).reshape(-1, side, side)
    out = np.zeros_like(images)
    rows = slice(max(dy, 0), side + min(dy, 0)), slice(max(-dy, 0), side + min(-dy, 0))
    cols = slice(max(dx, 0), side + min(dx, 0)), slice(max(-dx, 0), side + min(-dx, 0))
    out[:, rows[0], cols[0]] = images[:, rows[1], cols[1]]
    return out.reshape(len(images), side * side)


# ----------------------------------------------------------------------------- reading runs


def summarize(history: dict, train_key: str = "loss", val_key: str = "val_loss") -> dict:
    """Numbers that describe a learning curve: best validation value and its epoch (1-based),
    final training and validation values, how far validation rose after its minimum, and how
    bumpy the training curve is (the fraction of epochs, after the first quarter, where the
    training loss went *up*: about 0 for plain full-batch-like descent, about 1/2 for noise)."""
    train = np.asarray(history[train_key], dtype=float)
    val = np.asarray(history[val_key], dtype=float)
    best = int(np.argmin(val))
    tail = train[len(train) // 4 :]
    return {
        "best_val": float(val[best]),
        "best_epoch": best + 1,
        "final_train": float(train[-1]),
        "final_val": float(val[-1]),
        "min_train": float(train.min()),
        "rise": float(val[-1] - val[best]),
        "bumps": float(np.mean(np.diff(tail) > 0)) if len(tail) > 1 else 0.0,
    }


def kernels(model) -> list[np.ndarray]:
    """The kernels (not the biases) of every layer that has one, as NumPy arrays."""
    return [np.asarray(layer.kernel) for layer in model.layers if getattr(layer, "kernel", None) is not None]


def weight_stats(model, threshold: float = 1e-3) -> dict:
    """Statistics of all kernel weights: how many, the fraction exactly 0, the fraction with
    ``|w| < threshold``, the mean ``|w|`` and the sum of squares."""
    w = np.concatenate([k.ravel() for k in kernels(model)])
    return {
        "n": int(w.size),
        "exact_zero": float(np.mean(w == 0.0)),
        "below": float(np.mean(np.abs(w) < threshold)),
        "mean_abs": float(np.mean(np.abs(w))),
        "sum_sq": float(np.sum(w.astype(np.float64) ** 2)),
    }


def mc_predict(model, x, passes: int = 20) -> np.ndarray:
    """Monte-Carlo dropout: the average of ``passes`` stochastic forward passes (dropout on), the
    ensemble of thinned networks that inference-mode dropout approximates in a single pass."""
    return np.mean([predict(model, x, training=True) for _ in range(passes)], axis=0)


# ----------------------------------------------------------------------------- dropout layers


# ----------------------------------------------------------------------------- plots


def plot_weight_histograms(
    models: dict, ax=None, bins: int = 121, limit: float = 0.15, log: bool = True, colors: dict | None = None
):
    """Histograms of every kernel weight, one per labelled model (log counts: the spike at 0 that
    L1 makes and the narrow bell that L2 makes are visible next to the unpenalized spread), in
    ``colors[label]`` when given: the colours of the same runs' learning curves."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4))
    edges = np.linspace(-limit, limit, bins + 1)
    for label, model in models.items():
        w = np.concatenate([k.ravel() for k in kernels(model)])
        colour = (colors or {}).get(label)
        ax.hist(np.clip(w, -limit, limit), bins=edges, histtype="step", linewidth=1.5, label=label, color=colour)
    if log:
        ax.set_yscale("log")
    ax.set_xlabel(f"kernel weight (clipped to ±{limit:g})")
    ax.set_ylabel("number of weights")
    ax.grid(alpha=0.3)
    legend_outside(ax)
    return ax
