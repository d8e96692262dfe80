r"""Dropout: the student's outputs against ``keras.layers.Dropout`` on the same activations.

The reference is Keras's layer itself, run here on the case's ``x`` (which has no zero): its
inference output (``x`` unchanged), and the factor its training output applies to the units it
keeps (``1/(1-rate)``, read off ``out/x`` where ``out != 0``). Keras draws its masks from its own
Philox generator, so masks are never compared element by element; what is compared is what any
correct dropout shares with Keras's:

- at inference, the output equals Keras's (the identity);
- in training, every output is 0 or Keras's factor times ``x``; the number of zeros is a draw of
  Binomial(n, rate): a correct answer fails this test with probability below ``ALPHA = 1e-9``
  (exact binomial quantiles, not a normal approximation); then the mean of ``out/x`` is 1 within
  the same tolerance, as for Keras;
- masks are drawn element by element: a mask shared along an axis (whole rows dropped, or one
  mask for every sample) is flagged only when a correct answer would share it with probability
  below ``1e-12``;
- a new mask at every call (two independent masks coincide with a probability far below 1e-40
  at these sizes), and the same mask from two Generators with the same seed.

The known mistakes are the rows of ``MISTAKES``, named by what they do to these quantities (no
rescaling: factor 1; scaling by the keep probability: factor ``1-rate``; ``rate`` read as the
keep probability: factor ``1/rate`` or a dropped fraction near ``1-rate``; the paper's
non-inverted form: ``x*(1-rate)`` at inference). Each row is recognised at one *stage* of the
judge (``Recognise.stage``); a stage reads one output (``Output``) or the outputs of every call,
passes when its test in ``PASSES`` holds, and otherwise names its first matching row. The
Keras-layer exercise (``dropout_layer.judge``) runs the same stages on its forward outputs, and
the same verdicts on the scenarios both exercises have.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

import numpy as np

from autograder.cases import Case
from autograder.family import Mistake
from autograder.judging import CaseVerdict

ALPHA = 1e-9  # probability that a correct answer fails one statistical test
STRUCTURE_ALPHA = 1e-12  # probability that a correct mask looks shared along an axis
RTOL = 1e-5  # float32 (Keras, or a student's float32 arrays) against float64
FACTOR_RTOL = 1e-4  # two factors read off float32 outputs are the same factor

# ----------------------------------------------------------------------------- Keras's reference


@lru_cache(maxsize=256)
def keras_reference(shape: tuple, rate: float, seed: int) -> dict:
    """What ``keras.layers.Dropout(rate)`` does to the case's activations: its inference outputs
    (default ``training`` and ``training=False``), the factor applied to the units it keeps, and
    its dropped fraction on two training calls."""
    import keras

    from autograder.exercises.dropout.cases import activations

    x = activations(shape, seed)
    layer = keras.layers.Dropout(rate, seed=seed)
    inference = [np.asarray(layer(x), dtype=np.float64), np.asarray(layer(x, training=False), dtype=np.float64)]
    trained = [np.asarray(layer(x, training=True), dtype=np.float64) for _ in range(2)]
    kept = trained[0] != 0
    factor = float(np.median(trained[0][kept] / x[kept])) if kept.any() else float("nan")
    return {
        "inference": inference,
        "factor": factor,
        "dropped": [float(np.mean(t == 0)) for t in trained],
        "fresh": not np.array_equal(trained[0] != 0, trained[1] != 0),
    }


# ----------------------------------------------------------------------------- what is read off an output


def fraction_bounds(n: int, rate: float, alpha: float = ALPHA) -> tuple[int, int]:
    """Counts ``[lo, hi]`` holding Binomial(n, rate) with probability at least ``1 - alpha``."""
    if rate <= 0.0:
        return 0, 0
    if rate >= 1.0:
        return n, n
    from scipy.stats import binom

    return int(binom.ppf(alpha / 2, n, rate)), int(binom.isf(alpha / 2, n, rate))


def close(a: float, b: float) -> bool:
    return bool(np.isclose(a, b, rtol=FACTOR_RTOL, atol=0.0))


@dataclass
class Output:
    """One output of the student's code and what the stages read off it.

    ``expected`` is Keras's output for an inference call, ``factor`` Keras's factor for the kept
    units in training; ``how`` names the call in messages; ``call`` is the case's plan entry
    (``rng`` says which Generator it drew from). Messages format these as ``{o.<name>}``.
    """

    x: np.ndarray
    out: np.ndarray
    rate: float
    hidden: bool
    factor: float = float("nan")
    expected: np.ndarray | None = None
    how: str = ""
    call: dict | None = None
    modified: bool = False

    @cached_property
    def finite(self) -> bool:
        return bool(np.all(np.isfinite(self.out)))

    @cached_property
    def kept(self) -> np.ndarray:
        return self.out != 0

    @cached_property
    def ratios(self) -> np.ndarray:
        """``out/x`` on the kept units: the factor each one was multiplied by."""
        return self.out[self.kept] / self.x[self.kept]

    @cached_property
    def seen(self) -> float:
        """The factor most kept units were multiplied by."""
        return float(np.median(self.ratios))

    @cached_property
    def uniform(self) -> bool:
        """Every kept unit multiplied by the same factor."""
        return bool(np.allclose(self.ratios, self.seen, rtol=FACTOR_RTOL, atol=0.0))

    @cached_property
    def dropped(self) -> int:
        return int(np.sum(~self.kept))

    @cached_property
    def bounds(self) -> tuple[int, int]:
        return fraction_bounds(self.out.size, self.rate)

    @cached_property
    def shared_axes(self) -> list[int]:
        """Axes along which the mask is constant although a correct element-wise mask would be
        constant there with probability below ``STRUCTURE_ALPHA``."""
        kept, rate = self.kept, self.rate
        if kept.ndim < 2 or rate <= 0:
            return []
        shared = []
        for axis, m in enumerate(kept.shape):
            if m < 2 or not np.all(kept == kept.take([0], axis=axis)):
                continue
            lines = kept.size // m
            if lines * np.log(rate**m + (1 - rate) ** m) < np.log(STRUCTURE_ALPHA):
                shared.append(axis)
        return shared

    @property
    def shown(self) -> str:
        """The factor seen and Keras's, for messages of visible cases."""
        return "" if self.hidden else f" (here {self.seen:.4g}; Keras: {self.factor:.4g})"

    @property
    def observed(self) -> str:
        """The dropped fraction and its bounds, for messages of visible cases."""
        if self.hidden:
            return ""
        n, (lo, hi) = self.out.size, self.bounds
        return f" ({self.dropped / n:.1%} of {n} units; a correct answer drops between {lo / n:.1%} and {hi / n:.1%})"

    @property
    def sharing(self) -> str:
        """How the mask is shared, in words."""
        axes, last = self.shared_axes, self.kept.ndim - 1
        if axes == [0]:
            return "the same mask for every sample (row): one draw per feature, broadcast over the batch"
        if last in axes and 0 not in axes:
            return "whole rows dropped at once: one draw per row, broadcast over its features"
        return f"a mask shared along axis {axes[0]}"


def _drops_rate_share(o: Output) -> bool:
    """The dropped count is a draw of Binomial(n, 1 - rate): ``rate`` read as the keep probability
    (indistinguishable at rate 0.5)."""
    lo, hi = fraction_bounds(o.out.size, 1 - o.rate)
    return abs(o.rate - 0.5) > 1e-9 and lo <= o.dropped <= hi


def normal_draw_shares(rate: float) -> tuple[float, float]:
    """The fractions a mask drawn from a standard normal instead of a uniform drops: keeping the
    units whose draw ``z`` is at least ``rate`` drops ``Phi(rate)``; keeping those below the keep
    probability drops ``1 - Phi(1 - rate)`` (at rate 0.2, 21.2% instead of 20%)."""
    from scipy.stats import norm

    return float(norm.cdf(rate)), float(norm.sf(1 - rate))


def _drops_normal_share(o: Output) -> bool:
    """The dropped count is a draw of Binomial(n, p) for a normal mask's ``p``, and not of
    Binomial(n, rate) (that is checked first: the stage passes)."""
    return any(lo <= o.dropped <= hi for lo, hi in (fraction_bounds(o.out.size, p) for p in normal_draw_shares(o.rate)))


def repeats(outputs: Sequence[Output]) -> bool:
    """Two consecutive calls dropped the same units."""
    return any(np.array_equal(a.kept, b.kept) for a, b in zip(outputs, outputs[1:]))


def drawn_from(outputs: Sequence[Output], rng: int | None) -> list[Output]:
    """The calls the plan gave Generator ``rng`` (``None``: the calls with ``rng=None``)."""
    return [o for o in outputs if o.call["rng"] == rng]


# ----------------------------------------------------------------------------- the mistake table


@dataclass(frozen=True)
class Recognise:
    """How a row of the table is recognised: at which stage of the judge, by which test on what
    the stage reads (an ``Output``, or the list of a case's outputs). The default test matches
    anything: the stage's last row, for outputs no other row explains."""

    stage: str
    test: Callable[[Any], bool] = lambda reading: True

    def __call__(self, reading: Any) -> bool:
        return bool(self.test(reading))


FIX_SCALE = (
    "in training, keep each unit whose uniform draw is at least rate, divide the kept units by the keep "
    "probability 1 - rate and set the others to 0 (inverted dropout, as Keras)"
)
NOT_FINITE_HINT = "check for a division by zero (by rate, or by 1 - rate)"

MISTAKES: tuple[Mistake, ...] = (
    Mistake(
        "modifies_input",
        "the caller's copy of x differs after the call",
        "modifies its input x in place: the caller's activations change",
        "build the output as a new array: an in-place operation on x changes the caller's activations",
        Recognise("input", lambda o: o.modified),
    ),
    # at inference (the output is not Keras's, i.e. not x)
    Mistake(
        "not_finite",
        "an inference output has NaN or infinite values",
        "the output has NaN or infinite values ({o.how})",
        NOT_FINITE_HINT,
        Recognise("inference", lambda o: not o.finite),
    ),
    Mistake(
        "drops_at_inference",
        "an inference output has zeros (x has none)",
        "drops units at inference ({o.how}): Keras's Dropout returns x unchanged unless training=True",
        "draw and apply a mask only when training is True; otherwise return x",
        Recognise("inference", lambda o: not o.kept.all()),
    ),
    Mistake(
        "non_inverted",
        "at inference every unit is multiplied by 1 - rate",
        "multiplies x by 1 - rate at inference ({o.how}): that is the original paper's dropout, scaled at test "
        "time; Keras uses inverted dropout (survivors divided by 1 - rate in training, x unchanged at inference)",
        "return x unchanged when training is False, and divide the survivors by 1 - rate in training",
        Recognise("inference", lambda o: o.rate > 0 and o.uniform and close(o.seen, 1 - o.rate)),
    ),
    Mistake(
        "scales_at_inference",
        "at inference every unit is divided by 1 - rate",
        "divides x by 1 - rate at inference ({o.how}): the rescaling belongs to training only",
        "return x unchanged when training is False",
        Recognise("inference", lambda o: o.rate > 0 and o.uniform and close(o.seen, 1 / (1 - o.rate))),
    ),
    Mistake(
        "inference_changes_x",
        "any other inference output that is not x",
        "changes x at inference ({o.how}): it must return x unchanged",
        "return x itself (or a copy) when training is False",
        Recognise("inference"),
    ),
    # in training: outputs no other test can read
    Mistake(
        "not_finite",
        "a training output has NaN or infinite values",
        "the training output has NaN or infinite values",
        NOT_FINITE_HINT,
        Recognise("degenerate", lambda o: not o.finite),
    ),
    Mistake(
        "no_drop",
        "a training output with rate > 0 has no zero",
        "drops nothing although training=True",
        "when training is True, draw one uniform number per unit from rng and set to 0 the units whose draw is "
        "below rate",
        Recognise("degenerate", lambda o: o.rate > 0 and o.kept.all()),
    ),
    Mistake(
        "drops_all",
        "a training output is all zeros",
        "drops every unit: the output is all zeros",
        "keep each unit whose uniform draw is at least rate, so that on average a fraction 1 - rate survives",
        Recognise("degenerate", lambda o: not o.kept.any()),
    ),
    # in training: the factor of the kept units
    Mistake(
        "not_mask",
        "the kept units' out/x differ from one another",
        "the kept units are not all multiplied by the same factor: each output must be 0 or x/(1-rate) "
        "(multiply x by a 0/1 mask, not by the random numbers themselves)",
        FIX_SCALE,
        Recognise("mask"),
    ),
    Mistake(
        "no_rescale",
        "the kept units' factor is 1",
        "the survivors are not rescaled{o.shown}: without the factor 1/(1-rate) the mean activation shrinks "
        "to (1 - rate) times its value at inference",
        FIX_SCALE,
        Recognise("scale", lambda o: o.rate > 0 and close(o.seen, 1.0)),
    ),
    Mistake(
        "scales_by_keep",
        "the kept units' factor is 1 - rate",
        "the survivors are multiplied by the keep probability 1 - rate{o.shown}: Keras divides them by it "
        "(inverted dropout)",
        FIX_SCALE,
        Recognise("scale", lambda o: o.rate > 0 and close(o.seen, 1 - o.rate)),
    ),
    Mistake(
        "rate_as_keep",
        "the kept units' factor is 1/rate",
        "the survivors are divided by rate{o.shown}: rate is the fraction dropped, so the keep probability "
        "is 1 - rate (Keras 3's Dropout(rate), not Keras 1's p)",
        FIX_SCALE,
        Recognise("scale", lambda o: o.rate > 0 and close(o.seen, 1 / o.rate)),
    ),
    Mistake(
        "wrong_scale",
        "any other factor of the kept units than Keras's 1/(1-rate)",
        "the survivors are multiplied by the wrong factor{o.shown}: Keras's is 1/(1-rate)",
        FIX_SCALE,
        Recognise("scale"),
    ),
    # in training: which units are dropped
    Mistake(
        "shared_mask",
        "the mask is constant along an axis (improbable for an element-wise mask)",
        "the mask is not drawn element by element ({o.sharing}); Keras draws one value per element of x",
        "draw one uniform number per element of x (a mask of x's full shape), not one per row or per feature",
        Recognise("structure"),
    ),
    # the survivors' factor is Keras's 1/(1-rate) (stage "scale" passed): rate is not read as
    # the keep probability, which would divide by rate; what is wrong is which units are kept
    Mistake(
        "normal_draws",
        "the dropped count fits Binomial(n, Phi(rate)) or Binomial(n, 1 - Phi(1 - rate)), not Binomial(n, rate)",
        "drops what a mask of standard normal draws drops{o.observed}: the survivors' factor is right, but a "
        "normal draw is below rate (or above 1 - rate) with another probability than rate",
        "draw the mask from a uniform distribution on [0, 1) (rng.random), not a normal one (rng.standard_normal, "
        "np.random.randn): only then is a draw below rate with probability rate",
        Recognise("fraction", _drops_normal_share),
    ),
    Mistake(
        "mask_reversed",
        "the dropped count fits Binomial(n, 1 - rate), not Binomial(n, rate), with the right factor",
        "drops a fraction 1 - rate of the units instead of rate{o.observed}, although the survivors' factor "
        "1/(1-rate) is right: the comparison keeps the units whose draw is below rate",
        "rate is the probability of dropping a unit: keep the units whose uniform draw is at least rate "
        "(probability 1 - rate) and drop the others",
        Recognise("fraction", _drops_rate_share),
    ),
    Mistake(
        "wrong_fraction",
        "the dropped count is outside the exact binomial bounds",
        "the dropped fraction does not match rate{o.observed}",
        "drop each unit independently with probability rate, by comparing a uniform draw in [0, 1) with rate",
        Recognise("fraction"),
    ),
    # across calls
    Mistake(
        "same_mask",
        "two consecutive calls with the same Generator drop the same units",
        "the same units are dropped at every call (with the same rng): dropout needs a new mask at every forward pass",
        "draw from the rng you are given and do not re-seed it inside the function",
        Recognise("fresh", lambda outputs: repeats(drawn_from(outputs, 0))),
    ),
    Mistake(
        "same_mask",
        "two consecutive calls with rng=None drop the same units",
        "the same units are dropped at every call (with rng=None): dropout needs a new mask at every forward pass",
        "when rng is None, make a fresh NumPy Generator without a seed, so that every call draws new numbers",
        Recognise("fresh", lambda outputs: repeats(drawn_from(outputs, None))),
    ),
    Mistake(
        "ignores_rng",
        "two Generators made from the same seed give different outputs",
        "two Generators made from the same seed give different masks: the function does not draw from the rng "
        "it is given",
        "draw the mask from the rng argument, not from np.random's global functions or a Generator of your "
        "own: the same seed must give the same mask",
        Recognise("reproducible"),
    ),
    # with rate = 0 (the output is not x)
    Mistake(
        "not_finite",
        "with rate 0 the output has NaN or infinite values",
        "with rate=0 the output has NaN or infinite values (a division by rate?)",
        "divide by the keep probability 1 - rate, never by rate",
        Recognise("rate_zero", lambda o: not o.finite),
    ),
    Mistake(
        "drops_at_rate_zero",
        "with rate 0 the output has zeros",
        "drops units with rate=0: nothing should be dropped",
        "keep each unit whose uniform draw is at least rate, so that with rate 0 every unit survives",
        Recognise("rate_zero", lambda o: not o.kept.all()),
    ),
    Mistake(
        "wrong_scale",
        "with rate 0 the output has no zero but is not x",
        "with rate=0 the output must be x itself (nothing dropped, factor 1/(1-0) = 1)",
        FIX_SCALE,
        Recognise("rate_zero"),
    ),
)


# ----------------------------------------------------------------------------- the stages


def _matches_expected(o: Output) -> bool:
    return bool(np.allclose(o.out, o.expected, rtol=RTOL, atol=0.0))


def _in_bounds(o: Output) -> bool:
    lo, hi = o.bounds
    return lo <= o.dropped <= hi


# When a stage passes; a stage not listed passes when none of its rows matches.
PASSES: dict[str, Callable[[Any], bool]] = {
    "inference": _matches_expected,
    "rate_zero": _matches_expected,
    "mask": lambda o: o.uniform,
    "scale": lambda o: close(o.seen, o.factor),
    "structure": lambda o: not o.shared_axes,
    "fraction": _in_bounds,
    "reproducible": lambda outputs: np.array_equal(outputs[0].out, outputs[1].out),
}

# A readable training output (stage "degenerate" passed) is read in this order: each stage
# assumes the previous ones passed.
TRAINING_STAGES = ("mask", "scale", "structure", "fraction")


def diagnose(rows: Sequence[Mistake], stage: str, reading: Any, passes: Mapping = PASSES) -> Mistake | None:
    """The first row of ``stage`` that explains ``reading``, or ``None`` when the stage passes
    (its test in ``passes`` holds)."""
    test = passes.get(stage)
    if test is not None and test(reading):
        return None
    return next((m for m in rows if m.recognise.stage == stage and m.recognise(reading)), None)


@dataclass
class Run:
    """A case being judged: the rows of the table that apply to its exercise, the student's
    outputs (as ``Output``), Keras's reference (``keras_reference``) and the raw data."""

    case: Case
    rows: list[Mistake]
    outputs: list[Output]
    reference: dict
    inputs: dict
    collected: dict
    passes: Mapping[str, Callable[[Any], bool]]

    @classmethod
    def start(
        cls, table: Sequence[Mistake], case: Case, inputs: dict, collected: dict, passes: Mapping = PASSES
    ) -> Run:
        p = case.params
        calls = inputs.get("calls", [None] * len(collected["outputs"]))  # the layer's cases have no plan
        x = np.asarray(inputs["x"], dtype=np.float64)
        rate = float(inputs["rate"])
        reference = keras_reference(tuple(p["shape"]), rate, p["seed"])
        outputs = [
            Output(x, np.asarray(out, dtype=np.float64), rate, case.hidden, reference["factor"], call=call)
            for out, call in zip(collected["outputs"], calls)
        ]
        rows = [m for m in table if m.applies_to(case.exercise)]
        return cls(case, rows, outputs, reference, inputs, collected, passes)

    def passed(self, message: str) -> CaseVerdict:
        return CaseVerdict(self.case, True, message)

    def failed(self, mistake: Mistake, reading: Any, prefix: str = "") -> CaseVerdict:
        message = prefix + mistake.message.format(o=reading)
        return CaseVerdict(self.case, False, message, mistake=mistake.id, hint=mistake.hint)

    def check(self, stage: str, reading: Any, prefix: str = "") -> CaseVerdict | None:
        """The failed verdict when ``stage`` does not pass on ``reading``."""
        mistake = diagnose(self.rows, stage, reading, self.passes)
        return None if mistake is None else self.failed(mistake, reading, prefix)

    def check_readable(self, outputs: Sequence[Output], where: str = "") -> CaseVerdict | None:
        """Whether every training output can be read at all (stage ``"degenerate"``), each named
        by its call (``where``: where the calls ran)."""
        for i, o in enumerate(outputs):
            if verdict := self.check("degenerate", o, call_prefix(i, len(outputs), where)):
                return verdict
        return None

    def check_training(
        self, outputs: Sequence[Output], where: str = "", prefix: str | None = None
    ) -> CaseVerdict | None:
        """Training outputs: readable, then each through ``TRAINING_STAGES``; a message starts with
        ``prefix`` if given, else with the call's name."""
        if verdict := self.check_readable(outputs, where):
            return verdict
        for i, o in enumerate(outputs):
            named = call_prefix(i, len(outputs), where) if prefix is None else prefix
            for stage in TRAINING_STAGES:
                if verdict := self.check(stage, o, named):
                    return verdict
        return None


def call_prefix(index: int, calls: int, where: str = "") -> str:
    """``"call 2: "`` in the message of a case that calls more than once."""
    return f"{where}call {index + 1}: " if calls > 1 else ""


# ----------------------------------------------------------------------------- the verdict
# A function per scenario; the Keras-layer exercise calls the first four with its own words.


def inference(
    run: Run, hows: Sequence[str] | None = None, says: str = "returns x unchanged at inference, as Keras's Dropout does"
) -> CaseVerdict:
    """Each output equals Keras's for the same call (default ``training``, then ``training=False``),
    named in messages by ``hows`` (by default, read off the case's plan)."""
    if hows is None:
        hows = ["training=False" if "training" in o.call else "training left at its default" for o in run.outputs]
    for o, how, expected in zip(run.outputs, hows, run.reference["inference"]):
        o.how, o.expected = how, expected
        if verdict := run.check("inference", o):
            return verdict
    return run.passed(says)


def rate_zero(run: Run, says: str = "rate=0 drops nothing and returns x, as Keras does") -> CaseVerdict:
    o = run.outputs[0]
    o.expected = run.reference["inference"][0]
    return run.check("rate_zero", o) or run.passed(says)


def training(run: Run, mean: bool = True) -> CaseVerdict:
    """Every output through ``TRAINING_STAGES``; a visible case's message gives the dropped fraction
    and, with ``mean``, the mean of ``out/x`` (about 1: the factor 1/(1-rate) makes up for the drops)."""
    if verdict := run.check_training(run.outputs):
        return verdict
    o = run.outputs[0]
    detail = f"; dropped {o.dropped / o.out.size:.1%} (rate {o.rate:g})"
    if mean:
        detail += f", mean of out/x {float(np.mean(o.out / o.x)):.3f}"
    return run.passed(f"every output is 0 or x/(1-rate), masks element-wise{'' if o.hidden else detail}")


def fresh(run: Run, says: str = "a new mask at every call, as Keras's Dropout draws") -> CaseVerdict:
    return run.check_readable(run.outputs) or run.check("fresh", run.outputs) or run.passed(says)


def _reproducible(run: Run) -> CaseVerdict:
    says = "draws its mask from the rng it is given"
    return run.check_readable(run.outputs) or run.check("reproducible", run.outputs) or run.passed(says)


SCENARIOS = {
    "inference": inference,
    "rate_zero": rate_zero,
    "training": training,
    "fresh": fresh,
    "reproducible": _reproducible,
}


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    run = Run.start(MISTAKES, case, inputs, collected)
    for o, modified in zip(run.outputs, collected["modified"]):
        o.modified = modified
        if verdict := run.check("input", o):
            return verdict
    return SCENARIOS[case.params["scenario"]](run)
