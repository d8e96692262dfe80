"""Crafted answers for ``l1_l2_penalty``: one per row of ``judge.MISTAKES`` and the accepted
alternative forms, as a student would type them in the answer cell (the setup cell gives ``np``).
Never shipped to students."""

from autograder.family import Crafted

_NAME = "l1_l2_penalty"

CRAFTED: list[Crafted] = [
    Crafted(
        _NAME,
        None,
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * np.abs(w).sum() + l2 * (w.astype(np.float64) ** 2).sum() for w in weights)
""",
    ),
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
    Crafted(
        _NAME,
        "not_finite",  # |w| written as (w ** 0.5) ** 2: NaN for negative weights
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * np.sum((w**0.5) ** 2) + l2 * np.sum(w**2) for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "half_l2",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * np.abs(w).sum() + 0.5 * l2 * (w**2).sum() for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "mean_not_sum",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * np.abs(w).mean() + l2 * (w**2).mean() for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "mean_not_sum",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    flat = np.concatenate([w.ravel() for w in weights])
    return l1 * np.mean(np.abs(flat)) + l2 * np.mean(flat**2)
""",
    ),
    Crafted(
        _NAME,
        "squares_under_l1",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * (w**2).sum() + l2 * (w**2).sum() for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "l1_without_abs",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * w.sum() + l2 * (w**2).sum() for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "l2_norm_not_squared",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * np.abs(w).sum() + l2 * np.linalg.norm(w) for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "l2_norm_not_squared",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    flat = np.concatenate([w.ravel() for w in weights])
    return l1 * np.abs(flat).sum() + l2 * np.sqrt(np.sum(flat**2))
""",
    ),
    Crafted(
        _NAME,
        "factors_swapped",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l2 * np.abs(w).sum() + l1 * (w**2).sum() for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "only_l1",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * np.abs(w).sum() if l1 else l2 * (w**2).sum() for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "only_l2",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l2 * (w**2).sum() if l2 else l1 * np.abs(w).sum() for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "one_kernel_only",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return l1 * np.abs(weights[0]).sum() + l2 * (weights[0] ** 2).sum()
""",
    ),
    Crafted(
        _NAME,
        "one_kernel_only",
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    for w in weights:
        penalty = l1 * np.abs(w).sum() + l2 * (w**2).sum()
    return penalty
""",
    ),
    Crafted(
        _NAME,
        "wrong_defaults",  # falls back to keras.regularizers.L2's default factor when none is given
        """
def l1_l2_penalty(weights, l1=None, l2=None):
    if l1 is None and l2 is None:
        l2 = 0.01
    l1, l2 = l1 or 0.0, l2 or 0.0
    return sum(l1 * np.abs(w).sum() + l2 * (w**2).sum() for w in weights)
""",
    ),
    Crafted(
        _NAME,
        "wrong_value",  # the square of the sum, not the sum of the squares
        """
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    return sum(l1 * np.abs(w).sum() + l2 * w.sum() ** 2 for w in weights)
""",
    ),
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
