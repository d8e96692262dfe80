r"""Penalties: the student's number against ``keras.regularizers.L1L2`` summed over the kernels.

The reference is Keras's regularizer itself, called on each kernel (float32, as a layer's kernel
is) and summed: ``sum_k L1L2(l1, l2)(W_k)`` = ``l1 * sum|W| + l2 * sum W**2`` over every element
of every kernel (no 1/2 on the L2 term, sums and not means). ``L1L2``'s factors default to 0.

The tolerance is relative, ``RTOL = 1e-5`` (float32 sums of a few thousand terms against the
student's float64), with an absolute floor for a penalty of 0. A wrong number is compared with
the values of known mistakes, computed from the same kernels: 1/2 on the L2 term, means instead
of sums, squares under L1, no absolute value, the L2 norm instead of its square, the factors
swapped, only one kernel, only one of the two terms. Every sum here is Keras's (``L1(1.0)``,
``L2(1.0)``, ``keras.ops.sum``): this module ships with the students' checks and holds no
NumPy version of the answer.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from autograder.cases import Case
from autograder.exercises.penalties.cases import materialize
from autograder.judging import CaseVerdict

RTOL = 1e-5
ATOL = 1e-9

FORMULA = "the penalty is l1 * sum(|w|) + l2 * sum(w**2) over every element of every kernel"


@lru_cache(maxsize=256)
def keras_penalty(case: Case) -> float:
    import keras

    inputs = materialize(case)
    regularizer = keras.regularizers.L1L2(**inputs["factors"])
    return float(sum(float(regularizer(keras.ops.convert_to_tensor(w))) for w in inputs["weights"]))


def _close(value: float, reference: float) -> bool:
    return bool(np.isclose(value, reference, rtol=RTOL, atol=ATOL))


def candidates(weights, l1: float, l2: float) -> list[tuple[str, str, float]]:
    """``(mistake id, explanation, value)`` of known wrong formulas on these kernels."""
    import keras

    # the sums come from Keras (L1(1) and L2(1) on each kernel), like the reference
    w = [keras.ops.convert_to_tensor(np.asarray(k, dtype=np.float32)) for k in weights]
    sizes = [int(np.prod(k.shape)) for k in w]
    s1 = [float(keras.regularizers.L1(1.0)(k)) for k in w]
    s2 = [float(keras.regularizers.L2(1.0)(k)) for k in w]
    plain = [float(keras.ops.sum(k)) for k in w]
    mean1 = [a / n for a, n in zip(s1, sizes)]
    mean2 = [a / n for a, n in zip(s2, sizes)]
    total = sum(sizes)
    means = "averages instead of summing: Keras sums |w| and w**2 over the elements, it does not take means"
    out = [
        (
            "half_l2",
            "the L2 term has a factor 1/2: Keras's L2 is l2 * sum(w**2), without the 1/2 of some textbooks",
            l1 * sum(s1) + 0.5 * l2 * sum(s2),
        ),
        ("mean_not_sum", means, l1 * sum(mean1) + l2 * sum(mean2)),
        ("mean_not_sum", means, (l1 * sum(s1) + l2 * sum(s2)) / total),
        (
            "squares_under_l1",
            "the L1 term uses squares: L1 is l1 * sum(|w|), absolute values",
            l1 * sum(s2) + l2 * sum(s2),
        ),
        (
            "l1_without_abs",
            "the L1 term misses the absolute value: l1 * sum(|w|), not l1 * sum(w)",
            l1 * sum(plain) + l2 * sum(s2),
        ),
        (
            "l2_norm_not_squared",
            "the L2 term is the norm: Keras's is the squared norm, l2 * sum(w**2), no square root",
            l1 * sum(s1) + l2 * sum(float(np.sqrt(v)) for v in s2),
        ),
        (
            "l2_norm_not_squared",
            "the L2 term is the norm: Keras's is the squared norm, l2 * sum(w**2), no square root",
            l1 * sum(s1) + l2 * float(np.sqrt(sum(s2))),
        ),
        (
            "factors_swapped",
            "l1 and l2 are swapped: l1 multiplies sum(|w|), l2 multiplies sum(w**2)",
            l2 * sum(s1) + l1 * sum(s2),
        ),
        ("only_l1", "only the L1 term is added: with both factors, the penalty is the sum of both terms", l1 * sum(s1)),
        ("only_l2", "only the L2 term is added: with both factors, the penalty is the sum of both terms", l2 * sum(s2)),
    ]
    if len(w) > 1:
        out += [
            (
                "one_kernel_only",
                "only the first kernel is penalized: sum the penalty over every kernel of the list",
                l1 * s1[0] + l2 * s2[0],
            ),
            (
                "one_kernel_only",
                "only the last kernel is penalized: sum the penalty over every kernel of the list",
                l1 * s1[-1] + l2 * s2[-1],
            ),
        ]
    return out


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    value = float(collected["penalty"])
    reference = keras_penalty(case)
    shown = "" if case.hidden else f" (yours {value:.6g}, Keras {reference:.6g})"
    if not np.isfinite(value):
        return CaseVerdict(case, False, "the penalty is NaN or infinite", mistake="not_finite", hint=FORMULA)
    if _close(value, reference):
        return CaseVerdict(
            case,
            True,
            "matches the sum of keras.regularizers.L1L2 over the kernels"
            + ("" if case.hidden else f": {reference:.6g}"),
        )
    factors = inputs["factors"]
    for mistake, text, candidate in candidates(inputs["weights"], factors.get("l1", 0.0), factors.get("l2", 0.0)):
        if not _close(candidate, reference) and _close(value, candidate):
            return CaseVerdict(case, False, f"{text}{shown}", mistake=mistake, hint=FORMULA)
    if not factors and value != 0.0:
        return CaseVerdict(
            case,
            False,
            f"with l1 and l2 left at their defaults the penalty must be 0{shown}: "
            "Keras's L1L2 defaults both factors to 0",
            mistake="wrong_defaults",
            hint="use l1=0.0 and l2=0.0 as the defaults",
        )
    return CaseVerdict(case, False, f"differs from Keras's L1L2 penalty{shown}", mistake="wrong_value", hint=FORMULA)


MISTAKES: tuple = ()  # filled as the judge moves to a table
