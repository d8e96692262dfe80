"""Typical mistakes for notebook 3 (initialization): one answer cell per graded function.

``ANSWERS`` holds complete answer-cell sources with one mistake each; ``EXPECTED`` the mistake the
grader names (the first failing case's) and the fraction of the visible and hidden cases such an
answer passes. Both mistakes keep the draws right (independent, from the given rng), so they pass
the two "draws" cases (one visible, one hidden) and fail the five distribution cases.
"""

ANSWERS = {
    # The slides define Glorot's variance 2/(fan_in+fan_out) in many textbooks' form and students use
    # that standard deviation as the uniform's limit: the weights are sqrt(3) times too small.
    "glorot_uniform": '''def glorot_uniform(shape, rng):
    """Glorot & Bengio (2010): U(-limit, limit), limit = sqrt(6 / (fan_in + fan_out))."""
    fan_in, fan_out = shape
    limit = np.sqrt(2.0 / (fan_in + fan_out))
    return rng.uniform(-limit, limit, size=shape)
''',
    # The slide's typo, copied as it stands: sd = 1/sqrt(2m) instead of sqrt(2/m).
    "he_normal": '''def he_normal(shape, rng):
    """He et al. (2015): normal, mean 0, standard deviation as on the slide."""
    fan_in, fan_out = shape
    return rng.normal(0.0, 1.0 / np.sqrt(2 * fan_in), size=shape)
''',
}

EXPECTED = {
    "glorot_uniform": ("std_as_limit", "2/7"),
    "he_normal": ("slide_formula", "2/7"),
}
