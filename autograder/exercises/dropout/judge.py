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

Each known mistake is named by what it does to these quantities (no rescaling: factor 1;
scaling by the keep probability: factor ``1-rate``; ``rate`` read as the keep probability: factor
``1/rate`` or a dropped fraction near ``1-rate``; the paper's non-inverted form: ``x*(1-rate)`` at
inference). ``compare.dropout_layer`` uses the same analysis for the Keras-layer exercise.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from autograder.cases import Case
from autograder.judging import CaseVerdict

ALPHA = 1e-9  # probability that a correct answer fails one statistical test
STRUCTURE_ALPHA = 1e-12  # probability that a correct mask looks shared along an axis
RTOL = 1e-5  # float32 (Keras, or a student's float32 arrays) against float64

FIX_SCALE = (
    "in training return where(u >= rate, x / (1 - rate), 0) with u uniform: survivors are divided by the "
    "keep probability 1 - rate"
)

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


# ----------------------------------------------------------------------------- shared analysis


def fraction_bounds(n: int, rate: float, alpha: float = ALPHA) -> tuple[int, int]:
    """Counts ``[lo, hi]`` holding Binomial(n, rate) with probability at least ``1 - alpha``."""
    if rate <= 0.0:
        return 0, 0
    if rate >= 1.0:
        return n, n
    from scipy.stats import binom

    return int(binom.ppf(alpha / 2, n, rate)), int(binom.isf(alpha / 2, n, rate))


def _close(a: float, b: float, rtol: float = 1e-4) -> bool:
    return bool(np.isclose(a, b, rtol=rtol, atol=0.0))


Problem = tuple  # (mistake id, message, hint)


def inference_problem(x: np.ndarray, out: np.ndarray, expected: np.ndarray, rate: float, how: str) -> Problem | None:
    """What is wrong with an inference output (``how`` says which call, for the message)."""
    if not np.all(np.isfinite(out)):
        return (
            "not_finite",
            f"the output has NaN or infinite values ({how})",
            "check for a division by zero (by rate, or by 1 - rate)",
        )
    if np.allclose(out, expected, rtol=RTOL, atol=0.0):
        return None
    if np.any(out == 0):
        return (
            "drops_at_inference",
            f"drops units at inference ({how}): Keras's Dropout returns x unchanged unless training=True",
            "draw and apply a mask only when training is True; otherwise return x",
        )
    ratio = out / x
    c = float(np.median(ratio))
    if np.allclose(ratio, c, rtol=1e-4):
        if rate > 0 and _close(c, 1 - rate):
            return (
                "non_inverted",
                f"multiplies x by 1 - rate at inference ({how}): that is the original paper's "
                "dropout, scaled at test time; Keras uses inverted dropout (survivors divided by 1 - rate in "
                "training, x unchanged at inference)",
                "return x unchanged when training is False, and divide the survivors by 1 - rate in training",
            )
        if rate > 0 and _close(c, 1 / (1 - rate)):
            return (
                "scales_at_inference",
                f"divides x by 1 - rate at inference ({how}): the rescaling belongs to training only",
                "return x unchanged when training is False",
            )
    return (
        "inference_changes_x",
        f"changes x at inference ({how}): it must return x unchanged",
        "return x itself (or a copy) when training is False",
    )


def degenerate_problem(out: np.ndarray, rate: float) -> Problem | None:
    """NaNs, nothing dropped, everything dropped: outputs no other test can read."""
    if not np.all(np.isfinite(out)):
        return (
            "not_finite",
            "the training output has NaN or infinite values",
            "check for a division by zero (by rate, or by 1 - rate)",
        )
    kept = out != 0
    if rate > 0 and kept.all():
        return (
            "no_drop",
            "drops nothing although training=True",
            "draw a mask with rng.random(x.shape) >= rate and apply it when training is True",
        )
    if not kept.any():
        return (
            "drops_all",
            "drops every unit: the output is all zeros",
            "keep a unit when its uniform draw u is >= rate (a fraction 1 - rate survives)",
        )
    return None


def _shared_axes(kept: np.ndarray, rate: float) -> list[int]:
    """Axes along which the mask is constant although a correct element-wise mask would be
    constant there with probability below ``STRUCTURE_ALPHA``."""
    shared = []
    if kept.ndim < 2 or rate <= 0:
        return shared
    for axis, m in enumerate(kept.shape):
        if m < 2:
            continue
        if not np.all(kept == kept.take([0], axis=axis)):
            continue
        lines = kept.size // m
        log_p = lines * np.log(rate**m + (1 - rate) ** m)
        if log_p < np.log(STRUCTURE_ALPHA):
            shared.append(axis)
    return shared


def training_problem(x: np.ndarray, out: np.ndarray, rate: float, factor: float, hidden: bool) -> Problem | None:
    """What is wrong with one training output, given Keras's factor for the kept units."""
    problem = degenerate_problem(out, rate)
    if problem is not None:
        return problem
    kept = out != 0
    ratio = out[kept] / x[kept]
    c = float(np.median(ratio))
    if not np.allclose(ratio, c, rtol=1e-4, atol=0.0):
        return (
            "not_mask",
            "the kept units are not all multiplied by the same factor: each output must be 0 "
            "or x/(1-rate) (multiply x by a 0/1 mask, not by the random numbers themselves)",
            FIX_SCALE,
        )
    if not _close(c, factor):
        shown = "" if hidden else f" (here {c:.4g}; Keras: {factor:.4g})"
        if rate > 0 and _close(c, 1.0):
            return (
                "no_rescale",
                f"the survivors are not rescaled{shown}: without the factor 1/(1-rate) the mean "
                "activation shrinks to (1 - rate) times its value at inference",
                FIX_SCALE,
            )
        if rate > 0 and _close(c, 1 - rate):
            return (
                "scales_by_keep",
                f"the survivors are multiplied by the keep probability 1 - rate{shown}: "
                "Keras divides them by it (inverted dropout)",
                FIX_SCALE,
            )
        if rate > 0 and _close(c, 1 / rate):
            return (
                "rate_as_keep",
                f"the survivors are divided by rate{shown}: rate is the fraction dropped, so "
                "the keep probability is 1 - rate (Keras 3's Dropout(rate), not Keras 1's p)",
                FIX_SCALE,
            )
        return (
            "wrong_scale",
            f"the survivors are multiplied by the wrong factor{shown}: Keras's is 1/(1-rate)",
            FIX_SCALE,
        )
    axes = _shared_axes(kept, rate)
    if axes:
        last = kept.ndim - 1
        if axes == [0]:
            what = "the same mask for every sample (row): one draw per feature, broadcast over the batch"
        elif last in axes and 0 not in axes:
            what = "whole rows dropped at once: one draw per row, broadcast over its features"
        else:
            what = f"a mask shared along axis {axes[0]}"
        return (
            "shared_mask",
            f"the mask is not drawn element by element ({what}); Keras draws one value per element of x",
            "draw the mask with x's full shape, e.g. rng.random(x.shape)",
        )
    n, dropped = out.size, int(np.sum(~kept))
    lo, hi = fraction_bounds(n, rate)
    if not lo <= dropped <= hi:
        observed = (
            ""
            if hidden
            else (f" ({dropped / n:.1%} of {n} units; a correct answer drops between {lo / n:.1%} and {hi / n:.1%})")
        )
        lo_keep, hi_keep = fraction_bounds(n, 1 - rate)
        if abs(rate - 0.5) > 1e-9 and lo_keep <= dropped <= hi_keep:
            return (
                "rate_as_keep",
                f"drops a fraction 1 - rate of the units instead of rate{observed}: rate is "
                "the fraction dropped (Keras 3's Dropout(rate), not Keras 1's keep probability p)",
                "drop a unit when its uniform draw u is < rate: keep = u >= rate",
            )
        return (
            "wrong_fraction",
            f"the dropped fraction does not match rate{observed}",
            "drop each unit independently with probability rate: keep = rng.random(x.shape) >= rate",
        )
    return None


def fresh_problem(masks: list[np.ndarray], what: str) -> Problem | None:
    for a, b in zip(masks, masks[1:]):
        if np.array_equal(a, b):
            return (
                "same_mask",
                f"the same units are dropped at every call ({what}): dropout needs a new mask at every forward pass",
                _SAME_MASK_HINT.get(what, _SAME_MASK_HINT["default"]),
            )
    return None


_SAME_MASK_HINT = {
    "with the same rng": "draw from the rng you are given and do not re-seed it inside the function",
    "with rng=None": "when rng is None, use np.random.default_rng() without a seed (a fresh generator)",
    "default": "draw new random numbers at every call",
}


# ----------------------------------------------------------------------------- the verdict


def _passed(case: Case, text: str) -> CaseVerdict:
    return CaseVerdict(case, True, text)


def _failed(case: Case, problem: Problem, call: int | None = None, calls: int = 1) -> CaseVerdict:
    mistake, message, hint = problem
    if call is not None and calls > 1:
        message = f"call {call}: {message}"
    return CaseVerdict(case, False, message, mistake=mistake, hint=hint)


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    p = case.params
    x = np.asarray(inputs["x"], dtype=np.float64)
    rate = float(inputs["rate"])
    plan = inputs["calls"]
    outputs = [np.asarray(o, dtype=np.float64) for o in collected.get("outputs", [])]
    if len(outputs) != len(plan):
        return CaseVerdict(case, False, "returned fewer outputs than calls", mistake="error:ReturnValue")
    if any(collected.get("modified", [])):
        return CaseVerdict(
            case,
            False,
            "modifies its input x in place: the caller's activations change",
            mistake="modifies_input",
            hint="compute a new array (x * mask / (1 - rate)) instead of x *= ...",
        )
    reference = keras_reference(tuple(p["shape"]), rate, p["seed"])
    scenario = p["scenario"]
    hidden = case.hidden

    if scenario == "inference":
        for i, (call, out) in enumerate(zip(plan, outputs)):
            how = "training=False" if "training" in call else "training left at its default"
            problem = inference_problem(x, out, reference["inference"][min(i, 1)], rate, how)
            if problem:
                return _failed(case, problem)
        return _passed(case, "returns x unchanged at inference, as Keras's Dropout does")

    if scenario == "rate_zero":
        out = outputs[0]
        if not np.all(np.isfinite(out)):
            return _failed(
                case,
                (
                    "not_finite",
                    "with rate=0 the output has NaN or infinite values (a division by rate?)",
                    "divide by the keep probability 1 - rate, never by rate",
                ),
            )
        if np.allclose(out, reference["inference"][0], rtol=RTOL, atol=0.0):
            return _passed(case, "rate=0 drops nothing and returns x, as Keras does")
        if np.any(out == 0):
            return _failed(
                case,
                (
                    "drops_at_rate_zero",
                    "drops units with rate=0: nothing should be dropped",
                    "keep a unit when u >= rate (so every unit survives when rate is 0)",
                ),
            )
        return _failed(
            case,
            ("wrong_scale", "with rate=0 the output must be x itself (nothing dropped, factor 1/(1-0) = 1)", FIX_SCALE),
        )

    for i, out in enumerate(outputs):
        problem = degenerate_problem(out, rate)
        if problem:
            return _failed(case, problem, i + 1, len(outputs))
    masks = [out != 0 for out in outputs]

    if scenario == "training":
        problem = training_problem(x, outputs[0], rate, reference["factor"], hidden)
        if problem:
            return _failed(case, problem)
        fraction = float(np.mean(~masks[0]))
        mean = float(np.mean(outputs[0] / x))
        detail = "" if hidden else f"; dropped {fraction:.1%} (rate {rate:g}), mean of out/x {mean:.3f}"
        return _passed(case, f"every output is 0 or x/(1-rate), masks element-wise{detail}")

    if scenario == "fresh":
        problem = fresh_problem(masks[:3], "with the same rng") or fresh_problem(masks[3:], "with rng=None")
        if problem:
            return _failed(case, problem)
        return _passed(case, "a new mask at every call, as Keras's Dropout draws")

    if scenario == "reproducible":
        if not np.array_equal(outputs[0], outputs[1]):
            return _failed(
                case,
                (
                    "ignores_rng",
                    "two Generators made from the same seed give different masks: the "
                    "function does not draw from the rng it is given",
                    "draw the mask from rng (rng.random(x.shape)), not from np.random or a generator of your own",
                ),
            )
        return _passed(case, "draws its mask from the rng it is given")

    raise ValueError(f"unknown scenario {scenario!r}")


MISTAKES: tuple = ()  # filled as the judge moves to a table
