"""Experiment helpers for notebook 3 (initialization): a data set whose raw features have wildly
different scales, and measurements of what an initialization does to a network — gradient
norms, identical units, the loss around a point, and the size of the signal (activations and
gradients) layer after layer, with their plots (in each initialization's course colour,
``helpers.plotting.color_for``).

Nothing here answers a graded exercise: the initializers themselves are Keras's (by name or
object, e.g. ``"glorot_uniform"`` or ``keras.initializers.HeNormal()``), passed to
``helpers.models.mlp``.
Training is ``helpers.training.fit``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from helpers.plotting import colors_for

# ----------------------------------------------------------------------------- data


def breast_cancer(val_fraction: float = 0.3, seed: int = 0):
    """scikit-learn's breast cancer data (569 tumours, 30 raw measurements, 2 classes; bundled, no
    download), split once, stratified: ``(x_train, y_train), (x_val, y_val)``, features float32 as
    measured (their standard deviations range from 0.003 to 570), labels int64 (1 = benign)."""
    from sklearn.datasets import load_breast_cancer
    from sklearn.model_selection import train_test_split

    x, y = load_breast_cancer(return_X_y=True)
    x_tr, x_val, y_tr, y_val = train_test_split(
        x.astype(np.float32), y.astype(np.int64), test_size=val_fraction, random_state=seed, stratify=y
    )
    return (x_tr, y_tr), (x_val, y_val)


def feature_names() -> list[str]:
    from sklearn.datasets import load_breast_cancer

    return list(load_breast_cancer().feature_names)


# ----------------------------------------------------------------------------- measurements


def dense_layers(model) -> list:
    """The layers of ``model`` that have a kernel, input to output."""
    return [layer for layer in model.layers if getattr(layer, "kernel", None) is not None]


def gradient_norms(model, x, y) -> dict[str, tuple[float, float]]:
    """``{layer name: (norm of dL/dkernel, norm of dL/dbias)}`` for the mean cross-entropy ``L``
    on ``(x, y)``, the model in training mode."""
    import keras
    import tensorflow as tf

    layers = dense_layers(model)
    variables = [v for layer in layers for v in (layer.kernel, layer.bias)]
    with tf.GradientTape() as tape:
        loss = keras.losses.SparseCategoricalCrossentropy()(y, model(np.asarray(x, dtype=np.float32), training=True))
    grads = [np.asarray(g) for g in tape.gradient(loss, variables)]
    return {
        layer.name: (float(np.linalg.norm(grads[2 * i])), float(np.linalg.norm(grads[2 * i + 1])))
        for i, layer in enumerate(layers)
    }


def unit_spread(model) -> dict[str, tuple[float, float]]:
    """``{layer name: (kernel spread, bias spread)}``: the largest difference between two units
    of a layer, over their incoming weights (the kernel's columns) and over their biases. Zero
    means every unit of the layer is the same function of its inputs."""
    out = {}
    for layer in dense_layers(model):
        kernel, bias = np.asarray(layer.kernel), np.asarray(layer.bias)
        out[layer.name] = (float(np.max(kernel.max(axis=1) - kernel.min(axis=1))), float(bias.max() - bias.min()))
    return out


def loss_along(
    model, x, y, direction: Sequence[np.ndarray], steps: Sequence[float], origin: Sequence[np.ndarray] | None = None
) -> np.ndarray:
    """The mean cross-entropy at the weights ``origin + t * direction`` for each ``t`` in ``steps``
    (``origin``: the model's current weights; ``direction``: one array per weight, in the order
    of ``model.get_weights()``). The model's weights are restored afterwards."""
    import keras

    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    saved = model.get_weights()
    base = saved if origin is None else list(origin)
    x = np.asarray(x, dtype=np.float32)
    losses = []
    try:
        for t in steps:
            model.set_weights([(w + t * d).astype(np.float32) for w, d in zip(base, direction)])
            losses.append(float(loss_fn(y, model(x, training=False))))
    finally:
        model.set_weights(saved)
    return np.array(losses)


def signal_stats(model, x, y) -> dict:
    """How the signal travels through ``model`` on a batch ``(x, y)``, layer by layer.

    Returns ``activations`` (each hidden layer's output, as arrays), ``activation_std`` (their
    standard deviations), ``gradient_std`` (standard deviation of ``dL/dh`` for each hidden
    layer's output ``h``: the error signal that backpropagation carries to that layer),
    ``kernel_gradient_std`` (of ``dL/dW`` for every kernel, output layer included) and ``loss``.
    """
    import keras
    import tensorflow as tf

    layers = dense_layers(model)
    with tf.GradientTape(persistent=True) as tape:
        h = tf.constant(np.asarray(x, dtype=np.float32))
        outputs = []
        for layer in layers:
            h = layer(h)
            tape.watch(h)
            outputs.append(h)
        loss = keras.losses.SparseCategoricalCrossentropy()(y, h)
    d_outputs = tape.gradient(loss, outputs[:-1])
    d_kernels = tape.gradient(loss, [layer.kernel for layer in layers])
    del tape
    return {
        "activations": [np.asarray(a) for a in outputs[:-1]],
        "activation_std": np.array([float(np.std(a)) for a in outputs[:-1]]),
        "gradient_std": np.array([float(np.std(g)) for g in d_outputs]),
        "kernel_gradient_std": np.array([float(np.std(g)) for g in d_kernels]),
        "loss": float(loss),
    }


# ----------------------------------------------------------------------------- plots


def plot_per_layer(stats: Mapping[str, dict], key: str, ax=None, title: str | None = None, ylabel: str | None = None):
    """One line per labelled ``signal_stats`` result: ``stats[label][key]`` against the layer
    number, on a log scale."""
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4))
    colours = colors_for(list(stats))
    for label, s in stats.items():
        values = np.asarray(s[key], dtype=float)
        ax.plot(range(1, len(values) + 1), values, marker="o", ms=3, color=colours[label], label=label)
    ax.set_yscale("log")
    ax.set_xlabel("hidden layer")
    ax.set_ylabel(ylabel or key.replace("_", " "))
    if title:
        ax.set_title(title, fontsize=10)
    ax.grid(alpha=0.3, which="both")
    ax.legend(fontsize="small")
    return ax


def plot_activation_histograms(
    stats: Mapping[str, dict], layers: Sequence[int], axes_rows, bins: int = 60, limit: float = 1.0
):
    """Histograms of the activations of some hidden ``layers`` (1-based), one row of axes per
    labelled ``signal_stats`` result, all on ``[-limit, limit]``: a distribution that shrinks
    layer after layer becomes a spike at 0."""
    edges = np.linspace(-limit, limit, bins + 1)
    colours = colors_for(list(stats))
    for row, (label, s) in zip(axes_rows, stats.items()):
        for ax, layer in zip(row, layers):
            a = s["activations"][layer - 1].ravel()
            ax.hist(np.clip(a, -limit, limit), bins=edges, color=colours[label], alpha=0.85)
            ax.set_title(f"{label}, layer {layer}\nstd {np.std(a):.2g}", fontsize=9)
            ax.set_yticks([])
            ax.set_xlabel("activation", fontsize=8)
        row[0].set_ylabel("count", fontsize=8)
    return axes_rows
