"""Crafted answers to ``dropout``: one per row of ``judge.MISTAKES``, and the accepted forms.

Each source is a whole answer cell, as a student would type it after the notebook's setup cell
(which provides ``np``); most mistakes are ``REFERENCE`` with one slip. Not shipped to students.
"""

from autograder.family import Crafted, slip

_EXERCISE = "dropout"


def _answer(body: str) -> str:
    """The answer cell defining ``dropout`` with the body ``body`` (indented, as in the cell)."""
    return "def dropout(x, rate, training=False, rng=None):\n" + body.strip("\n")


ACCEPTED = [
    """
    if not training:
        return x
    rng = np.random.default_rng() if rng is None else rng
    return np.where(rng.random(np.shape(x)) >= rate, x / (1 - rate), 0.0)
""",
    # a float32 0/1 mask multiplied in, a copy at inference
    """
    if not training:
        return x.copy()
    rng = rng or np.random.default_rng()
    mask = (rng.uniform(size=x.shape) >= rate).astype(np.float32)
    return (x * mask / np.float32(1 - rate)).astype(np.float32)
""",
    # the mask drawn as Bernoulli(1 - rate) samples
    """
    if training:
        rng = rng if rng is not None else np.random.default_rng()
        return x * rng.binomial(1, 1 - rate, size=x.shape) / (1 - rate)
    return x
""",
]

# Keras's rule as most students write it (accepted, like the forms above).
REFERENCE = _answer("""
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    return np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)
""")
_OUTPUT = "np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)"  # what training returns
_MASKED = "x * (rng.random(x.shape) >= rate)"  # the kept units, not rescaled

CRAFTED = [Crafted(_EXERCISE, None, _answer(body)) for body in ACCEPTED] + [
    Crafted(
        _EXERCISE,
        "modifies_input",
        _answer("""
    if training:
        rng = rng if rng is not None else np.random.default_rng()
        x *= (rng.random(x.shape) >= rate) / (1 - rate)
    return x
"""),
    ),
    Crafted(  # one expression for both modes: at inference every unit is kept, then divided by zero
        _EXERCISE,
        "not_finite",
        _answer("""
    rng = rng if rng is not None else np.random.default_rng()
    keep = rng.random(x.shape) >= rate * training
    return x * keep / ((1 - rate) * training)
"""),
    ),
    Crafted(_EXERCISE, "drops_at_inference", slip(REFERENCE, "    if not training:\n        return x\n", "")),
    Crafted(
        _EXERCISE,
        "non_inverted",
        slip(slip(REFERENCE, "return x\n", "return x * (1 - rate)\n"), _OUTPUT, _MASKED),
    ),
    Crafted(_EXERCISE, "scales_at_inference", slip(REFERENCE, "return x\n", "return x / (1 - rate)\n")),
    Crafted(_EXERCISE, "inference_changes_x", slip(REFERENCE, "return x\n", "return x.astype(np.float16)\n")),
    Crafted(  # the mask computed, then forgotten
        _EXERCISE,
        "no_drop",
        slip(REFERENCE, f"return {_OUTPUT}", "mask = rng.random(x.shape) >= rate\n    return x / (1 - rate)"),
    ),
    Crafted(  # integers' upper bound is exclusive: every draw is 0
        _EXERCISE,
        "drops_all",
        slip(
            REFERENCE, f"return {_OUTPUT}", "mask = rng.integers(0, 1, size=x.shape)\n    return x * mask / (1 - rate)"
        ),
    ),
    Crafted(  # the dropped draws zeroed, the kept ones multiplied in
        _EXERCISE,
        "not_mask",
        slip(
            REFERENCE,
            f"return {_OUTPUT}",
            "u = rng.random(x.shape)\n    u[u < rate] = 0.0\n    return x * u / (1 - rate)",
        ),
    ),
    Crafted(_EXERCISE, "no_rescale", slip(REFERENCE, _OUTPUT, _MASKED)),
    Crafted(_EXERCISE, "scales_by_keep", slip(REFERENCE, _OUTPUT, f"{_MASKED} * (1 - rate)")),
    Crafted(_EXERCISE, "wrong_scale", slip(REFERENCE, _OUTPUT, f"{_MASKED} / (1 + rate)")),
    Crafted(  # one draw per row, broadcast over its features
        _EXERCISE,
        "shared_mask",
        slip(
            REFERENCE,
            f"return {_OUTPUT}",
            "keep = rng.random(x.shape[:-1] + (1,)) >= rate\n    return x * keep / (1 - rate)",
        ),
    ),
    # Gaussian draws instead of uniform ones
    Crafted(_EXERCISE, "normal_draws", slip(REFERENCE, "rng.random(x.shape)", "rng.standard_normal(x.shape)")),
    # uniform draws, but on [-1, 1): a fraction (1 + rate)/2 dropped
    Crafted(_EXERCISE, "wrong_fraction", slip(REFERENCE, "rng.random(x.shape)", "rng.uniform(-1, 1, x.shape)")),
    Crafted(  # a fixed seed inside the function: every call starts the same stream
        _EXERCISE,
        "same_mask",
        slip(REFERENCE, "rng if rng is not None else np.random.default_rng()", "np.random.default_rng(0)"),
    ),
    Crafted(
        _EXERCISE,
        "ignores_rng",
        slip(REFERENCE, "rng if rng is not None else np.random.default_rng()", "np.random.default_rng()"),
    ),
    Crafted(  # `rate or 0.5` takes rate = 0 for "not given"
        _EXERCISE,
        "drops_at_rate_zero",
        slip(REFERENCE, "    if not training", "    rate = rate or 0.5\n    if not training"),
    ),
    Crafted(  # 1 - keep written for 1 - rate: a kept unit is divided by zero
        _EXERCISE,
        "not_finite",
        slip(REFERENCE, f"return {_OUTPUT}", "keep = rng.random(x.shape) >= rate\n    return x * keep / (1 - keep)"),
    ),
    Crafted(  # the 1/(1 - rate) written as rate / (rate - rate**2): 0/0 when rate = 0
        _EXERCISE,
        "not_finite",
        slip(
            REFERENCE,
            f"return {_OUTPUT}",
            "keep = rng.random(x.shape) >= rate\n    return x * keep * rate / (rate - rate**2)",
        ),
    ),
    # the keep probability used as the drop threshold, with the right factor
    Crafted(_EXERCISE, "mask_reversed", slip(REFERENCE, ">= rate", "< rate")),
    # the Keras 1 reading: keep with probability rate, divide by it
    Crafted(_EXERCISE, "rate_as_keep", slip(REFERENCE, _OUTPUT, "x * (rng.random(x.shape) < rate) / rate")),
    # a generator seeded by hand when none is given
    Crafted(_EXERCISE, "same_mask", slip(REFERENCE, "default_rng()", "default_rng(42)")),
    Crafted(  # at rate 0, training returns x in float16
        _EXERCISE,
        "wrong_scale",
        slip(REFERENCE, "return x\n", "return x\n    if rate == 0:\n        return x.astype(np.float16)\n"),
    ),
]

# The demo's typical mistake: the slides' "p"
# read as Keras's rate, so the mask keeps a unit with probability rate and divides by it.
TYPICAL = {
    "dropout": (
        '''
def dropout(x, rate, training=False, rng=None):
    """Inverted dropout, as keras.layers.Dropout(rate) computes it; rate = probability of DROPPING a unit.

    training=True:   out = x / (1 - rate)  where u >= rate,  0 elsewhere,
                     u ~ Uniform[0, 1) drawn from rng, one draw per element of x, new at every call
                     (rng=None: use a fresh np.random.default_rng())
    training=False:  out = x
    """
    if not training:
        return x
    if rng is None:
        rng = np.random.default_rng()
    keep = rng.random(np.shape(x)) < rate
    return np.asarray(x) * keep / rate
'''.strip("\n"),
        "rate_as_keep",
        "7/13",
    ),
}
