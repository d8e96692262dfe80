r"""Penalties: the student's number against ``keras.regularizers.L1L2`` summed over the kernels.

The reference is Keras's regularizer itself, called on each kernel (float32, as a layer's kernel
is) and summed: ``sum_k L1L2(l1, l2)(W_k)`` = ``l1 * sum|W| + l2 * sum W**2`` over every element
of every kernel (no 1/2 on the L2 term, sums and not means). ``L1L2``'s factors default to 0.

The tolerance is relative, ``RTOL = 1e-5`` (float32 sums of a few thousand terms against the
student's float64), with an absolute floor for a penalty of 0. A wrong number goes through
``MISTAKES``, the table of known mistakes, in order: most rows are wrong formulas whose values are
computed from the same kernels (1/2 on the L2 term, means instead of sums, squares under L1, no
absolute value, the L2 norm instead of its square, the factors swapped, only one kernel, only one
of the two terms). Every sum here is Keras's (``L1(1.0)``, ``L2(1.0)``, ``keras.ops.sum``): this
module ships with the students' checks and holds no NumPy version of the answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from autograder.cases import Case
from autograder.exercises.penalties.cases import materialize
from autograder.family import Mistake
from autograder.judging import CaseVerdict

RTOL = 1e-5
ATOL = 1e-9

# the rule in words, never a line of the answer (the reports ship to students)
RULE = (
    "Keras's L1L2 penalty is l1 times the sum of the absolute values of the weights plus l2 times the "
    "sum of their squares, over every weight of every kernel: sums, not means, and no factor 1/2"
)


@lru_cache(maxsize=256)
def keras_penalty(case: Case) -> float:
    import keras

    inputs = materialize(case)
    regularizer = keras.regularizers.L1L2(**inputs["factors"])
    return float(sum(float(regularizer(keras.ops.convert_to_tensor(w))) for w in inputs["weights"]))


def _close(value: float, reference: float) -> bool:
    return bool(np.isclose(value, reference, rtol=RTOL, atol=ATOL))


@dataclass(frozen=True)
class Sums:
    """Keras's sums over each kernel, from which the wrong formulas are built: ``absolute`` = L1(1.0),
    ``squares`` = L2(1.0), ``plain`` = ``keras.ops.sum``, ``sizes`` = numbers of elements."""

    absolute: list[float]
    squares: list[float]
    plain: list[float]
    sizes: list[int]

    @classmethod
    def of(cls, weights) -> Sums:
        import keras

        w = [keras.ops.convert_to_tensor(np.asarray(k, dtype=np.float32)) for k in weights]
        return cls(
            absolute=[float(keras.regularizers.L1(1.0)(k)) for k in w],
            squares=[float(keras.regularizers.L2(1.0)(k)) for k in w],
            plain=[float(keras.ops.sum(k)) for k in w],
            sizes=[int(np.prod(k.shape)) for k in w],
        )


@dataclass
class Answer:
    """One case as the judge sees it: the student's number, Keras's, the factors (0 where left
    out) and, computed when a row asks for them, Keras's sums over the kernels."""

    value: float
    reference: float
    weights: list
    factors: dict

    @property
    def l1(self) -> float:
        return self.factors.get("l1", 0.0)

    @property
    def l2(self) -> float:
        return self.factors.get("l2", 0.0)

    @cached_property
    def sums(self) -> Sums:
        return Sums.of(self.weights)


Formula = Callable[[Sums, float, float], float | None]  # (sums, l1, l2) -> a wrong penalty, None: not here


@dataclass(frozen=True)
class Computes:
    """``recognise`` for a wrong formula (in one or more forms): the student's number is the value
    of one of ``forms``, where that value differs from Keras's."""

    forms: tuple[Formula, ...]

    def values(self, sums: Sums, l1: float, l2: float) -> list[float]:
        return [v for v in (form(sums, l1, l2) for form in self.forms) if v is not None]

    def __call__(self, answer: Answer) -> bool:
        return any(
            not _close(v, answer.reference) and _close(answer.value, v)
            for v in self.values(answer.sums, answer.l1, answer.l2)
        )


def _formula(mistake_id: str, recognised_by: str, message: str, *forms: Formula) -> Mistake:
    """A row for a wrong formula: the hint is the rule in words."""
    return Mistake(mistake_id, recognised_by, message, RULE, Computes(forms))


def _means(s: Sums, l1: float, l2: float) -> float:
    """Per kernel, the mean of |w| and of w**2."""
    return l1 * sum(a / n for a, n in zip(s.absolute, s.sizes)) + l2 * sum(a / n for a, n in zip(s.squares, s.sizes))


_MEANS = (
    "averages instead of summing: Keras sums the absolute values and the squares over all the weights, "
    "it does not divide by their number"
)
_NORM = "the L2 term is the norm: Keras's L2 term is the squared norm, the plain sum of the squares, no square root"

# The rows are tried in order; the first that recognises the student's number names the mistake.
MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "not_finite",
        "the number is NaN or infinite",
        "the penalty is NaN or infinite",
        RULE,
        lambda answer: not np.isfinite(answer.value),
    ),
    _formula(
        "half_l2",
        "Keras's value with half the L2 term",
        "the L2 term has a factor 1/2: Keras's L2 has none (some textbooks put one there), it is l2 times "
        "the plain sum of the squares",
        lambda s, l1, l2: l1 * sum(s.absolute) + 0.5 * l2 * sum(s.squares),
    ),
    _formula(
        "mean_not_sum",
        "means instead of sums: per kernel, or the whole penalty divided by the number of weights",
        _MEANS,
        _means,
        lambda s, l1, l2: (l1 * sum(s.absolute) + l2 * sum(s.squares)) / sum(s.sizes),
    ),
    _formula(
        "squares_under_l1",
        "squares in the L1 term as well",
        "the L1 term uses squares: Keras's L1 term sums the absolute values of the weights; only the L2 term "
        "squares them",
        lambda s, l1, l2: l1 * sum(s.squares) + l2 * sum(s.squares),
    ),
    _formula(
        "l1_without_abs",
        "the plain sum of the weights in the L1 term",
        "the L1 term misses the absolute value: Keras's L1 term adds up the magnitudes of the weights, so a "
        "negative weight adds to it instead of cancelling a positive one",
        lambda s, l1, l2: l1 * sum(s.plain) + l2 * sum(s.squares),
    ),
    _formula(
        "l2_norm_not_squared",
        "the L2 norm (of each kernel, or of all the weights) instead of its square",
        _NORM,
        lambda s, l1, l2: l1 * sum(s.absolute) + l2 * sum(float(np.sqrt(v)) for v in s.squares),
        lambda s, l1, l2: l1 * sum(s.absolute) + l2 * float(np.sqrt(sum(s.squares))),
    ),
    _formula(
        "factors_swapped",
        "the value with l1 and l2 exchanged",
        "l1 and l2 are swapped: l1 scales the sum of the absolute values, l2 the sum of the squares",
        lambda s, l1, l2: l2 * sum(s.absolute) + l1 * sum(s.squares),
    ),
    _formula(
        "only_l1",
        "the L1 term alone",
        "only the L1 term is added: with both factors, the penalty is the sum of both terms",
        lambda s, l1, l2: l1 * sum(s.absolute),
    ),
    _formula(
        "only_l2",
        "the L2 term alone",
        "only the L2 term is added: with both factors, the penalty is the sum of both terms",
        lambda s, l1, l2: l2 * sum(s.squares),
    ),
    _formula(
        "one_kernel_only",
        "the penalty of the first kernel alone (with several kernels)",
        "only the first kernel is penalized: sum the penalty over every kernel of the list",
        lambda s, l1, l2: l1 * s.absolute[0] + l2 * s.squares[0] if len(s.sizes) > 1 else None,
    ),
    _formula(
        "one_kernel_only",
        "the penalty of the last kernel alone (with several kernels)",
        "only the last kernel is penalized: sum the penalty over every kernel of the list",
        lambda s, l1, l2: l1 * s.absolute[-1] + l2 * s.squares[-1] if len(s.sizes) > 1 else None,
    ),
    Mistake(
        "wrong_defaults",
        "a number other than 0 where neither factor is given",
        "with l1 and l2 left at their defaults the penalty must be 0: Keras's L1L2 defaults both factors to 0",
        "default both factors to 0, as Keras's L1L2 does: with neither given there is no penalty",
        lambda answer: not answer.factors and answer.value != 0.0,
    ),
    Mistake(
        "wrong_value",
        "none of the above",
        "differs from Keras's L1L2 penalty",
        RULE,
        lambda answer: True,
    ),
)


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    answer = Answer(float(collected["penalty"]), keras_penalty(case), inputs["weights"], inputs["factors"])
    if _close(answer.value, answer.reference):
        shown = "" if case.hidden else f": {answer.reference:.6g}"
        return CaseVerdict(case, True, f"matches the sum of keras.regularizers.L1L2 over the kernels{shown}")
    shown = "" if case.hidden else f" (yours {answer.value:.6g}, Keras {answer.reference:.6g})"
    mistake = next(m for m in MISTAKES if m.recognise(answer))
    return CaseVerdict(case, False, f"{mistake.message}{shown}", mistake=mistake.id, hint=mistake.hint)
