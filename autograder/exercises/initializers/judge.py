r"""Initializers: the statistics of the student's weights against those of Keras's own samples.

The reference is Keras's initializer itself: ``keras.initializers.GlorotUniform`` or ``HeNormal``
draws at least ``REFERENCE_VALUES`` weights with the case's fans here (a stack of kernels), and
their mean square and largest magnitude are what the student's weights are compared with. A
random array is never compared value by value: a correct answer passes every test below except
with probability at most ``ALPHA`` per test (exact or distribution-free bounds, not normal
approximations), whatever the seed; Keras's own estimates carry the same guarantee, and both
uncertainties are added.

Distribution (``"distribution"`` cases, one call):

- **centred**: ``|sum(w)| <= sqrt(2 ln(2/ALPHA) sum(w**2))`` (Hoeffding's inequality on the signs of
  a symmetric distribution: it holds whatever the scale, so a wrong variance is not called off-centre);
- **variance**: ``mean(w**2)`` against Keras's, within the bounds of the sum of ``n`` squares:
  chi-square quantiles for a normal, Bernstein's inequality for the bounded uniform and truncated
  normal. He accepts a plain normal *and* Keras's truncated normal (cut at 2 standard deviations
  before rescaling) with the same final standard deviation;
- **Glorot's support**: the largest ``|w|`` is at most Keras's limit (``sqrt(6/(fan_in+fan_out))``,
  read off Keras's samples: their maximum is within ``ln(1/ALPHA)/m`` of it) and reaches it within
  ``ln(1/ALPHA)/n``: for ``n`` uniform draws ``P(max < limit*(1-d)) = (1-d)**n``;
- **He's shape**: the fraction of weights beyond 1.8 standard deviations is that of a normal
  (7.19%) or of Keras's truncated normal (7.11%), within exact binomial bounds; a uniform with
  the same variance has none (its support ends at 1.73 standard deviations).

Draws (``"draws"`` cases): two calls with the same Generator differ and are uncorrelated
(``|sum(a*b)| <= sqrt(2 ln(2/ALPHA) sum(a**2 b**2))``, exact for symmetric weights by Hoeffding's
inequality on random signs), and a Generator made from the same seed gives the same weights.

Diagnosis. The shape of the distribution is read off its kurtosis (uniform 1.8, Keras's truncated
normal 2.37, normal 3); each known mistake is a variance (Glorot: a limit) that differs from
Keras's by a factor known from the fans — ``fan_out`` for ``fan_in``, the slide's ``1/sqrt(2m)``,
the variance passed as a standard deviation... — and the one the student's statistics agree
with is named. Shapes where the fans differ a lot tell the fan mistakes apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from autograder.cases import Case
from autograder.judging import CaseVerdict

ALPHA = 1e-10  # probability that a correct answer fails one statistical test (a case runs at most 6)
REFERENCE_VALUES = 400_000  # Keras weights drawn per shape, at least
TRUNCATION = 0.87962566103423978  # std of a standard normal truncated to [-2, 2] (Keras's constant)
TAIL = 1.8  # He's shape test: weights beyond TAIL standard deviations
FLOAT32 = 1e-6  # relative slack for weights rounded to float32

KERAS_CLASS = {"glorot_uniform": "GlorotUniform", "he_normal": "HeNormal"}

# ----------------------------------------------------------------------------- distributions

# w**2 / sigma**2 for each accepted distribution: (variance, largest value) -- for Bernstein
_SQUARES = {
    "uniform": (0.8, 3.0),  # w = sqrt(3)*sigma*u, u uniform on [-1, 1]
    "truncated normal": (1.3655367171296495, (2 / TRUNCATION) ** 2),
}


def variance_bounds(n: int, family: str, alpha: float = ALPHA) -> tuple[float, float]:
    """``(lo, hi)``: ``mean(w**2)/sigma**2`` lies in it with probability at least ``1 - alpha``,
    for ``n`` independent weights of ``family`` with variance ``sigma**2``."""
    if family == "normal":
        from scipy.stats import chi2

        return float(chi2.ppf(alpha / 2, n) / n), float(chi2.isf(alpha / 2, n) / n)
    v, top = _SQUARES[family]
    b = max(1.0, top - 1.0)  # |w**2/sigma**2 - 1| <= b
    log = np.log(2 / alpha)
    t = (b * log / 3 + np.sqrt((b * log / 3) ** 2 + 2 * n * v * log)) / n  # Bernstein's inequality
    return max(0.0, 1.0 - t), 1.0 + t


def tail_probability(family: str, c: float) -> float:
    """``P(|w| > c*sigma)`` for weights of ``family`` with standard deviation ``sigma``."""
    from scipy.stats import norm

    if family == "normal":
        return float(2 * norm.sf(c))
    if family == "truncated normal":
        z = min(c * TRUNCATION, 2.0)
        return float(2 * (norm.cdf(2.0) - norm.cdf(z)) / (2 * norm.cdf(2.0) - 1))
    return float(max(0.0, 1.0 - c / np.sqrt(3.0)))  # uniform


def binomial_bounds(n: int, p_lo: float, p_hi: float, alpha: float = ALPHA) -> tuple[int, int]:
    """Counts ``[lo, hi]`` holding Binomial(n, p) with probability ``>= 1 - alpha`` for every
    ``p`` in ``[p_lo, p_hi]``."""
    from scipy.stats import binom

    return int(binom.ppf(alpha / 2, n, p_lo)), int(binom.isf(alpha / 2, n, p_hi))


def kurtosis(w: np.ndarray) -> float:
    m2 = float(np.mean(w * w))
    return float(np.mean(w**4) / (m2 * m2)) if m2 > 0 else float("nan")


def family_of(w: np.ndarray) -> str:
    """The shape of a centred sample, from its kurtosis: ``"uniform"`` (1.8), ``"truncated
    normal"`` (2.37 for Keras's cut at 2 standard deviations) or ``"normal"`` (3)."""
    k = kurtosis(w)
    if not np.isfinite(k):
        return "other"
    if k < 2.08:
        return "uniform"
    if k < 2.7:
        return "truncated normal"
    return "normal"


def _normalish(family: str) -> bool:
    return family in ("normal", "truncated normal")


# ----------------------------------------------------------------------------- Keras's reference


@dataclass(frozen=True)
class Reference:
    """Statistics of ``m`` weights drawn by Keras's initializer for one shape."""

    m: int
    var: float  # mean of w**2 (Keras's weights are centred)
    max_abs: float
    family: str  # what Keras draws
    var_lo: float  # Keras's estimate / the true variance lies in [var_lo, var_hi]
    var_hi: float  # (probability >= 1 - ALPHA)

    @property
    def limit_bounds(self) -> tuple[float, float]:
        """Glorot: the true limit is in ``[max_abs, max_abs/(1 - ln(1/ALPHA)/m)]``."""
        return self.max_abs * (1 - FLOAT32), self.max_abs / (1 - np.log(1 / ALPHA) / self.m) * (1 + FLOAT32)


@lru_cache(maxsize=64)
def keras_reference(exercise: str, shape: tuple) -> Reference:
    """Draw at least ``REFERENCE_VALUES`` of Keras's weights for a kernel of ``shape``.

    One call on a stack of ``k`` kernels, shape ``(k, fan_in, fan_out)``, with the fans declared
    (``input_axes=[1], output_axes=[2]``): the same initializer, limit and standard deviation as
    for one ``(fan_in, fan_out)`` kernel, ``k`` of them drawn at once."""
    import keras

    cls = getattr(keras.initializers, KERAS_CLASS[exercise])
    fan_in, fan_out = shape
    stack = max(1, -(-REFERENCE_VALUES // (fan_in * fan_out)))
    initializer = cls(seed=7919, input_axes=[1], output_axes=[2])
    samples = np.asarray(initializer((stack, fan_in, fan_out)), dtype=np.float64).ravel()
    family = "uniform" if exercise == "glorot_uniform" else "truncated normal"
    lo, hi = variance_bounds(samples.size, family)
    return Reference(samples.size, float(np.mean(samples**2)), float(np.max(np.abs(samples))), family, lo, hi)


# ----------------------------------------------------------------------------- the known mistakes


@dataclass(frozen=True)
class Mistake:
    ident: str
    family: str  # "uniform" or "normal" (a plain or truncated normal), or "truncated normal"
    ratio: Callable[[int, int], float]  # its variance / the correct variance, from (fan_in, fan_out)
    short: str  # a few words, for an ambiguous diagnosis
    text: str  # what is wrong, for the report
    hint: str  # how to fix it


# the formulas the notebook states, never the code of an answer (the reports ship to students)
_GLOROT_FIX = (
    "Keras's GlorotUniform draws uniformly on [-limit, limit], limit = sqrt(6 / (fan_in + fan_out)), "
    "from the Generator it is given"
)
_HE_FIX = (
    "Keras's HeNormal has standard deviation sqrt(2 / fan_in); NumPy's normal takes the standard "
    "deviation, not the variance"
)

GLOROT_MISTAKES = [
    Mistake(
        "std_as_limit",
        "uniform",
        lambda i, o: 1 / 3,
        "limit sqrt(2/(fan_in+fan_out))",
        "the limit is Glorot's standard deviation sqrt(2/(fan_in+fan_out)): a uniform on [-a, a] has standard "
        "deviation a/sqrt(3), so the limit is sqrt(3) times larger, sqrt(6/(fan_in+fan_out))",
        _GLOROT_FIX,
    ),
    Mistake(
        "fan_in_only",
        "uniform",
        lambda i, o: (i + o) / i,
        "limit sqrt(6/fan_in)",
        "the limit sqrt(6/fan_in) uses fan_in only (that is He uniform's limit): Glorot's uses both fans, "
        "sqrt(6/(fan_in+fan_out))",
        _GLOROT_FIX,
    ),
    Mistake(
        "fan_out_only",
        "uniform",
        lambda i, o: (i + o) / o,
        "limit sqrt(6/fan_out)",
        "the limit sqrt(6/fan_out) uses fan_out only: Glorot's uses both fans, sqrt(6/(fan_in+fan_out))",
        _GLOROT_FIX,
    ),
    Mistake(
        "lecun_limit",
        "uniform",
        lambda i, o: (i + o) / (2 * i),
        "limit sqrt(3/fan_in)",
        "the limit sqrt(3/fan_in) is LeCun uniform's: Glorot's is sqrt(6/(fan_in+fan_out))",
        _GLOROT_FIX,
    ),
    Mistake(
        "three_not_six",
        "uniform",
        lambda i, o: 1 / 2,
        "limit sqrt(3/(fan_in+fan_out))",
        "the limit sqrt(3/(fan_in+fan_out)) is sqrt(2) too small: it is sqrt(3/fan_avg) with fan_avg the "
        "average (fan_in+fan_out)/2, i.e. sqrt(6/(fan_in+fan_out))",
        _GLOROT_FIX,
    ),
    Mistake(
        "one_over_sqrt_fan_in",
        "uniform",
        lambda i, o: (i + o) / (6 * i),
        "limit 1/sqrt(fan_in)",
        "the limit 1/sqrt(fan_in) is the older heuristic Glorot & Bengio (2010) replace: their limit is "
        "sqrt(6/(fan_in+fan_out))",
        _GLOROT_FIX,
    ),
    Mistake(
        "no_sqrt",
        "uniform",
        lambda i, o: 6 / (i + o),
        "limit 6/(fan_in+fan_out)",
        "the square root is missing: the limit is sqrt(6/(fan_in+fan_out)), not 6/(fan_in+fan_out)",
        _GLOROT_FIX,
    ),
    Mistake(
        "sqrt_of_six_only",
        "uniform",
        lambda i, o: 1 / (i + o),
        "limit sqrt(6)/(fan_in+fan_out)",
        "the square root covers 6 only: the limit is sqrt(6/(fan_in+fan_out)), not sqrt(6)/(fan_in+fan_out)",
        _GLOROT_FIX,
    ),
    Mistake(
        "product_of_fans",
        "uniform",
        lambda i, o: (i + o) / (i * o),
        "limit sqrt(6/(fan_in*fan_out))",
        "the fans are multiplied: the limit is sqrt(6/(fan_in + fan_out)), with their sum",
        _GLOROT_FIX,
    ),
    Mistake(
        "precedence",
        "uniform",
        lambda i, o: (6 / i + o) * (i + o) / 6,
        "limit sqrt(6/fan_in + fan_out)",
        "an operator-precedence slip: sqrt(6 / fan_in + fan_out) divides 6 by fan_in only; write "
        "sqrt(6 / (fan_in + fan_out))",
        _GLOROT_FIX,
    ),
    Mistake(
        "normal_instead_of_uniform",
        "normal",
        lambda i, o: 1.0,
        "a normal with Glorot's variance",
        "draws from a normal distribution with Glorot's variance 2/(fan_in+fan_out) (that is Keras's GlorotNormal): "
        "glorot_uniform draws uniformly on [-limit, limit], limit = sqrt(6/(fan_in+fan_out))",
        "draw with rng.uniform(-limit, limit, size=shape), not rng.normal",
    ),
    Mistake(
        "normal_with_limit_as_std",
        "normal",
        lambda i, o: 3.0,
        "a normal with std sqrt(6/(fan_in+fan_out))",
        "draws from a normal distribution whose standard deviation is the limit sqrt(6/(fan_in+fan_out)): "
        "glorot_uniform draws uniformly on [-limit, limit]",
        "draw with rng.uniform(-limit, limit, size=shape), not rng.normal",
    ),
]

HE_MISTAKES = [
    Mistake(
        "slide_formula",
        "normal",
        lambda i, o: 1 / 4,
        "std 1/sqrt(2*fan_in)",
        "the standard deviation is 1/sqrt(2*fan_in), the slide's typo: He et al. (2015) use sqrt(2/fan_in), "
        "twice as large (4 times the variance)",
        _HE_FIX,
    ),
    Mistake(
        "fan_out",
        "normal",
        lambda i, o: i / o,
        "std sqrt(2/fan_out)",
        "uses fan_out instead of fan_in: He normal (Keras's mode 'fan_in') divides by the number of inputs, "
        "shape[0]: std sqrt(2/fan_in)",
        _HE_FIX,
    ),
    Mistake(
        "variance_as_std",
        "normal",
        lambda i, o: 2 / i,
        "std 2/fan_in",
        "passes the variance 2/fan_in where the standard deviation is expected (rng.normal's scale is a "
        "standard deviation): use scale=sqrt(2/fan_in)",
        _HE_FIX,
    ),
    Mistake(
        "lecun_variance",
        "normal",
        lambda i, o: 1 / 2,
        "std sqrt(1/fan_in)",
        "the standard deviation sqrt(1/fan_in) misses He's factor 2 (that is LeCun normal): a ReLU zeroes "
        "half of its inputs, so He doubles the variance, std sqrt(2/fan_in)",
        _HE_FIX,
    ),
    Mistake(
        "glorot_variance",
        "normal",
        lambda i, o: i / (i + o),
        "Glorot's variance 2/(fan_in+fan_out)",
        "uses Glorot's variance 2/(fan_in+fan_out) (Keras's GlorotNormal): He's is 2/fan_in",
        _HE_FIX,
    ),
    Mistake(
        "fan_avg",
        "normal",
        lambda i, o: 2 * i / (i + o),
        "variance 2/fan_avg",
        "divides by the average of the fans (fan_in+fan_out)/2: He normal divides by fan_in, variance 2/fan_in",
        _HE_FIX,
    ),
    Mistake(
        "truncation_uncorrected",
        "truncated normal",
        lambda i, o: TRUNCATION**2,
        "a truncated normal not rescaled",
        "truncates the normal at 2 standard deviations without correcting its scale: truncation shrinks the "
        "standard deviation by a factor 0.8796 (Keras draws with sqrt(2/fan_in)/0.87962566 before truncating)",
        "draw a plain normal with std sqrt(2/fan_in), or divide the pre-truncation std by 0.87962566",
    ),
    Mistake(
        "sqrt_of_two_only",
        "normal",
        lambda i, o: 1 / i,
        "std sqrt(2)/fan_in",
        "the square root covers 2 only: the standard deviation is sqrt(2/fan_in), not sqrt(2)/fan_in",
        _HE_FIX,
    ),
    Mistake(
        "product_of_fans",
        "normal",
        lambda i, o: 1 / o,
        "variance 2/(fan_in*fan_out)",
        "divides by fan_in*fan_out (the number of weights): He's variance is 2/fan_in",
        _HE_FIX,
    ),
    Mistake(
        "uniform_instead_of_normal",
        "uniform",
        lambda i, o: 1.0,
        "a uniform with He's variance",
        "draws uniformly with He's variance 2/fan_in (that is Keras's HeUniform, limit sqrt(6/fan_in)): "
        "he_normal draws from a normal distribution",
        "draw with rng.normal(0.0, np.sqrt(2 / fan_in), size=shape)",
    ),
    Mistake(
        "uniform_std_as_limit",
        "uniform",
        lambda i, o: 1 / 3,
        "a uniform on [-sqrt(2/fan_in), sqrt(2/fan_in)]",
        "draws uniformly on [-sqrt(2/fan_in), sqrt(2/fan_in)]: he_normal draws from a normal distribution whose "
        "standard deviation is sqrt(2/fan_in)",
        "draw with rng.normal(0.0, np.sqrt(2 / fan_in), size=shape)",
    ),
]

MISTAKES = {"glorot_uniform": GLOROT_MISTAKES, "he_normal": HE_MISTAKES}


# ----------------------------------------------------------------------------- tests on one sample


@dataclass
class Sample:
    w: np.ndarray
    n: int
    mean: float
    var: float  # mean of w**2
    max_abs: float
    family: str

    @classmethod
    def of(cls, array) -> Sample:
        w = np.asarray(array, dtype=np.float64).ravel()
        var = float(np.mean(w * w)) if w.size else 0.0
        return cls(
            w,
            w.size,
            float(np.mean(w)) if w.size else 0.0,
            var,
            float(np.max(np.abs(w))) if w.size else 0.0,
            family_of(w - np.mean(w)),
        )


Problem = tuple  # (mistake id, message, hint)


def degenerate_problem(s: Sample) -> Problem | None:
    """NaNs, a constant array, repeated values: weights no statistics can read."""
    if not np.all(np.isfinite(s.w)):
        return (
            "not_finite",
            "some weights are NaN or infinite",
            "check for a division by zero or the square root of a negative number",
        )
    if np.all(s.w == 0):
        return (
            "zeros",
            "returns zeros: with all weights 0 every hidden unit gets a zero gradient and nothing learns (section 2)",
            "draw random weights from rng",
        )
    if s.n > 1 and np.all(s.w == s.w[0]):
        return (
            "constant",
            "every weight has the same value: the hidden units stay identical during training (symmetry, section 3)",
            "draw random weights from rng",
        )
    if s.n >= 16 and np.unique(s.w).size < s.n / 2:
        return (
            "repeated_values",
            f"only {np.unique(s.w).size} distinct values among {s.n} weights: the weights "
            "are not drawn one by one (a row or a column repeated, or rounded values?)",
            "draw every weight: size=shape, the full (fan_in, fan_out) shape",
        )
    return None


def _ratio_bounds(n: int, families: tuple, ref: Reference) -> tuple[float, float]:
    """Bounds of ``mean(w**2) / ref.var`` for a correct sample of ``n`` weights of any of
    ``families`` (probability ``>= 1 - 2*ALPHA``)."""
    bounds = [variance_bounds(n, f) for f in families]
    lo, hi = min(b[0] for b in bounds), max(b[1] for b in bounds)
    return lo / ref.var_hi, hi / ref.var_lo


def _accepted(exercise: str) -> tuple:
    return ("uniform",) if exercise == "glorot_uniform" else ("normal", "truncated normal")


def _families(mistake_family: str) -> tuple:
    return ("normal", "truncated normal") if mistake_family == "normal" else (mistake_family,)


def mean_problem(exercise: str, s: Sample, hidden: bool) -> Problem | None:
    """Centred: for a symmetric distribution the signs are independent coin flips given the
    magnitudes, so ``|sum(w)| <= sqrt(2 ln(2/ALPHA) sum(w**2))`` (Hoeffding), whatever the scale:
    a sample with the wrong variance is not called off-centre."""
    total, bound = abs(float(np.sum(s.w))), float(np.sqrt(2 * np.log(2 / ALPHA) * np.sum(s.w * s.w)))
    if total <= bound:
        return None
    shown = "" if hidden else f" (mean {s.mean:.3g}, {total / bound:.3g} times what chance allows)"
    return (
        "not_centred",
        f"the weights are not centred on 0{shown}: e.g. rng.uniform(0, limit) or "
        "rng.random() draws positive numbers only",
        _GLOROT_FIX if exercise == "glorot_uniform" else _HE_FIX,
    )


def diagnose(exercise: str, shape: tuple, s: Sample, ref: Reference, hidden: bool) -> Problem:
    """The known mistake the sample agrees with (its shape, then its variance or its limit), or
    a description of what differs from Keras's weights."""
    fan_in, fan_out = shape
    uniform = s.family == "uniform"
    lo_max, hi_max = ref.limit_bounds if exercise == "glorot_uniform" else (0.0, 0.0)
    matches = []
    for m in MISTAKES[exercise]:
        if (m.family == "uniform") != uniform:
            continue
        if m.family == "truncated normal" and s.family != "truncated normal":
            continue
        r = m.ratio(fan_in, fan_out)
        if uniform and exercise == "glorot_uniform":  # the limit is read off the largest weight: sharp
            scale = np.sqrt(r)
            ok = lo_max * scale * (1 - np.log(1 / ALPHA) / s.n) <= s.max_abs <= hi_max * scale
        else:
            lo, hi = _ratio_bounds(s.n, _families(m.family), ref)
            ok = lo * r <= s.var / ref.var <= hi * r
        if ok:
            matches.append((abs(np.log(s.var / (r * ref.var))), r, m))
    if matches:
        matches.sort(key=lambda t: t[0])
        best = matches[0][2]
        others = [m.short for _, _, m in matches[1:]]
        text = best.text + (f" (this shape cannot tell it from: {'; '.join(others)})" if others else "")
        return (best.ident, text, best.hint)

    ratio = s.var / ref.var
    shown = "" if hidden else f" ({ratio:.3g} x Keras's)"
    expected = "uniform" if exercise == "glorot_uniform" else "normal"
    if exercise == "glorot_uniform" and _normalish(s.family):
        return (
            "normal_instead_of_uniform",
            f"the weights look normally distributed (kurtosis {kurtosis(s.w):.2f}; "
            f"a uniform's is 1.8), with another variance{shown}: glorot_uniform draws uniformly on "
            "[-limit, limit], limit = sqrt(6/(fan_in+fan_out))",
            _GLOROT_FIX,
        )
    if exercise == "he_normal" and uniform:
        return (
            "uniform_instead_of_normal",
            f"the weights look uniformly distributed{shown and ', variance' + shown}: "
            "he_normal draws from a normal distribution with standard deviation sqrt(2/fan_in)",
            _HE_FIX,
        )
    if s.family == "other" or (expected == "uniform" and not uniform):
        return ("wrong_distribution", "the weights are not distributed as Keras's", _GLOROT_FIX)
    what = "limit sqrt(6/(fan_in+fan_out))" if exercise == "glorot_uniform" else "standard deviation sqrt(2/fan_in)"
    if exercise == "glorot_uniform":
        k_lo, k_hi = ref.limit_bounds
        if s.max_abs > k_hi or s.max_abs < k_lo * (1 - np.log(1 / ALPHA) / s.n):
            shown_limit = "" if hidden else f" (largest |w| {s.max_abs:.4g}; Keras's limit {ref.max_abs:.4g})"
            wrong = "too large" if s.max_abs > k_hi else "too small"
            return (
                f"limit_{wrong.replace(' ', '_')}",
                f"the limit of the uniform is {wrong}{shown_limit}: no known slip gives it; Glorot's {what}",
                _GLOROT_FIX,
            )
    return (
        "wrong_variance",
        f"the variance of the weights differs from Keras's{shown}: no known slip gives it; check the {what}",
        _GLOROT_FIX if exercise == "glorot_uniform" else _HE_FIX,
    )


def distribution_problem(exercise: str, shape: tuple, s: Sample, ref: Reference, hidden: bool) -> Problem | None:
    """What differs between one call's weights and Keras's, or ``None``."""
    problem = degenerate_problem(s) or mean_problem(exercise, s, hidden)
    if problem:
        return problem
    lo, hi = _ratio_bounds(s.n, _accepted(exercise), ref)
    ok = lo <= s.var / ref.var <= hi
    if exercise == "glorot_uniform":
        k_lo, k_hi = ref.limit_bounds
        ok = ok and k_lo * (1 - np.log(1 / ALPHA) / s.n) <= s.max_abs <= k_hi
    else:
        ok = ok and he_shape_ok(s, ref)
    return None if ok else diagnose(exercise, shape, s, ref, hidden)


def he_shape_ok(s: Sample, ref: Reference) -> bool:
    """The fraction of weights beyond ``TAIL`` Keras standard deviations is a normal's or a
    truncated normal's (the true standard deviation is only known within Keras's bounds)."""
    sigma = np.sqrt(ref.var)
    c_lo, c_hi = TAIL * np.sqrt(ref.var_lo), TAIL * np.sqrt(ref.var_hi)  # TAIL*sigma_keras / true sigma
    p = [tail_probability(f, c) for f in ("normal", "truncated normal") for c in (c_lo, c_hi)]
    lo, hi = binomial_bounds(s.n, min(p), max(p))
    count = int(np.sum(np.abs(s.w) > TAIL * sigma))
    return lo <= count <= hi


# ----------------------------------------------------------------------------- draws


def correlated(a: np.ndarray, b: np.ndarray) -> bool:
    """``a`` and ``b`` are dependent: the raw cross-product exceeds Hoeffding's bound for random
    signs *and* the centred correlation exceeds ``z/sqrt(n)`` (so a non-centred pair of
    independent arrays is not called correlated)."""
    from scipy.stats import norm

    a, b = a.ravel(), b.ravel()
    n = a.size
    raw = abs(float(np.sum(a * b))) > np.sqrt(2 * np.log(2 / ALPHA) * float(np.sum(a * a * b * b)))
    ac, bc = a - a.mean(), b - b.mean()
    denom = np.sqrt(float(np.sum(ac * ac)) * float(np.sum(bc * bc)))
    r = float(np.sum(ac * bc)) / denom if denom > 0 else 1.0
    return raw and abs(r) > norm.isf(ALPHA / 2) / np.sqrt(n)


def draws_problem(outputs: list[np.ndarray]) -> Problem | None:
    for out in outputs:
        problem = degenerate_problem(Sample.of(out))
        if problem:
            return problem
    first, second, again = outputs
    if np.array_equal(first, second):
        return (
            "same_array",
            "two calls with the same rng return the same weights: the function makes its own "
            "seeded generator (or re-seeds) instead of drawing from rng",
            "draw from the rng argument (rng.uniform / rng.normal) and never seed inside the function",
        )
    if correlated(first, second):
        return (
            "correlated",
            "two calls with the same rng return correlated weights: each call must draw new, independent values",
            "draw every call's weights afresh from rng",
        )
    if not np.array_equal(first, again):
        return (
            "ignores_rng",
            "a new rng made from the same seed gives other weights: the function does not draw "
            "from the rng it is given (np.random.*, or a generator of its own?)",
            "draw with rng.uniform / rng.normal, where rng is the argument",
        )
    return None


# ----------------------------------------------------------------------------- the verdict


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    shape = tuple(int(n) for n in inputs["shape"])
    outputs = [np.asarray(o, dtype=np.float64) for o in collected.get("outputs", [])]
    if len(outputs) != len(inputs["calls"]):
        return CaseVerdict(case, False, "returned fewer arrays than calls", mistake="error:ReturnValue")
    name = KERAS_CLASS[case.exercise]
    if inputs["scenario"] == "draws":
        problem = draws_problem(outputs)
        if problem:
            return CaseVerdict(case, False, problem[1], mistake=problem[0], hint=problem[2])
        return CaseVerdict(case, True, "new, uncorrelated weights at every call, drawn from the rng given")

    ref = keras_reference(case.exercise, shape)
    s = Sample.of(outputs[0])
    problem = distribution_problem(case.exercise, shape, s, ref, case.hidden)
    if problem:
        return CaseVerdict(case, False, problem[1], mistake=problem[0], hint=problem[2])
    if case.hidden:
        return CaseVerdict(case, True, f"the statistics match Keras's {name}")
    detail = f"variance {s.var / ref.var:.3f} x Keras's, mean {s.mean:.2g}"
    if case.exercise == "glorot_uniform":
        detail += f", largest |w| {s.max_abs:.4f} (Keras's limit {ref.max_abs:.4f})"
    else:
        detail += f", {np.mean(np.abs(s.w) > TAIL * np.sqrt(ref.var)):.2%} beyond 1.8 std (normal: 7.2%)"
    return CaseVerdict(case, True, f"matches Keras's {name}: {detail}")
