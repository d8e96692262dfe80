"""Small Keras models shared by the notebooks. Keras is imported inside the functions, so that
``import helpers.models`` costs nothing until a model is built."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def mlp(
    n_inputs: int,
    hidden: Sequence[int] = (32,),
    n_outputs: int = 10,
    activation: str = "relu",
    output_activation: str = "softmax",
    kernel_initializer="glorot_uniform",
    bias_initializer="zeros",
    kernel_regularizer=None,
    dropout: float = 0.0,
    dropout_layer: Callable | None = None,
    seed: int | None = 0,
    name: str = "mlp",
):
    """A fully connected network ``n_inputs -> hidden... -> n_outputs``.

    ``kernel_initializer``/``kernel_regularizer`` apply to every Dense layer (biases are never
    penalized). With ``dropout > 0`` a dropout layer follows every hidden layer; it is
    ``keras.layers.Dropout`` unless ``dropout_layer`` (a callable ``rate -> layer``, e.g. a layer
    class written in a notebook) is given. ``seed`` makes initial weights and dropout masks
    repeatable.
    """
    import keras

    if seed is not None:
        keras.utils.set_random_seed(seed)
    make_dropout = dropout_layer or keras.layers.Dropout
    widths = [*hidden, n_outputs]
    layers = [keras.Input(shape=(n_inputs,))]
    for i, width in enumerate(widths):
        last = i == len(widths) - 1
        layers.append(
            keras.layers.Dense(
                width,
                activation=output_activation if last else activation,
                kernel_initializer=_fresh(kernel_initializer, i),
                bias_initializer=_fresh(bias_initializer, i),
                kernel_regularizer=kernel_regularizer,
                name="output" if last else f"hidden_{i + 1}",
            )
        )
        if dropout > 0 and not last:
            layers.append(make_dropout(dropout))
    return keras.Sequential(layers, name=name)


def copy_model(model):
    """A new model with ``model``'s architecture and its current weights (``clone_model`` alone
    would draw new weights; ``set_weights`` copies the original's)."""
    import keras

    clone = keras.models.clone_model(model)
    clone.set_weights(model.get_weights())
    return clone


def _fresh(initializer, layer: int):
    """A new initializer object per layer. Sharing one object, or copying a seeded one with its
    seed, would give layers of the same shape the same draw: a seeded initializer's copy for
    layer ``i`` gets the seed ``seed + i``."""
    if isinstance(initializer, str) or initializer is None:
        return initializer
    config = initializer.get_config()
    if config.get("seed") is not None:
        config["seed"] = config["seed"] + layer
    return initializer.__class__.from_config(config)
