"""Crafted answers to ``MyDropout``: one per row of ``judge.MISTAKES``, and the accepted forms.

Each source is a whole answer cell, as a student would type it after notebook 4's setup cell
(which provides ``np`` and ``keras``): the same ``__init__`` (a ``SeedGenerator``), and the
``call`` that makes the difference, most often ``REFERENCE`` with one slip. Not shipped to students.
"""

from autograder.family import Crafted, slip

_EXERCISE = "MyDropout"


def _layer(call: str) -> str:
    """A ``MyDropout`` whose ``call`` has the body ``call`` (indented, as in the cell)."""
    return f"""
class MyDropout(keras.layers.Layer):
    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = rate
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

# Keras's rule (the first accepted form); most mistakes below are this layer with one slip.
REFERENCE = _layer(ACCEPTED[0])
_OUTPUT = "keras.ops.where(u >= self.rate, inputs / (1 - self.rate), 0.0)"  # what training returns
_KEEP = "keep = keras.ops.cast(u >= self.rate, inputs.dtype)\n        "  # a 0/1 mask, before a return

CRAFTED = [Crafted(_EXERCISE, None, _layer(call)) for call in ACCEPTED] + [
    Crafted(  # one expression for both modes: at inference every unit is kept, then divided by zero
        _EXERCISE,
        "not_finite",
        _layer("""
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        keep = keras.ops.cast(u >= self.rate * float(bool(training)), inputs.dtype)
        return inputs * keep / ((1 - self.rate) * float(bool(training)))
"""),
    ),
    Crafted(
        _EXERCISE, "drops_at_inference", slip(REFERENCE, "        if not training:\n            return inputs\n", "")
    ),
    Crafted(
        _EXERCISE,
        "non_inverted",
        slip(
            slip(REFERENCE, "return inputs\n", "return inputs * (1 - self.rate)\n"),
            "inputs / (1 - self.rate), 0.0)",
            "inputs, 0.0)",
        ),
    ),
    Crafted(_EXERCISE, "scales_at_inference", slip(REFERENCE, "return inputs\n", "return inputs / (1 - self.rate)\n")),
    Crafted(
        _EXERCISE,
        "inference_changes_x",
        slip(REFERENCE, "return inputs\n", 'return keras.ops.cast(inputs, "float16")\n'),
    ),
    Crafted(  # the 0/1 mask taken for a probability
        _EXERCISE,
        "not_finite",
        slip(REFERENCE, f"return {_OUTPUT}", f"{_KEEP}return inputs * keep / (1 - keep)"),
    ),
    Crafted(  # the mask computed, then forgotten
        _EXERCISE,
        "no_drop",
        _layer("""
        if not training:
            return inputs
        keep = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator) >= self.rate
        return inputs / (1 - self.rate)
"""),
    ),
    Crafted(  # randint's upper bound is exclusive: every draw is 0
        _EXERCISE,
        "drops_all",
        _layer("""
        if not training:
            return inputs
        mask = keras.random.randint(keras.ops.shape(inputs), 0, 1, seed=self.seed_generator)
        return inputs * keras.ops.cast(mask, inputs.dtype) / (1 - self.rate)
"""),
    ),
    # the kept units multiplied by their uniform draw
    Crafted(_EXERCISE, "not_mask", slip(REFERENCE, "inputs / (1 - self.rate)", "inputs * u / (1 - self.rate)")),
    Crafted(_EXERCISE, "no_rescale", slip(REFERENCE, "inputs / (1 - self.rate), 0.0)", "inputs, 0.0)")),
    Crafted(_EXERCISE, "scales_by_keep", slip(REFERENCE, "inputs / (1 - self.rate)", "inputs * (1 - self.rate)")),
    Crafted(  # the Keras 1 reading: keep with probability rate, divide by it
        _EXERCISE,
        "rate_as_keep",
        slip(REFERENCE, ">= self.rate, inputs / (1 - self.rate)", "< self.rate, inputs / self.rate"),
    ),
    Crafted(_EXERCISE, "wrong_scale", slip(REFERENCE, "(1 - self.rate), 0.0)", "(1 + self.rate), 0.0)")),
    # one draw per row, broadcast over its features
    Crafted(_EXERCISE, "shared_mask", slip(REFERENCE, "shape(inputs),", "shape(inputs)[:-1] + (1,),")),
    # the keep probability used as the drop threshold, with the right factor
    Crafted(_EXERCISE, "mask_reversed", slip(REFERENCE, "u >= self.rate", "u < self.rate")),
    # Gaussian draws instead of uniform ones
    Crafted(_EXERCISE, "normal_draws", slip(REFERENCE, "keras.random.uniform", "keras.random.normal")),
    # uniform draws on [0, 2): a fraction rate/2 dropped
    Crafted(
        _EXERCISE,
        "wrong_fraction",
        slip(
            REFERENCE,
            "keras.random.uniform(keras.ops.shape(inputs), seed=",
            "keras.random.uniform(keras.ops.shape(inputs), maxval=2.0, seed=",
        ),
    ),
    # an integer seed: the same numbers at every call
    Crafted(_EXERCISE, "same_mask", slip(REFERENCE, "seed=self.seed_generator", "seed=42")),
    Crafted(  # the output's backward pass rerouted around the mask
        _EXERCISE,
        "gradient_mismatch",
        slip(
            REFERENCE,
            f"return {_OUTPUT}",
            f"out = {_OUTPUT}\n        return keras.ops.stop_gradient(out - inputs) + inputs",
        ),
    ),
    Crafted(
        _EXERCISE,
        "gradient_mismatch",
        slip(
            REFERENCE,
            f"return {_OUTPUT}",
            f"out = {_OUTPUT}\n"
            "        scaled = inputs / (1 - self.rate)\n"
            "        return keras.ops.stop_gradient(out - scaled) + scaled",
        ),
    ),
    Crafted(_EXERCISE, "no_gradient", slip(REFERENCE, _OUTPUT, f"keras.ops.stop_gradient({_OUTPUT})")),
    Crafted(  # NumPy's random numbers: drawn once when tf.function traces the layer
        _EXERCISE,
        "graph_frozen",
        _layer("""
        if not training:
            return inputs
        mask = (np.random.random(tuple(inputs.shape)) >= self.rate).astype("float32")
        return inputs * mask / (1 - self.rate)
"""),
    ),
    Crafted(  # the 1/(1 - rate) written as rate / (rate - rate**2): 0/0 when rate = 0
        _EXERCISE,
        "not_finite",
        slip(REFERENCE, f"return {_OUTPUT}", f"{_KEEP}return inputs * keep * self.rate / (self.rate - self.rate**2)"),
    ),
    Crafted(  # at rate 0, training returns the inputs in float16
        _EXERCISE,
        "wrong_scale",
        slip(
            REFERENCE,
            "return inputs\n",
            'return inputs\n        if self.rate == 0:\n            return keras.ops.cast(inputs, "float16")\n',
        ),
    ),
    # `rate or 0.5` takes rate = 0 for "not given"
    Crafted(_EXERCISE, "drops_at_rate_zero", slip(REFERENCE, "self.rate = rate\n", "self.rate = rate or 0.5\n")),
]

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
