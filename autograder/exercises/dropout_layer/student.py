"""Instantiate a student's ``MyDropout(rate)`` layer and call it as Keras would.

Keras and TensorFlow are imported here, lazily: this collector runs in the student's process
(or kernel), where the setup cell has imported Keras already. Everything returned is NumPy:
outputs as float64 arrays, and for the ``"gradient"`` scenario the gradient that
``tf.GradientTape`` computed through the student's layer (``None`` when no gradient flows).

``forbidden_code()`` lists the code objects of Keras's and TensorFlow's own dropout functions: a
layer that hands the work to one of them (``keras.layers.Dropout``, inheriting its ``call``,
``keras.random.dropout``, ``tf.nn.dropout``...) is reported by ``run.guard`` and scores 0.
"""

from __future__ import annotations

import numpy as np

from autograder.calling import StudentError, as_array, call
from autograder.compat.keras import dropout_code
from autograder.errors import ErrorKind


def forbidden_code() -> dict:
    """Keras's and TensorFlow's own dropout functions: the layer must not call them."""
    return dropout_code()


def _numpy(value, shape, what):
    if value is not None and hasattr(value, "numpy") and not isinstance(value, np.ndarray):
        value = value.numpy()
    return as_array(value, shape, what)


def collect(fn, inputs: dict) -> dict:
    import keras
    import tensorflow as tf

    x = np.asarray(inputs["x"], dtype=np.float32)
    rate = float(inputs["rate"])
    scenario = inputs["scenario"]
    keras.utils.set_random_seed(int(inputs["seed"]))
    layer = call(fn, rate)
    if not isinstance(layer, keras.layers.Layer):
        raise StudentError(
            ErrorKind.RETURN_VALUE,
            f"MyDropout(rate) made a {type(layer).__name__}, not a Keras layer: "
            "write `class MyDropout(keras.layers.Layer)`",
        )
    what = "the layer"

    def run(*args, **kwargs):
        return _numpy(call(layer, *args, **kwargs), x.shape, what)

    if scenario == "inference":
        return {"outputs": [run(x), run(x, training=False)]}
    if scenario in ("training", "rate_zero"):
        return {"outputs": [run(x, training=True)]}
    if scenario == "fresh":
        return {"outputs": [run(x, training=True) for _ in range(3)]}
    if scenario == "gradient":
        upstream = tf.constant(np.asarray(inputs["upstream"], dtype=np.float32))
        xt = tf.constant(x)

        def forward():
            with tf.GradientTape() as tape:
                tape.watch(xt)
                y = layer(xt, training=True)
                loss = tf.reduce_sum(tf.cast(y, tf.float32) * upstream)
            return y, tape.gradient(loss, xt)

        y, gradient = call(forward)
        return {
            "outputs": [_numpy(y, x.shape, what)],
            "gradient": None if gradient is None else _numpy(gradient, x.shape, "the gradient"),
        }
    if scenario == "graph":
        xt = tf.constant(x)
        train = tf.function(lambda t: layer(t, training=True))
        infer = tf.function(lambda t: layer(t, training=False))
        outputs = [_numpy(call(train, xt), x.shape, what) for _ in range(2)]
        outputs.append(_numpy(call(infer, xt), x.shape, what))
        return {"outputs": outputs}
    raise ValueError(f"unknown scenario {scenario!r}")
