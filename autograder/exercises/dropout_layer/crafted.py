"""Crafted answers to ``MyDropout``: one per row of ``judge.MISTAKES``, and the accepted forms.

Each source is a whole answer cell, as a student would type it after notebook 4's setup cell
(which provides ``np`` and ``keras``): the same ``__init__`` (a ``SeedGenerator``), and the
``call`` that makes the difference. Not shipped to students.
"""

from autograder.family import Crafted

_EXERCISE = "MyDropout"


def _layer(call: str, rate: str = "rate") -> str:
    """A ``MyDropout`` whose ``call`` has the body ``call``, storing ``self.rate = <rate>``."""
    return f"""
class MyDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = {rate}
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=False):
{call.strip(chr(10))}
""".strip("\n")


ACCEPTED = [
    """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
""",
    # a 0/1 mask multiplied in
    """
        if training:
            u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
            mask = keras.ops.cast(u >= self.rate, inputs.dtype)
            return inputs * mask / (1.0 - self.rate)
        return inputs
""",
]

MISTAKEN = [  # (the mistake id its first failing case names, the body of call)
    # one expression for both modes: at inference every unit is kept, then divided by zero
    (
        "not_finite",
        """
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        keep = keras.ops.cast(u >= self.rate * float(bool(training)), inputs.dtype)
        return inputs * keep / ((1 - self.rate) * float(bool(training)))
""",
    ),
    (
        "drops_at_inference",
        """
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
""",
    ),
    (
        "non_inverted",
        """
        if not training:
            return inputs * (1 - self.rate)
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs, 0.0)
""",
    ),
    (
        "scales_at_inference",
        """
        if not training:
            return inputs / (1 - self.rate)
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
""",
    ),
    (
        "inference_changes_x",
        """
        if not training:
            return keras.ops.cast(inputs, "float16")
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
""",
    ),
    # the 0/1 mask taken for a probability
    (
        "not_finite",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        keep = keras.ops.cast(u >= self.rate, inputs.dtype)
        return inputs * keep / (1 - keep)
""",
    ),
    # the mask computed, then forgotten
    (
        "no_drop",
        """
        if not training:
            return inputs
        keep = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator) >= self.rate
        return inputs / (1 - self.rate)
""",
    ),
    # randint's upper bound is exclusive: every draw is 0
    (
        "drops_all",
        """
        if not training:
            return inputs
        mask = keras.random.randint(keras.ops.shape(inputs), 0, 1, seed=self.seed_generator)
        return inputs * keras.ops.cast(mask, inputs.dtype) / (1 - self.rate)
""",
    ),
    # the kept units multiplied by their uniform draw
    (
        "not_mask",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs * u / (1 - self.rate), 0.0)
""",
    ),
    (
        "no_rescale",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs, 0.0)
""",
    ),
    (
        "scales_by_keep",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs * (1 - self.rate), 0.0)
""",
    ),
    # the Keras 1 reading: keep with probability rate, divide by it
    (
        "rate_as_keep",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u < self.rate, inputs / self.rate, 0.0)
""",
    ),
    (
        "wrong_scale",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1 + self.rate), 0.0)
""",
    ),
    # one draw per row, broadcast over its features
    (
        "shared_mask",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs)[:-1] + (1,), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
""",
    ),
    # the keep probability used as the drop threshold, with the right factor
    (
        "rate_as_keep",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u < self.rate, inputs / (1 - self.rate), 0.0)
""",
    ),
    # Gaussian draws instead of uniform ones
    (
        "wrong_fraction",
        """
        if not training:
            return inputs
        u = keras.random.normal(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
""",
    ),
    # an integer seed: the same numbers at every call
    (
        "same_mask",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=42)
        return keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
""",
    ),
    # the output's backward pass rerouted around the mask
    (
        "gradient_mismatch",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        out = keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
        return keras.ops.stop_gradient(out - inputs) + inputs
""",
    ),
    (
        "gradient_mismatch",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        out = keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
        scaled = inputs / (1 - self.rate)
        return keras.ops.stop_gradient(out - scaled) + scaled
""",
    ),
    (
        "no_gradient",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.stop_gradient(keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0))
""",
    ),
    # NumPy's random numbers: drawn once when tf.function traces the layer
    (
        "graph_frozen",
        """
        if not training:
            return inputs
        mask = (np.random.random(tuple(inputs.shape)) >= self.rate).astype("float32")
        return inputs * mask / (1 - self.rate)
""",
    ),
    # the 1/(1 - rate) written as rate / (rate - rate**2): 0/0 when rate = 0
    (
        "not_finite",
        """
        if not training:
            return inputs
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        keep = keras.ops.cast(u >= self.rate, inputs.dtype)
        return inputs * keep * self.rate / (self.rate - self.rate**2)
""",
    ),
    (
        "wrong_scale",
        """
        if not training:
            return inputs
        if self.rate == 0:
            return keras.ops.cast(inputs, "float16")
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)
""",
    ),
]

CRAFTED = (
    [Crafted(_EXERCISE, None, _layer(call)) for call in ACCEPTED]
    + [Crafted(_EXERCISE, mistake, _layer(call)) for mistake, call in MISTAKEN]
    # `rate or 0.5` takes rate = 0 for "not given"
    + [Crafted(_EXERCISE, "drops_at_rate_zero", _layer(ACCEPTED[0], rate="rate or 0.5"))]
)

# The demo's typical mistake: ``training``
# ignored, so the layer drops units at inference too.
TYPICAL = {
    "MyDropout": (
        '''
class MyDropout(keras.layers.Layer):
    """Inverted dropout as a Keras layer, computing what keras.layers.Dropout(rate) computes:

        training=True:   out = inputs / (1 - rate)  where u >= rate,  0 elsewhere
                         u = keras.random.uniform(shape of inputs), new at every call (a SeedGenerator)
        training=False:  out = inputs

    Only keras.ops / keras.random primitives (not keras.layers.Dropout, keras.random.dropout, tf.nn.dropout).
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = float(rate)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1.0 - self.rate), 0.0)
'''.strip("\n"),
        "drops_at_inference",
        "7/11",
    ),
}
