"""Crafted ``tuned_gd`` and ``tuned_momentum`` answers (never shipped to students): the accepted forms,
one answer per row of ``judge.MISTAKES`` and the demo's ``TYPICAL`` mistakes, each a whole answer cell
run after the setup cell (which gives ``np``). Most mistakes are a reference with one slip.
"""

from autograder.family import Crafted, slip

GD = "tuned_gd"
MOM = "tuned_momentum"

# The best step balances the two ends: 1 - a*lambda_min = -(1 - a*lambda_max).
REFERENCE_GD = """
def tuned_gd(lambda_min, lambda_max):
    return 2.0 / (lambda_min + lambda_max)
"""

# Polyak's pair, as Goh writes it.
REFERENCE_MOMENTUM = """
def tuned_momentum(lambda_min, lambda_max):
    sqrt_kappa = np.sqrt(lambda_max / lambda_min)
    momentum = ((sqrt_kappa - 1) / (sqrt_kappa + 1)) ** 2
    learning_rate = (2 / (np.sqrt(lambda_max) + np.sqrt(lambda_min))) ** 2
    return learning_rate, momentum
"""

# Straight from the two critical-damping conditions a*lambda_min = (1 - r)**2, a*lambda_max = (1 + r)**2.
_FROM_CONDITIONS = """
def tuned_momentum(lambda_min, lambda_max):
    ratio = np.sqrt(lambda_max / lambda_min)
    r = (ratio - 1) / (ratio + 1)
    return (1 + r) ** 2 / lambda_max, r * r
"""

CRAFTED: list[Crafted] = [
    Crafted(
        GD,
        None,
        slip(REFERENCE_GD, "2.0 / (lambda_min + lambda_max)", "np.float32(2) / np.float32(lambda_min + lambda_max)"),
    ),
    Crafted(
        GD,
        None,
        slip(REFERENCE_GD, "2.0 / (lambda_min + lambda_max)", "np.array(1 / np.mean([lambda_min, lambda_max]))"),
    ),
    Crafted(MOM, None, _FROM_CONDITIONS),
    Crafted(
        MOM,
        None,
        slip(
            _FROM_CONDITIONS,
            "return (1 + r) ** 2 / lambda_max, r * r",
            "return [np.float32((1 - r) ** 2 / lambda_min), r**2]",
        ),
    ),
    Crafted(
        MOM,
        None,
        slip(
            _FROM_CONDITIONS,
            "return (1 + r) ** 2 / lambda_max, r * r",
            "return np.array([4 / (np.sqrt(lambda_max) + np.sqrt(lambda_min)) ** 2, r**2])",
        ),
    ),
    # tuned_gd
    Crafted(GD, "not_finite", slip(REFERENCE_GD, "2.0 /", "np.sqrt(lambda_min - lambda_max) + 2.0 /")),
    Crafted(GD, "step_not_positive", slip(REFERENCE_GD, "(lambda_min + lambda_max)", "(lambda_min - lambda_max - 1)")),
    Crafted(GD, "one_over_lambda_max", slip(REFERENCE_GD, "2.0 / (lambda_min + lambda_max)", "1 / lambda_max")),
    Crafted(GD, "two_over_lambda_max", slip(REFERENCE_GD, "2.0 / (lambda_min + lambda_max)", "2 / lambda_max")),
    Crafted(GD, "one_over_lambda_min", slip(REFERENCE_GD, "2.0 / (lambda_min + lambda_max)", "1 / lambda_min")),
    Crafted(GD, "half_the_step", slip(REFERENCE_GD, "2.0 /", "1.0 /")),
    Crafted(
        GD,
        "momentum_step",
        slip(REFERENCE_GD, "2.0 / (lambda_min + lambda_max)", "(2 / (np.sqrt(lambda_min) + np.sqrt(lambda_max))) ** 2"),
    ),
    Crafted(GD, "diverges", slip(REFERENCE_GD, "2.0 / (lambda_min + lambda_max)", "3 / lambda_max")),
    Crafted(GD, "wrong_step", slip(REFERENCE_GD, "2.0 /", "1.5 /")),
    Crafted(GD, "wrong_step", slip(REFERENCE_GD, "2.0 /", "2.01 /")),
    # tuned_momentum
    Crafted(
        MOM,
        "not_finite",
        slip(
            REFERENCE_MOMENTUM,
            "return learning_rate, momentum",
            "return learning_rate, momentum / (lambda_max - lambda_max)",
        ),
    ),
    Crafted(MOM, "step_not_positive", slip(REFERENCE_MOMENTUM, "return learning_rate,", "return -learning_rate,")),
    Crafted(  # kappa = lambda_min / lambda_max and the square forgotten: a negative momentum
        MOM,
        "negative_momentum",
        slip(
            slip(REFERENCE_MOMENTUM, "lambda_max / lambda_min", "lambda_min / lambda_max"),
            ") ** 2\n    learning_rate",
            ")\n    learning_rate",
        ),
    ),
    Crafted(
        MOM,
        "momentum_at_least_one",
        slip(REFERENCE_MOMENTUM, "((sqrt_kappa - 1) / (sqrt_kappa + 1))", "((sqrt_kappa + 1) / (sqrt_kappa - 1))"),
    ),
    Crafted(MOM, "momentum_is_the_rate", slip(REFERENCE_MOMENTUM, ") ** 2\n    learning_rate", ")\n    learning_rate")),
    Crafted(
        MOM, "kappa_not_sqrt", slip(REFERENCE_MOMENTUM, "np.sqrt(lambda_max / lambda_min)", "lambda_max / lambda_min")
    ),
    Crafted(
        MOM,
        "gd_step_with_momentum",
        slip(
            REFERENCE_MOMENTUM,
            "(2 / (np.sqrt(lambda_max) + np.sqrt(lambda_min))) ** 2",
            "2 / (lambda_min + lambda_max)",
        ),
    ),
    Crafted(
        MOM,
        "one_over_lambda_max",
        slip(REFERENCE_MOMENTUM, "(2 / (np.sqrt(lambda_max) + np.sqrt(lambda_min))) ** 2", "1 / lambda_max"),
    ),
    Crafted(
        MOM,
        "step_not_squared",
        slip(
            REFERENCE_MOMENTUM,
            "(2 / (np.sqrt(lambda_max) + np.sqrt(lambda_min))) ** 2",
            "2 / (np.sqrt(lambda_max) + np.sqrt(lambda_min))",
        ),
    ),
    Crafted(MOM, "swapped_ends", slip(_FROM_CONDITIONS, "(1 + r) ** 2 / lambda_max", "(1 + r) ** 2 / lambda_min")),
    Crafted(MOM, "swapped_ends", slip(_FROM_CONDITIONS, "(1 + r) ** 2 / lambda_max", "(1 - r) ** 2 / lambda_max")),
    Crafted(
        MOM, "wrong_momentum", slip(REFERENCE_MOMENTUM, "return learning_rate, momentum", "return learning_rate, 0.9")
    ),
    Crafted(MOM, "wrong_step", slip(REFERENCE_MOMENTUM, "(2 / (np.sqrt(lambda_max)", "(2.2 / (np.sqrt(lambda_max)")),
    Crafted(MOM, "wrong_pair", slip(REFERENCE_MOMENTUM, "return learning_rate, momentum", "return 2.5, 0.5")),
]

_GD_DOC = '''
    """The learning rate of gradient descent (keras.optimizers.SGD, no momentum) with the best rate on a
    quadratic whose curvatures lie in [lambda_min, lambda_max]."""'''
_MOM_DOC = '''
    """The (learning_rate, momentum) of heavy-ball momentum (keras.optimizers.SGD) with the best rate on
    a quadratic whose curvatures lie in [lambda_min, lambda_max]."""'''

# The demo's typical mistakes: the "safe" step 1/lambda_max; the rate returned as the momentum
TYPICAL: dict[str, tuple[str, str, str]] = {
    GD: (
        slip(
            slip(REFERENCE_GD, "lambda_max):", "lambda_max):" + _GD_DOC),
            "2.0 / (lambda_min + lambda_max)",
            "1.0 / lambda_max",
        ).strip("\n"),
        "one_over_lambda_max",
        "1/9",
    ),
    MOM: (
        slip(
            slip(REFERENCE_MOMENTUM, "lambda_max):", "lambda_max):" + _MOM_DOC),
            ") ** 2\n    learning_rate",
            ")\n    learning_rate",
        ).strip("\n"),
        "momentum_is_the_rate",
        "1/9",
    ),
}
