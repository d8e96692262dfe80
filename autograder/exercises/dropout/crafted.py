"""Crafted answers to ``dropout``: one per row of ``judge.MISTAKES``, and the accepted forms.

Each source is a whole answer cell, as a student would type it after the notebook's setup cell
(which provides ``np``). Not shipped to students.
"""

from autograder.family import Crafted

_EXERCISE = "dropout"


def _answer(body: str) -> str:
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

MISTAKEN = [  # (the mistake id its first failing case names, the function body)
    (
        "modifies_input",
        """
    if training:
        rng = rng if rng is not None else np.random.default_rng()
        x *= (rng.random(x.shape) >= rate) / (1 - rate)
    return x
""",
    ),
    # one expression for both modes: at inference every unit is kept, then divided by zero
    (
        "not_finite",
        """
    rng = rng if rng is not None else np.random.default_rng()
    keep = rng.random(x.shape) >= rate * training
    return x * keep / ((1 - rate) * training)
""",
    ),
    (
        "drops_at_inference",
        """
    rng = rng if rng is not None else np.random.default_rng()
    return np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)
""",
    ),
    (
        "non_inverted",
        """
    if not training:
        return x * (1 - rate)
    rng = rng if rng is not None else np.random.default_rng()
    return x * (rng.random(x.shape) >= rate)
""",
    ),
    (
        "scales_at_inference",
        """
    if not training:
        return x / (1 - rate)
    rng = rng if rng is not None else np.random.default_rng()
    return np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)
""",
    ),
    (
        "inference_changes_x",
        """
    if not training:
        return x.astype(np.float16)
    rng = rng if rng is not None else np.random.default_rng()
    return np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)
""",
    ),
    # the mask computed, then forgotten
    (
        "no_drop",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    mask = rng.random(x.shape) >= rate
    return x / (1 - rate)
""",
    ),
    # integers' upper bound is exclusive: every draw is 0
    (
        "drops_all",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    mask = rng.integers(0, 1, size=x.shape)
    return x * mask / (1 - rate)
""",
    ),
    # the dropped draws zeroed, the kept ones multiplied in
    (
        "not_mask",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    u = rng.random(x.shape)
    u[u < rate] = 0.0
    return x * u / (1 - rate)
""",
    ),
    (
        "no_rescale",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    return x * (rng.random(x.shape) >= rate)
""",
    ),
    (
        "scales_by_keep",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    return x * (rng.random(x.shape) >= rate) * (1 - rate)
""",
    ),
    (
        "wrong_scale",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    return x * (rng.random(x.shape) >= rate) / (1 + rate)
""",
    ),
    # one draw per row, broadcast over its features
    (
        "shared_mask",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    keep = rng.random(x.shape[:-1] + (1,)) >= rate
    return x * keep / (1 - rate)
""",
    ),
    # Gaussian draws instead of uniform ones
    (
        "wrong_fraction",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    return np.where(rng.standard_normal(x.shape) >= rate, x / (1 - rate), 0.0)
""",
    ),
    # a fixed seed inside the function: every call starts the same stream
    (
        "same_mask",
        """
    if not training:
        return x
    rng = np.random.default_rng(0)
    return np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)
""",
    ),
    (
        "ignores_rng",
        """
    if not training:
        return x
    rng = np.random.default_rng()
    return np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)
""",
    ),
    # `rate or 0.5` takes rate = 0 for "not given"
    (
        "drops_at_rate_zero",
        """
    rate = rate or 0.5
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    return np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)
""",
    ),
    (
        "not_finite",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    keep = rng.random(x.shape) >= rate
    return x * keep / (1 - keep)
""",
    ),
    # the 1/(1 - rate) written as rate / (rate - rate**2): 0/0 when rate = 0
    (
        "not_finite",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    keep = rng.random(x.shape) >= rate
    return x * keep * rate / (rate - rate**2)
""",
    ),
    # the keep probability used as the drop threshold, with the right factor
    (
        "rate_as_keep",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    return np.where(rng.random(x.shape) < rate, x / (1 - rate), 0.0)
""",
    ),
    # the Keras 1 reading: keep with probability rate, divide by it
    (
        "rate_as_keep",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng()
    return x * (rng.random(x.shape) < rate) / rate
""",
    ),
    # a generator seeded by hand when none is given
    (
        "same_mask",
        """
    if not training:
        return x
    rng = rng if rng is not None else np.random.default_rng(42)
    return np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)
""",
    ),
    (
        "wrong_scale",
        """
    if not training:
        return x
    if rate == 0:
        return x.astype(np.float16)
    rng = rng if rng is not None else np.random.default_rng()
    return np.where(rng.random(x.shape) >= rate, x / (1 - rate), 0.0)
""",
    ),
]

CRAFTED = [Crafted(_EXERCISE, None, _answer(body)) for body in ACCEPTED] + [
    Crafted(_EXERCISE, mistake, _answer(body)) for mistake, body in MISTAKEN
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
