r"""Tuning: the student's best constant step size (and momentum) against the optimum of Keras's SGD step.

The problem is the quadratic ``f(w) = ½ wᵀ A w`` whose Hessian ``A`` has its eigenvalues (curvatures)
in ``[lambda_min, lambda_max]``. In A's eigenbasis each coordinate evolves on its own, so one step of
``keras.optimizers.SGD`` on it is, per curvature λ, a linear map: of ``u`` alone for gradient descent,
of ``(u, velocity)`` with momentum. The error shrinks by the *rate* (the spectral radius of that map,
the largest over the curvatures, reached at one of the two ends) per step.

The reference is that map as Keras computes it, never a formula: ``keras_maps`` steps Keras's SGD
once, eagerly, in float64, from the unit states, on the gradient ``x u`` of ``½ x u²`` with
``learning_rate=1`` (Keras keeps its learning rate in float32; the step is linear in ``lr * g``, so
passing ``x = learning_rate * λ`` through the gradient is the same step without rounding the
student's step size). From those maps:

- **gradient descent** (``tuned_gd``): the best step balances the two ends, the one whose factors
  at ``lambda_min`` and ``lambda_max`` are opposite (``best_gd``, a root found by ``brentq`` on
  Keras's factors): a smaller step leaves the flat direction slower, a larger one makes the stiff
  direction overshoot more;
- **heavy-ball momentum** (``tuned_momentum``): Keras's step with momentum β critically damps (its
  map has a double eigenvalue, ``trace² = 4 det``) exactly two products ``x = learning_rate * λ``,
  ``x₋(β) < x₊(β)``, read off Keras's maps (whose trace is affine in ``x``: read at two products,
  confirmed at a third). The best pair critically damps both ends: the momentum whose two products
  are in the ratio κ (``brentq`` on β), with the step ``x₋(β*) / lambda_min`` (``best_momentum``).

This module ships with the students' checks: it holds no formula of the answers. The wrong
answers of the mistake table are either plain wrong formulas (``1/lambda_max``...) or built from
the optimum found above (its square root, half of it...).

Tolerance: the step within ``RTOL`` relative, the momentum within ``RTOL * (1 - beta*)`` (the
distance to 1 is what sets the rate). Keras rounds the momentum to float32: the reference is
within about 1e-7 of the exact optimum, far inside the tolerance, while every known mistake is
off by more than a percent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, lru_cache

import numpy as np

from autograder.cases import Case
from autograder.family import Mistake
from autograder.judging import CaseVerdict

RTOL = 1e-4


def keras_maps(momentum: float, products) -> np.ndarray:
    """The maps of one step of Keras's ``SGD(momentum=momentum)`` on ``½ x u²``, one per product
    ``x = learning_rate * λ``: shape ``(n, 2, 2)`` acting on ``(u, velocity)`` with momentum,
    ``(n, 1, 1)`` acting on ``u`` without (Keras then has no velocity)."""
    import keras

    x = np.asarray(products, dtype=np.float64).ravel()
    n = len(x)
    optimizer = keras.optimizers.SGD(learning_rate=1.0, momentum=float(momentum))
    if momentum == 0:
        u = keras.Variable(np.ones(n), dtype="float64")
        optimizer.apply_gradients([(x * u.numpy(), u)])
        return u.numpy().reshape(n, 1, 1)
    # columns: from (u, v) = (1, 0) in the first n entries, from (0, 1) in the last n
    start_u, start_v = np.concatenate([np.ones(n), np.zeros(n)]), np.concatenate([np.zeros(n), np.ones(n)])
    u = keras.Variable(start_u, dtype="float64")
    optimizer.build([u])
    optimizer.momentums[0].assign(start_v)
    optimizer.apply_gradients([(np.concatenate([x, x]) * start_u, u)])
    new_u, new_v = u.numpy(), optimizer.momentums[0].numpy()
    return np.stack([np.stack([new_u[:n], new_u[n:]], -1), np.stack([new_v[:n], new_v[n:]], -1)], -2)


def rates(maps: np.ndarray) -> np.ndarray:
    """The spectral radius of each map: the factor the error shrinks by per step, in the long run."""
    return np.abs(np.linalg.eigvals(maps)).max(axis=-1)


def discriminants(maps: np.ndarray) -> np.ndarray:
    """``trace² - 4 det`` of each 2×2 map: > 0 two real eigenvalues (over-damped), < 0 complex ones
    (under-damped, oscillating), 0 a double eigenvalue (critically damped)."""
    trace = maps[:, 0, 0] + maps[:, 1, 1]
    return trace * trace - 4 * np.linalg.det(maps)


@lru_cache(maxsize=1024)
def critical_products(momentum: float) -> tuple[float, float]:
    """``(x₋, x₊)``: the two products ``learning_rate * λ`` that Keras's step with this momentum
    critically damps (``trace = +2√det`` and ``-2√det``). Without momentum the eigenvalues are
    ``1 - x`` and 0: they coincide only at ``x = 1``."""
    if momentum == 0:
        return 1.0, 1.0
    maps = keras_maps(momentum, [0.0, 1.0, 2.0])
    trace = maps[:, 0, 0] + maps[:, 1, 1]
    det = np.linalg.det(maps)
    slope = trace[0] - trace[1]
    if abs(trace[2] - (trace[0] - 2 * slope)) > 1e-9 or np.ptp(det) > 1e-9:  # pragma: no cover - a Keras change
        raise RuntimeError("Keras's SGD step is no longer affine in the gradient with a constant determinant")
    root = np.sqrt(max(det[0], 0.0))
    return float((trace[0] - 2 * root) / slope), float((trace[0] + 2 * root) / slope)


@dataclass(frozen=True)
class Best:
    """The optimum of Keras's SGD on curvatures in ``[lam_min, lam_max]``, found on Keras's maps."""

    lam_min: float
    lam_max: float
    gd_step: float  # the best learning rate without momentum
    gd_rate: float
    step: float  # the best (learning_rate, momentum) pair
    momentum: float
    rate: float


@lru_cache(maxsize=256)
def best(lam_min: float, lam_max: float) -> Best:
    from scipy.optimize import brentq

    lams = np.array([lam_min, lam_max])

    def balance(step: float) -> float:  # the factors at the two ends, added: 0 when they are opposite
        return float(keras_maps(0.0, step * lams).sum())

    gd_step = brentq(balance, 0.0, 2.0 / lam_min, xtol=1e-14, rtol=1e-12)
    gd_rate = float(rates(keras_maps(0.0, gd_step * lams)).max())
    if lam_max == lam_min:  # one curvature: no momentum is needed, the best step is gradient descent's
        return Best(lam_min, lam_max, float(gd_step), gd_rate, float(gd_step), 0.0, gd_rate)

    def ratio_gap(momentum: float) -> float:  # 0 when the two critically damped products are lambda_min, lambda_max
        low, high = critical_products(momentum)
        return high - (lam_max / lam_min) * low

    momentum = brentq(ratio_gap, 1e-12, 1.0 - 1e-9, xtol=1e-10, rtol=1e-10)
    step = critical_products(momentum)[0] / lam_min
    # both ends critically damped: the double eigenvalue's modulus is sqrt(det) (the spectral radius of a
    # map with a double eigenvalue moves like the square root of any rounding: not read off the eigenvalues)
    rate = float(np.sqrt(np.linalg.det(keras_maps(momentum, step * lams)).max()))
    return Best(lam_min, lam_max, float(gd_step), gd_rate, float(step), float(momentum), rate)


# ----------------------------------------------------------------------------- the student's answer


@dataclass
class Answer:
    """One case as the judge sees it: the student's step (and momentum), the optimum."""

    step: float
    momentum: float | None  # None for tuned_gd
    best: Best

    @property
    def valid(self) -> bool:
        """A step and momentum Keras's SGD accepts: a positive step, a momentum in [0, 1)."""
        momentum = 0.0 if self.momentum is None else self.momentum
        return bool(np.isfinite(self.step) and self.step > 0 and np.isfinite(momentum) and 0 <= momentum < 1)

    @cached_property
    def maps(self) -> np.ndarray:
        """Keras's maps at the two ends with the student's step (and momentum)."""
        return keras_maps(self.momentum or 0.0, self.step * np.array([self.best.lam_min, self.best.lam_max]))

    @cached_property
    def rate(self) -> float:
        return float(rates(self.maps).max())

    def step_is(self, value: float | None) -> bool:
        return value is not None and _close_step(self.step, value)

    def momentum_is(self, value: float | None) -> bool:
        return value is not None and self.momentum is not None and _close_momentum(self.momentum, value, self.best)

    @property
    def step_right(self) -> bool:
        return self.step_is(self.best.step if self.momentum is not None else self.best.gd_step)

    @property
    def momentum_right(self) -> bool:
        return self.momentum_is(self.best.momentum)


def _close_step(value: float, reference: float) -> bool:
    return bool(abs(value - reference) <= RTOL * abs(reference))


def _close_momentum(value: float, reference: float, best: Best) -> bool:
    return bool(abs(value - reference) <= RTOL * (1 - best.momentum))


def _step(*values: Callable[[Best], float | None]) -> Callable[[Answer], bool]:
    """``recognise`` for a wrong step: the student's step is one of ``values`` (where it is not the best)."""

    def recognise(answer: Answer) -> bool:
        right = answer.best.step if answer.momentum is not None else answer.best.gd_step
        return any(
            v is not None and not _close_step(v, right) and answer.step_is(v) for v in (f(answer.best) for f in values)
        )

    return recognise


def _momentum(*values: Callable[[Best], float]) -> Callable[[Answer], bool]:
    """``recognise`` for a wrong momentum: the student's momentum is one of ``values``."""

    def recognise(answer: Answer) -> bool:
        return any(
            not _close_momentum(v, answer.best.momentum, answer.best) and answer.momentum_is(v)
            for v in (f(answer.best) for f in values)
        )

    return recognise


def _regime(answer: Answer, end: int) -> str:
    """How Keras's step with the student's pair treats the curvature ``lambda_min`` (0) or ``lambda_max`` (1)."""
    if answer.maps.shape[-1] == 1:  # no momentum: the eigenvalues are 1 - x and 0, double only at x = 1
        disc, scale = float(answer.maps[end, 0, 0]) ** 2, 1.0
    else:
        disc, scale = float(discriminants(answer.maps)[end]), float(np.linalg.det(answer.maps[end]))
    if abs(disc) <= 1e-6 * max(scale, 1e-12):
        return "critically damped"
    return "over-damped (two real eigenvalues, it creeps)" if disc > 0 else "under-damped (it oscillates)"


_GD_RULE = (
    "gradient descent multiplies the error along each curvature λ by 1 - learning_rate·λ per step; the rate is the "
    "worse of the two ends: find the step at which the flat and the stiff ends shrink equally fast"
)
_MOMENTUM_RULE = (
    "the best pair critically damps both ends: the characteristic polynomial t² - (1 + β - αλ) t + β has the "
    "double root 1 - √(αλ), positive at λ = lambda_min and negative at λ = lambda_max; write its condition at "
    "each end, then solve the two equations for α and β"
)
_BOTH = frozenset({"tuned_gd", "tuned_momentum"})
_GD = frozenset({"tuned_gd"})
_MOM = frozenset({"tuned_momentum"})


def _gd_too(answer: Answer) -> str:
    return (
        "too small: the flat end (lambda_min) shrinks slower"
        if answer.step < answer.best.gd_step
        else ("too large: the stiff end (lambda_max) overshoots more")
    )


# The rows are tried in order; the first that recognises the student's answer names the mistake.
MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "not_finite",
        "a NaN or infinite step or momentum",
        "the answer is NaN or infinite",
        "both curvatures are positive numbers: the best step and momentum are finite",
        lambda a: not np.isfinite(a.step) or (a.momentum is not None and not np.isfinite(a.momentum)),
        _BOTH,
    ),
    Mistake(
        "step_not_positive",
        "a step of 0 or below",
        "the learning rate is 0 or negative: SGD would stand still or climb",
        "a learning rate is positive: SGD steps against the gradient",
        lambda a: a.step <= 0,
        _BOTH,
    ),
    Mistake(
        "negative_momentum",
        "a momentum below 0 (the square root of a negative, or kappa taken as lambda_min / lambda_max)",
        "the momentum is negative",
        "the condition number is kappa = lambda_max / lambda_min >= 1, and the best momentum lies in [0, 1): "
        "it is 0 only when kappa = 1",
        lambda a: a.momentum is not None and a.momentum < 0,
        _MOM,
    ),
    Mistake(
        "momentum_at_least_one",
        "a momentum of 1 or above",
        "the momentum is 1 or more: the velocity never decays and SGD does not converge",
        "a convergent momentum lies in [0, 1); the best one is below 1 and tends to 1 only as kappa grows",
        lambda a: a.momentum is not None and a.momentum >= 1,
        _MOM,
    ),
    Mistake(
        "one_over_lambda_max",
        "the step 1 / lambda_max",
        "the step is 1 / lambda_max: it solves the stiff direction in one step, but leaves the flat one crawling",
        _GD_RULE,
        _step(lambda b: 1 / b.lam_max),
        _GD,
    ),
    Mistake(
        "two_over_lambda_max",
        "the step 2 / lambda_max",
        "the step is 2 / lambda_max, the edge of stability: along lambda_max the error flips sign and never shrinks",
        _GD_RULE,
        _step(lambda b: 2 / b.lam_max),
        _GD,
    ),
    Mistake(
        "one_over_lambda_min",
        "the step 1 / lambda_min",
        "the step is 1 / lambda_min: the flat direction would be solved in one step, but the stiff one diverges",
        _GD_RULE,
        _step(lambda b: 1 / b.lam_min),
        _GD,
    ),
    Mistake(
        "half_the_step",
        "half the best step",
        "the step is half the best one: a factor 2 is missing from the balance of the two ends",
        _GD_RULE,
        _step(lambda b: b.gd_step / 2),
        _GD,
    ),
    Mistake(
        "momentum_step",
        "the best step of heavy-ball momentum, for gradient descent",
        "the step is heavy-ball momentum's best step: without momentum it is too large and the stiff end diverges",
        _GD_RULE,
        _step(lambda b: b.step),
        _GD,
    ),
    Mistake(
        "momentum_is_the_rate",
        "the momentum is the square root of the best one (the rate)",
        "the momentum is the best rate, not its square: at critical damping the double root, the rate, is √β",
        _MOMENTUM_RULE,
        _momentum(lambda b: np.sqrt(b.momentum)),
        _MOM,
    ),
    Mistake(
        "kappa_not_sqrt",
        "the momentum built from kappa instead of √kappa: gradient descent's best rate, or its square",
        "the momentum is built from kappa where √kappa belongs: the two critical-damping conditions involve the "
        "square roots of the curvatures",
        _MOMENTUM_RULE,
        _momentum(lambda b: b.gd_rate**2, lambda b: b.gd_rate),
        _MOM,
    ),
    Mistake(
        "gd_step_with_momentum",
        "gradient descent's best step with momentum",
        "the step is gradient descent's best one: with momentum the best step is larger",
        _MOMENTUM_RULE,
        _step(lambda b: b.gd_step),
        _MOM,
    ),
    Mistake(
        "one_over_lambda_max",
        "the step 1 / lambda_max with momentum",
        "the step is 1 / lambda_max, gradient descent's cautious step: with momentum the best step is larger",
        _MOMENTUM_RULE,
        _step(lambda b: 1 / b.lam_max),
        _MOM,
    ),
    Mistake(
        "step_not_squared",
        "the square root of the best step",
        "the step is the square root of the best one: a square is missing",
        _MOMENTUM_RULE,
        _step(lambda b: np.sqrt(b.step)),
        _MOM,
    ),
    Mistake(
        "swapped_ends",
        "the step that critically damps lambda_min with lambda_max's root, or lambda_max with lambda_min's",
        "the step critically damps the ends the wrong way round: lambda_min's double root is the positive one, "
        "lambda_max's the negative one",
        _MOMENTUM_RULE,
        _step(
            lambda b: critical_products(b.momentum)[1] / b.lam_min,
            lambda b: critical_products(b.momentum)[0] / b.lam_max,
        ),
        _MOM,
    ),
    Mistake(
        "diverges",
        "another step for which Keras's SGD diverges (rate >= 1)",
        "with this answer Keras's SGD diverges on the quadratic (rate >= 1 per step)",
        _GD_RULE,
        lambda a: a.momentum is None and a.rate >= 1,
        _GD,
    ),
    Mistake(
        "wrong_step",
        "another step",
        "the step is not the best one",
        _GD_RULE,
        lambda a: a.momentum is None,
        _GD,
    ),
    Mistake(
        "wrong_momentum",
        "the best step with another momentum",
        "the step is right but the momentum is not: lambda_min's end is {low}, lambda_max's is {high}",
        _MOMENTUM_RULE,
        lambda a: a.step_right,
        _MOM,
    ),
    Mistake(
        "wrong_step",
        "the best momentum with another step",
        "the momentum is right but the step is not: lambda_min's end is {low}, lambda_max's is {high}",
        _MOMENTUM_RULE,
        lambda a: a.momentum_right,
        _MOM,
    ),
    Mistake(
        "wrong_pair",
        "another step and another momentum",
        "neither the step nor the momentum is the best one: lambda_min's end is {low}, lambda_max's is {high}",
        _MOMENTUM_RULE,
        lambda a: True,
        _MOM,
    ),
)


def _message(mistake: Mistake, answer: Answer) -> str:
    text = mistake.message
    if "{low}" in text:
        text = text.format(low=_regime(answer, 0), high=_regime(answer, 1))
    if mistake.id == "wrong_step" and answer.momentum is None:
        text += f" ({_gd_too(answer)})"
    return text


def _fmt(step: float, momentum: float | None) -> str:
    return f"{step:.5g}" if momentum is None else f"({step:.5g}, {momentum:.5g})"


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    reference = best(float(inputs["lambda_min"]), float(inputs["lambda_max"]))
    answer = Answer(float(collected["learning_rate"]), collected.get("momentum"), reference)
    momentum = answer.momentum is not None
    right = (reference.step, reference.momentum) if momentum else (reference.gd_step, None)
    rate = reference.rate if momentum else reference.gd_rate
    if answer.step_right and (not momentum or answer.momentum_right):
        shown = "" if case.hidden else f": {_fmt(*right)}, rate {rate:.6g} per step"
        return CaseVerdict(case, True, f"the best {'pair' if momentum else 'step'} for Keras's SGD{shown}")
    mistake = next(m for m in MISTAKES if m.applies_to(case.exercise) and m.recognise(answer))
    shown = ""
    if not case.hidden:
        yours = f"rate {answer.rate:.6g}" if answer.valid else "not a step Keras's SGD takes"
        shown = f" (yours {_fmt(answer.step, answer.momentum)}, {yours}; best {_fmt(*right)}, rate {rate:.6g})"
    return CaseVerdict(case, False, f"{_message(mistake, answer)}{shown}", mistake=mistake.id, hint=mistake.hint)
