"""Crafted answers for the initializers: one per row of ``judge.MISTAKES`` and the accepted forms.

Each source is a whole answer cell as a student would type it, run after the notebook's setup
cell (which provides ``np``). ``TYPICAL`` is the mistake the demo's student makes in notebook 3.
"""

from __future__ import annotations

from autograder.family import Crafted, slip


def _each(exercise: str, answers: dict[str, str]) -> list[Crafted]:
    """The crafted answers to ``exercise`` of a table ``{mistake id: answer}``."""
    return [Crafted(exercise, mistake, source) for mistake, source in answers.items()]


# Keras's formulas as most students write them (accepted); most mistakes below are one of them with one slip
# in the limit (standard deviation) or in the draw.
GLOROT = """def glorot_uniform(shape, rng):
    fan_in, fan_out = shape
    limit = np.sqrt(6 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)
"""
HE = """def he_normal(shape, rng):
    fan_in, fan_out = shape
    std = np.sqrt(2 / fan_in)
    return rng.normal(0.0, std, size=shape)
"""
GLOROT_LIMIT, GLOROT_DRAW = "np.sqrt(6 / (fan_in + fan_out))", "rng.uniform(-limit, limit, size=shape)"
HE_STD, HE_DRAW = "np.sqrt(2 / fan_in)", "rng.normal(0.0, std, size=shape)"

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
    Crafted("glorot_uniform", None, GLOROT),
    Crafted(  # the same distribution drawn another way, in float32
        "glorot_uniform",
        None,
        """def glorot_uniform(shape, rng):
    limit = np.sqrt(6.0 / sum(shape))
    return ((2 * rng.random(shape) - 1) * limit).astype(np.float32)
""",
    ),
    Crafted("he_normal", None, HE),
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
        "he_normal",
        "not_finite",
        slip(slip(HE, HE_STD, "np.sqrt(np.log(2 / fan_in))"), HE_DRAW, "rng.standard_normal(shape) * std"),
    ),
    Crafted("glorot_uniform", "zeros", "def glorot_uniform(shape, rng):\n    return np.zeros(shape)\n"),
    Crafted("he_normal", "constant", slip(HE, HE_DRAW, "np.full(shape, std)")),
    Crafted(  # one row of weights drawn, then repeated for every input
        "he_normal",
        "repeated_values",
        slip(HE, HE_DRAW, "np.tile(rng.normal(0.0, std, size=(1, fan_out)), (fan_in, 1))"),
    ),
    Crafted("glorot_uniform", "not_centred", slip(GLOROT, GLOROT_DRAW, "rng.uniform(0, limit, size=shape)")),
    Crafted("he_normal", "not_centred", slip(HE, HE_DRAW, "np.abs(rng.normal(0.0, std, size=shape))")),
]


# Keras's formula with one slip, by the mistake it makes.
_SLIPS = _each(
    "glorot_uniform",
    {
        "std_as_limit": slip(GLOROT, GLOROT_LIMIT, "np.sqrt(2 / (fan_in + fan_out))"),
        "fan_in_only": slip(GLOROT, GLOROT_LIMIT, "np.sqrt(6 / fan_in)"),
        "fan_out_only": slip(GLOROT, GLOROT_LIMIT, "np.sqrt(6 / fan_out)"),
        "lecun_limit": slip(GLOROT, GLOROT_LIMIT, "np.sqrt(3 / fan_in)"),
        "three_not_six": slip(GLOROT, GLOROT_LIMIT, "np.sqrt(3 / (fan_in + fan_out))"),
        "one_over_sqrt_fan_in": slip(GLOROT, GLOROT_LIMIT, "1 / np.sqrt(fan_in)"),
        "no_sqrt": slip(GLOROT, GLOROT_LIMIT, "6 / (fan_in + fan_out)"),
        "sqrt_of_six_only": slip(GLOROT, GLOROT_LIMIT, "np.sqrt(6) / (fan_in + fan_out)"),
        "product_of_fans": slip(GLOROT, GLOROT_LIMIT, "np.sqrt(6 / (fan_in * fan_out))"),
        "precedence": slip(GLOROT, GLOROT_LIMIT, "np.sqrt(6 / fan_in + fan_out)"),
        # Glorot normal: its standard deviation sqrt(2 / (fan_in + fan_out)), a normal draw
        "normal_instead_of_uniform": slip(
            slip(GLOROT, GLOROT_LIMIT, "np.sqrt(2 / (fan_in + fan_out))"),
            GLOROT_DRAW,
            "rng.normal(0.0, limit, size=shape)",
        ),
        "normal_with_limit_as_std": slip(GLOROT, GLOROT_DRAW, "rng.normal(0.0, limit, size=shape)"),
    },
) + _each(
    "he_normal",
    {
        "slide_formula": slip(HE, HE_STD, "1 / np.sqrt(2 * fan_in)"),
        "fan_out": slip(HE, HE_STD, "np.sqrt(2 / fan_out)"),
        "variance_as_std": slip(HE, HE_STD, "2 / fan_in"),
        "lecun_variance": slip(HE, HE_STD, "np.sqrt(1 / fan_in)"),
        "glorot_variance": slip(HE, HE_STD, "np.sqrt(2 / (fan_in + fan_out))"),
        "fan_avg": slip(HE, HE_STD, "np.sqrt(2 / ((fan_in + fan_out) / 2))"),
        "truncation_uncorrected": slip(_HE_TRUNCATED, " / 0.87962566103423978", ""),
        "sqrt_of_two_only": slip(HE, HE_STD, "np.sqrt(2) / fan_in"),
        "product_of_fans": slip(HE, HE_STD, "np.sqrt(2 / (fan_in * fan_out))"),
        # He uniform: its limit sqrt(6 / fan_in), a uniform draw
        "uniform_instead_of_normal": slip(
            slip(HE, HE_STD, "np.sqrt(6 / fan_in)"), HE_DRAW, "rng.uniform(-std, std, size=shape)"
        ),
        "uniform_std_as_limit": slip(HE, HE_DRAW, "rng.uniform(-std, std, size=shape)"),
    },
)

# Wrong answers no known slip of the formula explains.
_OTHERWISE = [
    Crafted(  # LeCun normal instead of Glorot uniform
        "glorot_uniform",
        "normal_instead_of_uniform",
        slip(slip(GLOROT, GLOROT_LIMIT, "np.sqrt(1 / fan_in)"), GLOROT_DRAW, "rng.normal(0.0, limit, size=shape)"),
    ),
    Crafted(  # He uniform with LeCun's limit
        "he_normal",
        "uniform_instead_of_normal",
        slip(slip(HE, HE_STD, "np.sqrt(3 / fan_in)"), HE_DRAW, "rng.uniform(-std, std, size=shape)"),
    ),
    Crafted(  # weights so large that their fourth powers overflow
        "glorot_uniform", "wrong_distribution", slip(GLOROT, GLOROT_LIMIT, "np.sqrt(6 / (fan_in + fan_out)) * 1e80")
    ),
    Crafted("he_normal", "wrong_distribution", slip(HE, HE_STD, "np.sqrt(2 / fan_in) * 1e80")),
    Crafted("glorot_uniform", "limit_too_large", slip(GLOROT, GLOROT_LIMIT, "2 * np.sqrt(6 / (fan_in + fan_out))")),
    Crafted("glorot_uniform", "limit_too_small", slip(GLOROT, GLOROT_LIMIT, "np.sqrt(1.5 / (fan_in + fan_out))")),
    Crafted(  # Keras's limit, but the weights crowd at its ends
        "glorot_uniform",
        "wrong_variance",
        slip(GLOROT, GLOROT_DRAW, "limit * rng.choice([-1.0, 1.0], size=shape) * (1 - 0.01 * rng.random(shape))"),
    ),
    Crafted("he_normal", "wrong_variance", slip(HE, HE_STD, "3 * np.sqrt(2 / fan_in)")),
]

# Successive calls.
_DRAWS = [
    Crafted(
        "glorot_uniform",
        "same_array",
        slip(GLOROT, GLOROT_DRAW, "np.random.default_rng(42).uniform(-limit, limit, size=shape)"),
    ),
    Crafted("he_normal", "same_array", slip(HE, HE_DRAW, "np.random.default_rng(0).normal(0.0, std, size=shape)")),
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
    Crafted("glorot_uniform", "ignores_rng", slip(GLOROT, GLOROT_DRAW, "np.random.uniform(-limit, limit, size=shape)")),
    Crafted("he_normal", "ignores_rng", slip(HE, HE_DRAW, "np.random.default_rng().normal(0.0, std, size=shape)")),
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
