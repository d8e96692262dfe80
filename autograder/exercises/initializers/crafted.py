"""Crafted answers for the initializers: one per row of ``judge.MISTAKES`` and the accepted forms.

Each source is a whole answer cell as a student would type it, run after the notebook's setup
cell (which provides ``np``). ``TYPICAL`` is the mistake the demo's student makes in notebook 3.
"""

from __future__ import annotations

from autograder.family import Crafted


def _glorot(limit: str, draw: str = "rng.uniform(-limit, limit, size=shape)") -> str:
    """A Glorot answer whose limit is the expression ``limit`` of ``fan_in`` and ``fan_out``."""
    return f"""def glorot_uniform(shape, rng):
    fan_in, fan_out = shape
    limit = {limit}
    return {draw}
"""


def _he(std: str, draw: str = "rng.normal(0.0, std, size=shape)") -> str:
    """A He answer whose standard deviation is the expression ``std`` of ``fan_in`` and ``fan_out``."""
    return f"""def he_normal(shape, rng):
    fan_in, fan_out = shape
    std = {std}
    return {draw}
"""


GLOROT_LIMIT = "np.sqrt(6 / (fan_in + fan_out))"
HE_STD = "np.sqrt(2 / fan_in)"

_HE_TRUNCATED = '''def he_normal(shape, rng):
    """Keras's HeNormal: a normal truncated at 2 standard deviations, rescaled to keep sqrt(2/fan_in)."""
    s = np.sqrt(2 / shape[0]) / 0.87962566103423978
    w = rng.normal(0, s, size=shape)
    bad = np.abs(w) > 2 * s
    while bad.any():
        w[bad] = rng.normal(0, s, size=int(bad.sum()))
        bad = np.abs(w) > 2 * s
    return w
'''

_CORRECT = [
    Crafted("glorot_uniform", None, _glorot(GLOROT_LIMIT)),
    Crafted(  # the same distribution drawn another way, in float32
        "glorot_uniform",
        None,
        """def glorot_uniform(shape, rng):
    limit = np.sqrt(6.0 / sum(shape))
    return ((2 * rng.random(shape) - 1) * limit).astype(np.float32)
""",
    ),
    Crafted("he_normal", None, _he(HE_STD)),
    Crafted(
        "he_normal",
        None,
        """def he_normal(shape, rng):
    return (rng.standard_normal(shape) * np.sqrt(2.0 / shape[0])).astype(np.float32)
""",
    ),
    Crafted("he_normal", None, _HE_TRUNCATED),
]

# Weights no statistics can read, and off-centre weights.
_WEIGHTS = [
    Crafted(  # the logarithm of a number below 1 is negative: its square root is NaN
        "he_normal", "not_finite", _he("np.sqrt(np.log(2 / fan_in))", "rng.standard_normal(shape) * std")
    ),
    Crafted("glorot_uniform", "zeros", "def glorot_uniform(shape, rng):\n    return np.zeros(shape)\n"),
    Crafted("he_normal", "constant", _he(HE_STD, "np.full(shape, std)")),
    Crafted(  # one row of weights drawn, then repeated for every input
        "he_normal", "repeated_values", _he(HE_STD, "np.tile(rng.normal(0.0, std, size=(1, fan_out)), (fan_in, 1))")
    ),
    Crafted("glorot_uniform", "not_centred", _glorot(GLOROT_LIMIT, "rng.uniform(0, limit, size=shape)")),
    Crafted("he_normal", "not_centred", _he(HE_STD, "np.abs(rng.normal(0.0, std, size=shape))")),
]

_SLIPS = [
    Crafted("glorot_uniform", "std_as_limit", _glorot("np.sqrt(2 / (fan_in + fan_out))")),
    Crafted("glorot_uniform", "fan_in_only", _glorot("np.sqrt(6 / fan_in)")),
    Crafted("glorot_uniform", "fan_out_only", _glorot("np.sqrt(6 / fan_out)")),
    Crafted("glorot_uniform", "lecun_limit", _glorot("np.sqrt(3 / fan_in)")),
    Crafted("glorot_uniform", "three_not_six", _glorot("np.sqrt(3 / (fan_in + fan_out))")),
    Crafted("glorot_uniform", "one_over_sqrt_fan_in", _glorot("1 / np.sqrt(fan_in)")),
    Crafted("glorot_uniform", "no_sqrt", _glorot("6 / (fan_in + fan_out)")),
    Crafted("glorot_uniform", "sqrt_of_six_only", _glorot("np.sqrt(6) / (fan_in + fan_out)")),
    Crafted("glorot_uniform", "product_of_fans", _glorot("np.sqrt(6 / (fan_in * fan_out))")),
    Crafted("glorot_uniform", "precedence", _glorot("np.sqrt(6 / fan_in + fan_out)")),
    Crafted(
        "glorot_uniform",
        "normal_instead_of_uniform",
        _glorot("np.sqrt(2 / (fan_in + fan_out))", "rng.normal(0.0, limit, size=shape)"),
    ),
    Crafted("glorot_uniform", "normal_with_limit_as_std", _glorot(GLOROT_LIMIT, "rng.normal(0.0, limit, size=shape)")),
    Crafted("he_normal", "slide_formula", _he("1 / np.sqrt(2 * fan_in)")),
    Crafted("he_normal", "fan_out", _he("np.sqrt(2 / fan_out)")),
    Crafted("he_normal", "variance_as_std", _he("2 / fan_in")),
    Crafted("he_normal", "lecun_variance", _he("np.sqrt(1 / fan_in)")),
    Crafted("he_normal", "glorot_variance", _he("np.sqrt(2 / (fan_in + fan_out))")),
    Crafted("he_normal", "fan_avg", _he("np.sqrt(2 / ((fan_in + fan_out) / 2))")),
    Crafted("he_normal", "truncation_uncorrected", _HE_TRUNCATED.replace(" / 0.87962566103423978", "")),
    Crafted("he_normal", "sqrt_of_two_only", _he("np.sqrt(2) / fan_in")),
    Crafted("he_normal", "product_of_fans", _he("np.sqrt(2 / (fan_in * fan_out))")),
    Crafted("he_normal", "uniform_instead_of_normal", _he("np.sqrt(6 / fan_in)", "rng.uniform(-std, std, size=shape)")),
    Crafted("he_normal", "uniform_std_as_limit", _he(HE_STD, "rng.uniform(-std, std, size=shape)")),
]

# What no slip explains.
_OTHERWISE = [
    Crafted(  # LeCun normal instead of Glorot uniform
        "glorot_uniform",
        "normal_instead_of_uniform",
        _glorot("np.sqrt(1 / fan_in)", "rng.normal(0.0, limit, size=shape)"),
    ),
    Crafted(  # He uniform with LeCun's limit
        "he_normal", "uniform_instead_of_normal", _he("np.sqrt(3 / fan_in)", "rng.uniform(-std, std, size=shape)")
    ),
    Crafted(  # weights so large that their fourth powers overflow
        "glorot_uniform", "wrong_distribution", _glorot("np.sqrt(6 / (fan_in + fan_out)) * 1e80")
    ),
    Crafted("he_normal", "wrong_distribution", _he("np.sqrt(2 / fan_in) * 1e80")),
    Crafted("glorot_uniform", "limit_too_large", _glorot("2 * np.sqrt(6 / (fan_in + fan_out))")),
    Crafted("glorot_uniform", "limit_too_small", _glorot("np.sqrt(1.5 / (fan_in + fan_out))")),
    Crafted(  # Keras's limit, but the weights crowd at its ends
        "glorot_uniform",
        "wrong_variance",
        _glorot(GLOROT_LIMIT, "limit * rng.choice([-1.0, 1.0], size=shape) * (1 - 0.01 * rng.random(shape))"),
    ),
    Crafted("he_normal", "wrong_variance", _he("3 * np.sqrt(2 / fan_in)")),
]

# Successive calls.
_DRAWS = [
    Crafted(
        "glorot_uniform",
        "same_array",
        _glorot(GLOROT_LIMIT, "np.random.default_rng(42).uniform(-limit, limit, size=shape)"),
    ),
    Crafted("he_normal", "same_array", _he(HE_STD, "np.random.default_rng(0).normal(0.0, std, size=shape)")),
    Crafted(  # "new" weights that are the previous call's, negated
        "he_normal",
        "correlated",
        """_last = {}


def he_normal(shape, rng):
    w = _last.get(shape)
    _last[shape] = rng.normal(0.0, np.sqrt(2 / shape[0]), size=shape) if w is None else -w
    return _last[shape]
""",
    ),
    Crafted("glorot_uniform", "ignores_rng", _glorot(GLOROT_LIMIT, "np.random.uniform(-limit, limit, size=shape)")),
    Crafted("he_normal", "ignores_rng", _he(HE_STD, "np.random.default_rng().normal(0.0, std, size=shape)")),
]

CRAFTED: list[Crafted] = _CORRECT + _WEIGHTS + _SLIPS + _OTHERWISE + _DRAWS

# The demo's typical mistakes: (answer cell, mistake id, passed/total).
TYPICAL: dict[str, tuple[str, str, str]] = {
    # The slides define Glorot's variance 2/(fan_in+fan_out) in many textbooks' form and students use
    # that standard deviation as the uniform's limit: the weights are sqrt(3) times too small.
    "glorot_uniform": (
        '''def glorot_uniform(shape, rng):
    """Glorot & Bengio (2010): U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = shape
    limit = np.sqrt(2.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)
''',
        "std_as_limit",
        "2/7",
    ),
    # The slide's typo, copied as it stands: sd = 1/sqrt(2m) instead of sqrt(2/m).
    "he_normal": (
        '''def he_normal(shape, rng):
    """He et al. (2015): normal, mean 0, standard deviation as on the slide."""
    fan_in, fan_out = shape
    return rng.normal(0.0, 1.0 / np.sqrt(2 * fan_in), size=shape)
''',
        "slide_formula",
        "2/7",
    ),
}
