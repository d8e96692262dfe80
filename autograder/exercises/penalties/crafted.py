"""Crafted ``l1_l2_penalty`` answers (never shipped to students): the accepted forms, one answer per row of
``judge.MISTAKES`` (some rows have two, a per-kernel and a flattened form) and the demo's ``TYPICAL``
mistake. Each is a whole answer cell run after the setup cell (which gives ``np``); most mistakes are
``REFERENCE`` with one slip.
"""

from autograder.family import Crafted, slip

_NAME = "l1_l2_penalty"

# l1 * sum|w| + l2 * sum w**2 over every kernel, in float32 sums (accepted, like the forms below).
REFERENCE = """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * np.abs(w).sum() + l2 * (w**2).sum() for w in weights)
"""

CRAFTED: list[Crafted] = [
    Crafted(_NAME, None, slip(REFERENCE, "(w**2)", "(w.astype(np.float64) ** 2)")),  # the squares in float64
    Crafted(
        _NAME,
        None,  # one flat vector, norms, a float32 result
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    flat = np.concatenate([np.ravel(w) for w in weights])
    return np.float32(l1 * np.linalg.norm(flat, 1) + l2 * np.dot(flat, flat))
""",
    ),
    Crafted(
        _NAME,
        None,  # a 0-d array
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    total = np.zeros(())
    for w in weights:
        total += l1 * np.sum(np.abs(w)) + l2 * np.sum(np.square(w))
    return total
""",
    ),
    Crafted(  # |w| written as (w ** 0.5) ** 2: NaN for negative weights
        _NAME,
        "not_finite",
        slip(REFERENCE, "np.abs(w).sum() + l2 * (w**2).sum()", "np.sum((w**0.5) ** 2) + l2 * np.sum(w**2)"),
    ),
    Crafted(_NAME, "half_l2", slip(REFERENCE, "+ l2 *", "+ 0.5 * l2 *")),
    Crafted(
        _NAME, "mean_not_sum", slip(REFERENCE, "abs(w).sum() + l2 * (w**2).sum()", "abs(w).mean() + l2 * (w**2).mean()")
    ),
    Crafted(  # the flattened form
        _NAME,
        "mean_not_sum",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    flat = np.concatenate([w.ravel() for w in weights])
    return l1 * np.mean(np.abs(flat)) + l2 * np.mean(flat**2)
""",
    ),
    Crafted(_NAME, "squares_under_l1", slip(REFERENCE, "l1 * np.abs(w)", "l1 * (w**2)")),
    Crafted(_NAME, "l1_without_abs", slip(REFERENCE, "np.abs(w)", "w")),
    Crafted(_NAME, "l2_norm_not_squared", slip(REFERENCE, "(w**2).sum()", "np.linalg.norm(w)")),
    Crafted(  # the flattened form
        _NAME,
        "l2_norm_not_squared",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    flat = np.concatenate([w.ravel() for w in weights])
    return l1 * np.abs(flat).sum() + l2 * np.sqrt(np.sum(flat**2))
""",
    ),
    Crafted(
        _NAME, "factors_swapped", slip(REFERENCE, "sum(l1 * np.abs(w).sum() + l2 *", "sum(l2 * np.abs(w).sum() + l1 *")
    ),
    Crafted(_NAME, "only_l1", slip(REFERENCE, " + l2 * (w**2)", " if l1 else l2 * (w**2)")),
    Crafted(
        _NAME,
        "only_l2",
        slip(
            REFERENCE, "l1 * np.abs(w).sum() + l2 * (w**2).sum()", "l2 * (w**2).sum() if l2 else l1 * np.abs(w).sum()"
        ),
    ),
    Crafted(  # the first kernel only
        _NAME,
        "one_kernel_only",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return l1 * np.abs(weights[0]).sum() + l2 * (weights[0] ** 2).sum()
""",
    ),
    Crafted(  # the penalty of the last kernel: each pass of the loop overwrites it
        _NAME,
        "one_kernel_only",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    for w in weights:
        penalty = l1 * np.abs(w).sum() + l2 * (w**2).sum()
    return penalty
""",
    ),
    Crafted(  # falls back to keras.regularizers.L2's default factor when none is given
        _NAME,
        "wrong_defaults",
        slip(
            REFERENCE,
            "l1=0.0, l2=0.0):\n",
            "l1=None, l2=None):\n"
            "    if l1 is None and l2 is None:\n"
            "        l2 = 0.01\n"
            "    l1, l2 = l1 or 0.0, l2 or 0.0\n",
        ),
    ),
    # the square of the sum, not the sum of the squares
    Crafted(_NAME, "wrong_value", slip(REFERENCE, "(w**2).sum()", "w.sum() ** 2")),
]

# The demo's typical mistake: the textbook's 1/2 on the L2 term
TYPICAL: dict[str, tuple[str, str, str]] = {
    _NAME: (
        '''
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    """The penalty of keras.regularizers.L1L2(l1=l1, l2=l2) summed over a list of kernels W_k:

        l1 * sum_k sum(|W_k|)  +  l2 * sum_k sum(W_k ** 2)      (sums over every element; no 1/2)

    Returns a float.
    """
    return float(sum(l1 * np.sum(np.abs(w)) + 0.5 * l2 * np.sum(w ** 2) for w in weights))
'''.strip("\n"),
        "half_l2",
        "3/8",
    ),
}
