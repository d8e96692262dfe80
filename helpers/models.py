"""Small Keras models shared by the notebooks. Keras is imported inside the functions, so that
``import helpers.models`` costs nothing until a model is built."""
from __future__ import annotations

from typing import Callable, Sequence


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
    layers = [keras.Input(shape=(n_inputs,))]
    for i, width in enumerate(hidden):
        layers.append(
            keras.layers.Dense(
                width,
                activation=activation,
                kernel_initializer=_fresh(kernel_initializer),
                bias_initializer=_fresh(bias_initializer),
                kernel_regularizer=kernel_regularizer,
                name=f"hidden_{i + 1}",
            )
        )
        if dropout > 0:
            layers.append(make_dropout(dropout))
    layers.append(
        keras.layers.Dense(
            n_outputs,
            activation=output_activation,
            kernel_initializer=_fresh(kernel_initializer),
            bias_initializer=_fresh(bias_initializer),
            kernel_regularizer=kernel_regularizer,
            name="output",
        )
    )
    return keras.Sequential(layers, name=name)


def _fresh(initializer):
    """A new initializer object per layer: sharing one seeded object would give every layer the
    same draw (Keras warns about it)."""
    if isinstance(initializer, str) or initializer is None:
        return initializer
    return initializer.__class__.from_config(initializer.get_config())
