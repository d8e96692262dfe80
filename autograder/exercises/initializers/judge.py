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

Diagnosis: ``MISTAKES``, one table tried in the order of its sections: weights no statistics can
read (``WEIGHTS``), off-centre weights (``CENTRED``); then, for weights that do not match Keras's,
the known slips (``SLIPS``): each is a variance (Glorot: a limit) that differs from Keras's by a
factor known from the fans — ``fan_out`` for ``fan_in``, the slide's ``1/sqrt(2m)``, the variance
passed as a standard deviation... — with the shape of its distribution, read off the kurtosis
(uniform 1.8, Keras's truncated normal 2.37, normal 3); the slip the student's statistics agree
with best is named. When none does, ``OTHERWISE`` says what differs. ``DRAWS`` are the mistakes of
successive calls. Shapes where the fans differ a lot tell the fan mistakes apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from autograder.cases import Case
from autograder.family import Mistake
from autograder.judging import CaseVerdict

ALPHA = 1e-10  # probability that a correct answer fails one statistical test (a case runs at most 6)
REFERENCE_VALUES = 400_000  # Keras weights drawn per shape, at least
TRUNCATION = 0.87962566103423978  # std of a standard normal truncated to [-2, 2] (Keras's constant)
TAIL = 1.8  # He's shape test: weights beyond TAIL standard deviations
FLOAT32 = 1e-6  # relative slack for weights rounded to float32

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


# ----------------------------------------------------------------------------- what each exercise is


@dataclass(frozen=True)
class Spec:
    """What tells the exercises apart: Keras's class, what it draws and what a correct answer may draw."""

    keras_class: str
    keras_draws: str  # "uniform" or "truncated normal"
    accepted: tuple[str, ...]

    @property
    def bounded(self) -> bool:
        """Keras's weights end at a limit (a uniform), which the largest weight estimates sharply."""
        return self.keras_draws == "uniform"


SPECS = {
    "glorot_uniform": Spec("GlorotUniform", "uniform", ("uniform",)),
    "he_normal": Spec("HeNormal", "truncated normal", ("normal", "truncated normal")),
}


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

    spec = SPECS[exercise]
    cls = getattr(keras.initializers, spec.keras_class)
    fan_in, fan_out = shape
    stack = max(1, -(-REFERENCE_VALUES // (fan_in * fan_out)))
    initializer = cls(seed=7919, input_axes=[1], output_axes=[2])
    samples = np.asarray(initializer((stack, fan_in, fan_out)), dtype=np.float64).ravel()
    lo, hi = variance_bounds(samples.size, spec.keras_draws)
    return Reference(samples.size, float(np.mean(samples**2)), float(np.max(np.abs(samples))), spec.keras_draws, lo, hi)


# ----------------------------------------------------------------------------- the student's weights


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


@dataclass(frozen=True)
class Seen:
    """What the judge knows of one call's weights: the exercise, the fans, the sample and Keras's."""

    exercise: str
    fans: tuple[int, int]
    s: Sample
    ref: Reference
    hidden: bool

    @property
    def spec(self) -> Spec:
        return SPECS[self.exercise]

    @property
    def ratio(self) -> float:
        """The sample's variance over Keras's."""
        return self.s.var / self.ref.var

    @property
    def shown_ratio(self) -> str:
        """The variance ratio for a visible case's message (a hidden case does not show its numbers)."""
        return "" if self.hidden else f" ({self.ratio:.3g} x Keras's)"


def within_limit(s: Sample, ref: Reference, scale: float = 1.0) -> bool:
    """The largest ``|w|`` is what ``n`` uniform draws on Keras's limit times ``scale`` give:
    at most the limit, and within ``ln(1/ALPHA)/n`` of it."""
    lo, hi = ref.limit_bounds
    return lo * scale * (1 - np.log(1 / ALPHA) / s.n) <= s.max_abs <= hi * scale


def tail_ok(s: Sample, ref: Reference) -> bool:
    """The fraction of weights beyond ``TAIL`` Keras standard deviations is a normal's or a
    truncated normal's (the true standard deviation is only known within Keras's bounds)."""
    sigma = np.sqrt(ref.var)
    c_lo, c_hi = TAIL * np.sqrt(ref.var_lo), TAIL * np.sqrt(ref.var_hi)  # TAIL*sigma_keras / true sigma
    p = [tail_probability(f, c) for f in ("normal", "truncated normal") for c in (c_lo, c_hi)]
    lo, hi = binomial_bounds(s.n, min(p), max(p))
    count = int(np.sum(np.abs(s.w) > TAIL * sigma))
    return lo <= count <= hi


def _ratio_bounds(n: int, families: tuple, ref: Reference) -> tuple[float, float]:
    """Bounds of ``mean(w**2) / ref.var`` for a correct sample of ``n`` weights of any of
    ``families`` (probability ``>= 1 - 2*ALPHA``)."""
    bounds = [variance_bounds(n, f) for f in families]
    lo, hi = min(b[0] for b in bounds), max(b[1] for b in bounds)
    return lo / ref.var_hi, hi / ref.var_lo


def matches_keras(seen: Seen) -> bool:
    """The variance is Keras's for one of the accepted distributions, and so is the support
    (Glorot: the limit) or the tail (He)."""
    s, ref = seen.s, seen.ref
    lo, hi = _ratio_bounds(s.n, seen.spec.accepted, ref)
    shape_ok = within_limit(s, ref) if seen.spec.bounded else tail_ok(s, ref)
    return lo <= seen.ratio <= hi and shape_ok


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


# ----------------------------------------------------------------------------- how a mistake is recognised

Fields = dict  # what a recognised mistake fills into its message (``None``: not recognised)


def _when(condition) -> Fields | None:
    return {} if condition else None


@dataclass(frozen=True)
class Slip:
    """Weights of ``draws`` whose variance is ``ratio(fan_in, fan_out)`` times Keras's."""

    draws: str  # "uniform", "normal" (a plain or a truncated normal) or "truncated normal"
    ratio: Callable[[int, int], float]
    short: str  # a few words naming it, when a shape cannot tell it from another slip

    def distance(self, seen: Seen) -> float | None:
        """``|ln|`` of the sample's variance over this slip's when the sample agrees with the slip
        (its distribution, and its variance within the bounds; a uniform against Keras's uniform:
        its largest weight, which is sharper), else ``None``."""
        s = seen.s
        if (self.draws == "uniform") != (s.family == "uniform"):
            return None
        if self.draws == "truncated normal" and s.family != "truncated normal":
            return None
        r = self.ratio(*seen.fans)
        if s.family == "uniform" and seen.spec.bounded:
            agrees = within_limit(s, seen.ref, np.sqrt(r))
        else:
            families = ("normal", "truncated normal") if self.draws == "normal" else (self.draws,)
            lo, hi = _ratio_bounds(s.n, families, seen.ref)
            agrees = lo * r <= seen.ratio <= hi * r
        return abs(np.log(s.var / (r * seen.ref.var))) if agrees else None


def _repeated(s: Sample, hidden: bool) -> Fields | None:
    distinct = np.unique(s.w).size
    if s.n < 16 or distinct >= s.n / 2:
        return None
    return {"shown": "" if hidden else f" (only {distinct} distinct values among {s.n} weights)"}


def _off_centre(seen: Seen) -> Fields | None:
    """For a symmetric distribution the signs are independent coin flips given the magnitudes, so
    ``|sum(w)| <= sqrt(2 ln(2/ALPHA) sum(w**2))`` (Hoeffding), whatever the scale: a sample with
    the wrong variance is not called off-centre."""
    w = seen.s.w
    total, bound = abs(float(np.sum(w))), float(np.sqrt(2 * np.log(2 / ALPHA) * np.sum(w * w)))
    if total <= bound:
        return None
    return {"shown": "" if seen.hidden else f" (mean {seen.s.mean:.3g}, {total / bound:.3g} times what chance allows)"}


def _looks_normal(seen: Seen) -> Fields | None:
    if not _normalish(seen.s.family):
        return None
    return {"kurtosis": kurtosis(seen.s.w), "shown": seen.shown_ratio}


def _looks_uniform(seen: Seen) -> Fields | None:
    if seen.s.family != "uniform":
        return None
    return {"shown": seen.shown_ratio and ", variance" + seen.shown_ratio}


def _limit_off(too_large: bool) -> Callable[[Seen], Fields | None]:
    """The largest weight is beyond (``too_large``) or short of Keras's limit."""

    def recognise(seen: Seen) -> Fields | None:
        lo, hi = seen.ref.limit_bounds
        s = seen.s
        off = s.max_abs > hi if too_large else s.max_abs < lo * (1 - np.log(1 / ALPHA) / s.n)
        if not off:
            return None
        return {"shown": "" if seen.hidden else f" (largest |w| {s.max_abs:.4g}; Keras's limit {seen.ref.max_abs:.4g})"}

    return recognise


def _other_variance(seen: Seen) -> Fields:
    return {"shown": seen.shown_ratio}


# ----------------------------------------------------------------------------- the known mistakes

GLOROT = frozenset({"glorot_uniform"})
HE = frozenset({"he_normal"})

# The rule in words and what Keras does: never a line of the answer (the reports ship to students).
_GLOROT_RULE = "the square root of 6 over the sum of the two fans"
_HE_RULE = "the square root of 2 over fan_in"
_GLOROT_FIX = (
    f"Keras's GlorotUniform draws every weight uniformly between minus and plus a limit, {_GLOROT_RULE}, "
    "from the Generator it is given"
)
_HE_FIX = (
    f"Keras's HeNormal draws from a normal centred on 0 whose standard deviation is {_HE_RULE}; NumPy's "
    "normal takes a standard deviation, not a variance"
)
_DRAW_UNIFORM = "draw uniformly between minus and plus the limit (the Generator's uniform method), not from a normal"
_DRAW_NORMAL = (
    f"draw from a normal distribution (the Generator's normal method) centred on 0, with standard deviation {_HE_RULE}"
)


def _slip(ident: str, exercises: frozenset, draws: str, ratio, short: str, message: str, hint: str) -> Mistake:
    """A row of ``SLIPS``: recognised by the variance (a limit) its fans give, ``ratio`` times Keras's."""
    return Mistake(
        ident, f"{draws} weights agreeing with: {short}", message, hint, Slip(draws, ratio, short), exercises
    )


# Weights no statistics can read (every call's, in the distribution and the draws cases):
# recognise(Sample, hidden), ``hidden`` for a case whose numbers its message must not show.
WEIGHTS: tuple[Mistake, ...] = (
    Mistake(
        "not_finite",
        "some weight is NaN or infinite",
        "some weights are NaN or infinite",
        "check for a division by zero or the square root of a negative number",
        lambda s, hidden: _when(not np.all(np.isfinite(s.w))),
    ),
    Mistake(
        "zeros",
        "every weight is 0",
        "returns zeros: with all weights 0 every hidden unit gets a zero gradient and nothing learns (section 2)",
        "draw random weights from rng",
        lambda s, hidden: _when(np.all(s.w == 0)),
    ),
    Mistake(
        "constant",
        "every weight has the same value",
        "every weight has the same value: the hidden units stay identical during training (symmetry, section 3)",
        "draw random weights from rng",
        lambda s, hidden: _when(s.n > 1 and np.all(s.w == s.w[0])),
    ),
    Mistake(
        "repeated_values",
        "fewer distinct values than half the weights (16 weights or more)",
        "too few distinct values{shown}: the weights are not drawn one by one (a row or a column repeated, or "
        "rounded values?)",
        "draw every weight on its own: one random number for each entry of the (fan_in, fan_out) kernel",
        _repeated,
    ),
)

_NOT_CENTRED = (
    "the weights are not centred on 0{shown}: drawing between 0 and the limit, or with the Generator's random "
    "method, gives positive numbers only"
)

# One call's weights off centre: recognise(Seen).
CENTRED: tuple[Mistake, ...] = (
    Mistake("not_centred", "|sum(w)| beyond Hoeffding's bound", _NOT_CENTRED, _GLOROT_FIX, _off_centre, GLOROT),
    Mistake("not_centred", "|sum(w)| beyond Hoeffding's bound", _NOT_CENTRED, _HE_FIX, _off_centre, HE),
)

# Known slips, for weights that do not match Keras's: the one the sample agrees with best is named.
SLIPS: tuple[Mistake, ...] = (
    _slip(
        "std_as_limit",
        GLOROT,
        "uniform",
        lambda i, o: 1 / 3,
        "limit sqrt(2/(fan_in+fan_out))",
        "the limit is Glorot's standard deviation sqrt(2/(fan_in+fan_out)): a uniform on [-a, a] has standard "
        "deviation a/sqrt(3), so Keras's limit is sqrt(3) times that standard deviation",
        _GLOROT_FIX,
    ),
    _slip(
        "fan_in_only",
        GLOROT,
        "uniform",
        lambda i, o: (i + o) / i,
        "limit sqrt(6/fan_in)",
        "the limit sqrt(6/fan_in) uses fan_in only (that is He uniform's limit): Glorot's divides by the sum of "
        "both fans",
        _GLOROT_FIX,
    ),
    _slip(
        "fan_out_only",
        GLOROT,
        "uniform",
        lambda i, o: (i + o) / o,
        "limit sqrt(6/fan_out)",
        "the limit sqrt(6/fan_out) uses fan_out only: Glorot's divides by the sum of both fans",
        _GLOROT_FIX,
    ),
    _slip(
        "lecun_limit",
        GLOROT,
        "uniform",
        lambda i, o: (i + o) / (2 * i),
        "limit sqrt(3/fan_in)",
        f"the limit sqrt(3/fan_in) is LeCun uniform's: Glorot's is {_GLOROT_RULE}",
        _GLOROT_FIX,
    ),
    _slip(
        "three_not_six",
        GLOROT,
        "uniform",
        lambda i, o: 1 / 2,
        "limit sqrt(3/(fan_in+fan_out))",
        "the limit sqrt(3/(fan_in+fan_out)) is sqrt(2) too small: Glorot's 3 goes over the average of the fans, "
        "half their sum, not over the sum itself",
        _GLOROT_FIX,
    ),
    _slip(
        "one_over_sqrt_fan_in",
        GLOROT,
        "uniform",
        lambda i, o: (i + o) / (6 * i),
        "limit 1/sqrt(fan_in)",
        "the limit 1/sqrt(fan_in) is the older heuristic Glorot & Bengio (2010) replace: their limit uses both fans",
        _GLOROT_FIX,
    ),
    _slip(
        "no_sqrt",
        GLOROT,
        "uniform",
        lambda i, o: 6 / (i + o),
        "limit 6/(fan_in+fan_out)",
        "the square root is missing: the limit is the square root of that ratio, not the ratio itself",
        _GLOROT_FIX,
    ),
    _slip(
        "sqrt_of_six_only",
        GLOROT,
        "uniform",
        lambda i, o: 1 / (i + o),
        "limit sqrt(6)/(fan_in+fan_out)",
        "the square root covers 6 only: it covers the whole ratio, 6 over the sum of the fans",
        _GLOROT_FIX,
    ),
    _slip(
        "product_of_fans",
        GLOROT,
        "uniform",
        lambda i, o: (i + o) / (i * o),
        "limit sqrt(6/(fan_in*fan_out))",
        "the fans are multiplied: Glorot's limit divides 6 by their sum",
        _GLOROT_FIX,
    ),
    _slip(
        "precedence",
        GLOROT,
        "uniform",
        lambda i, o: (6 / i + o) * (i + o) / 6,
        "limit sqrt(6/fan_in + fan_out)",
        "an operator-precedence slip: 6 is divided by fan_in alone and fan_out is then added; the divisor is the "
        "whole sum of the fans, so it needs its own parentheses",
        _GLOROT_FIX,
    ),
    _slip(
        "normal_instead_of_uniform",
        GLOROT,
        "normal",
        lambda i, o: 1.0,
        "a normal with Glorot's variance",
        "draws from a normal distribution with Glorot's variance (that is Keras's GlorotNormal): glorot_uniform "
        "draws uniformly between minus and plus its limit",
        _DRAW_UNIFORM,
    ),
    _slip(
        "normal_with_limit_as_std",
        GLOROT,
        "normal",
        lambda i, o: 3.0,
        "a normal whose std is Glorot's limit",
        "draws from a normal distribution whose standard deviation is Glorot's limit: glorot_uniform draws "
        "uniformly between minus and plus that limit",
        _DRAW_UNIFORM,
    ),
    _slip(
        "slide_formula",
        HE,
        "normal",
        lambda i, o: 1 / 4,
        "std 1/sqrt(2*fan_in)",
        f"the standard deviation is 1/sqrt(2*fan_in), the slide's typo: He et al. (2015) use {_HE_RULE}, twice "
        "as large (4 times the variance)",
        _HE_FIX,
    ),
    _slip(
        "fan_out",
        HE,
        "normal",
        lambda i, o: i / o,
        "std sqrt(2/fan_out)",
        "uses fan_out instead of fan_in: He normal (Keras's mode 'fan_in') divides by the number of inputs, the "
        "first entry of the shape",
        _HE_FIX,
    ),
    _slip(
        "variance_as_std",
        HE,
        "normal",
        lambda i, o: 2 / i,
        "std 2/fan_in",
        "passes the variance 2/fan_in where the standard deviation is expected (the scale of NumPy's normal is a "
        "standard deviation): the standard deviation is the square root of the variance",
        _HE_FIX,
    ),
    _slip(
        "lecun_variance",
        HE,
        "normal",
        lambda i, o: 1 / 2,
        "std sqrt(1/fan_in)",
        "the standard deviation sqrt(1/fan_in) misses He's factor 2 (that is LeCun normal): a ReLU zeroes half "
        "of its inputs, so He doubles the variance",
        _HE_FIX,
    ),
    _slip(
        "glorot_variance",
        HE,
        "normal",
        lambda i, o: i / (i + o),
        "Glorot's variance 2/(fan_in+fan_out)",
        "uses Glorot's variance, 2 over the sum of the fans (Keras's GlorotNormal): He's divides by fan_in alone",
        _HE_FIX,
    ),
    _slip(
        "fan_avg",
        HE,
        "normal",
        lambda i, o: 2 * i / (i + o),
        "variance 2/fan_avg",
        "divides by the average of the fans: He normal divides by fan_in alone",
        _HE_FIX,
    ),
    _slip(
        "truncation_uncorrected",
        HE,
        "truncated normal",
        lambda i, o: TRUNCATION**2,
        "a truncated normal not rescaled",
        "truncates the normal at 2 standard deviations without correcting its scale: truncation shrinks the "
        "standard deviation by a factor 0.8796, so Keras divides the standard deviation it draws with by "
        "0.87962566 before truncating",
        "draw a plain normal with He's standard deviation, or, to truncate as Keras does, first enlarge the "
        "standard deviation you draw with by the factor truncation takes away",
    ),
    _slip(
        "sqrt_of_two_only",
        HE,
        "normal",
        lambda i, o: 1 / i,
        "std sqrt(2)/fan_in",
        "the square root covers 2 only: it covers the whole ratio, 2 over fan_in",
        _HE_FIX,
    ),
    _slip(
        "product_of_fans",
        HE,
        "normal",
        lambda i, o: 1 / o,
        "variance 2/(fan_in*fan_out)",
        "divides by fan_in*fan_out (the number of weights): He's variance divides 2 by fan_in alone",
        _HE_FIX,
    ),
    _slip(
        "uniform_instead_of_normal",
        HE,
        "uniform",
        lambda i, o: 1.0,
        "a uniform with He's variance",
        "draws uniformly with He's variance (that is Keras's HeUniform): he_normal draws from a normal distribution",
        _DRAW_NORMAL,
    ),
    _slip(
        "uniform_std_as_limit",
        HE,
        "uniform",
        lambda i, o: 1 / 3,
        "a uniform whose limit is He's std",
        "draws uniformly between minus and plus He's standard deviation: he_normal draws from a normal "
        "distribution with that standard deviation",
        _DRAW_NORMAL,
    ),
)

# When no slip fits: the first row that recognises the weights (recognise(Seen)) says what differs.
OTHERWISE: tuple[Mistake, ...] = (
    Mistake(
        "normal_instead_of_uniform",
        "the kurtosis is a normal's (2.08 or more), with a variance no slip gives",
        "the weights look normally distributed (kurtosis {kurtosis:.2f}; a uniform's is 1.8), with another "
        "variance{shown}: glorot_uniform draws uniformly between minus and plus its limit",
        _GLOROT_FIX,
        _looks_normal,
        GLOROT,
    ),
    Mistake(
        "uniform_instead_of_normal",
        "the kurtosis is a uniform's (below 2.08), with a variance no slip gives",
        "the weights look uniformly distributed{shown}: he_normal draws from a normal distribution centred on 0 "
        "with He's standard deviation",
        _HE_FIX,
        _looks_uniform,
        HE,
    ),
    Mistake(
        "wrong_distribution",
        "the kurtosis cannot be computed (the fourth powers overflow)",
        "the weights are not distributed as Keras's: they are so large that their statistics overflow",
        _GLOROT_FIX,
        lambda seen: _when(seen.s.family == "other"),
        GLOROT,
    ),
    Mistake(
        "wrong_distribution",
        "the kurtosis cannot be computed (the fourth powers overflow)",
        "the weights are not distributed as Keras's: they are so large that their statistics overflow",
        _HE_FIX,
        lambda seen: _when(seen.s.family == "other"),
        HE,
    ),
    Mistake(
        "limit_too_large",
        "a uniform whose largest weight is beyond Keras's limit, by a factor no slip gives",
        f"the limit of the uniform is too large{{shown}}: no known slip gives it; Glorot's limit is {_GLOROT_RULE}",
        _GLOROT_FIX,
        _limit_off(too_large=True),
        GLOROT,
    ),
    Mistake(
        "limit_too_small",
        "a uniform whose largest weight is short of Keras's limit, by a factor no slip gives",
        f"the limit of the uniform is too small{{shown}}: no known slip gives it; Glorot's limit is {_GLOROT_RULE}",
        _GLOROT_FIX,
        _limit_off(too_large=False),
        GLOROT,
    ),
    Mistake(
        "wrong_variance",
        "anything else: the variance differs from Keras's (the limit is right)",
        "the variance of the weights differs from Keras's{shown}: no known slip gives it; the limit is right, "
        "so check that the weights spread evenly between minus and plus it",
        _GLOROT_FIX,
        _other_variance,
        GLOROT,
    ),
    Mistake(
        "wrong_variance",
        "anything else: the variance or the tail differs from Keras's",
        f"the variance of the weights differs from Keras's{{shown}}: no known slip gives it; check the standard "
        f"deviation, {_HE_RULE}",
        _HE_FIX,
        _other_variance,
        HE,
    ),
)

# Successive calls (the "draws" cases): recognise(first, second, again), the last from a new Generator.
DRAWS: tuple[Mistake, ...] = (
    Mistake(
        "same_array",
        "the two calls with the same rng return equal arrays",
        "two calls with the same rng return the same weights: the function makes its own seeded generator (or "
        "re-seeds) instead of drawing from rng",
        "draw from the Generator passed as rng, and never make or seed a generator inside the function",
        lambda first, second, again: _when(np.array_equal(first, second)),
    ),
    Mistake(
        "correlated",
        "the two calls with the same rng give correlated arrays (Hoeffding's bound and the correlation's)",
        "two calls with the same rng return correlated weights: each call must draw new, independent values",
        "draw every call's weights afresh from rng",
        lambda first, second, again: _when(correlated(first, second)),
    ),
    Mistake(
        "ignores_rng",
        "a new rng made from the same seed gives other weights",
        "a new rng made from the same seed gives other weights: the function does not draw from the rng it is "
        "given (NumPy's global random functions, or a generator of its own?)",
        "draw with the methods of the Generator passed as rng, not with NumPy's global random functions or a "
        "generator of your own",
        lambda first, second, again: _when(not np.array_equal(first, again)),
    ),
)


MISTAKES: tuple[Mistake, ...] = WEIGHTS + CENTRED + SLIPS + OTHERWISE + DRAWS


# ----------------------------------------------------------------------------- the verdict

Found = tuple[Mistake, str]  # the row and its message


def _first(rows: tuple[Mistake, ...], exercise: str, *seen) -> Found | None:
    """The first row of ``rows`` for ``exercise`` that recognises ``seen``, with its message."""
    for row in rows:
        if row.applies_to(exercise):
            fields = row.recognise(*seen)
            if fields is not None:
                return row, row.message.format(**fields)
    return None


def best_slip(seen: Seen) -> Found | None:
    """The slip the sample agrees with most closely; the others it agrees with are named too."""
    fits = [(row.recognise.distance(seen), row) for row in SLIPS if row.applies_to(seen.exercise)]
    fits = sorted(((d, row) for d, row in fits if d is not None), key=lambda t: t[0])
    if not fits:
        return None
    best, others = fits[0][1], [row.recognise.short for _, row in fits[1:]]
    return best, best.message + (f" (this shape cannot tell it from: {'; '.join(others)})" if others else "")


def distribution_mistake(seen: Seen) -> Found | None:
    """What differs between one call's weights and Keras's, or ``None``."""
    found = _first(WEIGHTS, seen.exercise, seen.s, seen.hidden) or _first(CENTRED, seen.exercise, seen)
    if found or matches_keras(seen):
        return found
    return best_slip(seen) or _first(OTHERWISE, seen.exercise, seen)


def draws_mistake(exercise: str, outputs: list[np.ndarray], hidden: bool) -> Found | None:
    for out in outputs:
        found = _first(WEIGHTS, exercise, Sample.of(out), hidden)
        if found:
            return found
    return _first(DRAWS, exercise, *outputs)


_DRAWS_PASS = "new, uncorrelated weights at every call, drawn from the rng given"


def _passed_detail(seen: Seen) -> str:
    """A visible case's numbers: the variance and mean, and the limit (Glorot) or the tail (He)."""
    s, ref = seen.s, seen.ref
    detail = f"variance {seen.ratio:.3f} x Keras's, mean {s.mean:.2g}"
    if seen.spec.bounded:
        return detail + f", largest |w| {s.max_abs:.4f} (Keras's limit {ref.max_abs:.4f})"
    return detail + f", {np.mean(np.abs(s.w) > TAIL * np.sqrt(ref.var)):.2%} beyond 1.8 std (normal: 7.2%)"


def _failed(case: Case, found: Found) -> CaseVerdict:
    row, message = found
    return CaseVerdict(case, False, message, mistake=row.id, hint=row.hint)


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    outputs = [np.asarray(o, dtype=np.float64) for o in collected["outputs"]]
    if inputs["scenario"] == "draws":
        found = draws_mistake(case.exercise, outputs, case.hidden)
        return _failed(case, found) if found else CaseVerdict(case, True, _DRAWS_PASS)
    fans = tuple(int(n) for n in inputs["shape"])
    seen = Seen(case.exercise, fans, Sample.of(outputs[0]), keras_reference(case.exercise, fans), case.hidden)
    found = distribution_mistake(seen)
    if found:
        return _failed(case, found)
    name = seen.spec.keras_class
    if case.hidden:
        return CaseVerdict(case, True, f"the statistics match Keras's {name}")
    return CaseVerdict(case, True, f"matches Keras's {name}: {_passed_detail(seen)}")
