r"""``MyDropout``: the student's Keras layer against ``keras.layers.Dropout``.

Forward outputs are judged by the NumPy exercise's stages (``dropout.judge``: identity at
inference, 0 or ``x/(1-rate)`` in training with Keras's factor, a dropped fraction within exact
binomial bounds at ``ALPHA = 1e-9``, element-wise masks), with the same rows and hints that speak
of a layer; its ``"inference"``, ``"training"``, ``"fresh"`` and ``"rate_zero"`` cases by the NumPy
exercise's verdicts, in a layer's words. The layer's own rows:

- a new mask at every call of the same layer (its ``SeedGenerator`` advances);
- the gradient: Keras's layer passes ``upstream * mask / (1-rate)`` back to its input (checked
  here on Keras's own layer, ``keras_gradient_factor``); the student's gradient, computed by
  ``tf.GradientTape`` in the student's process, must be ``upstream * out / x`` for the output
  ``out`` of that same forward pass;
- graph mode: inside ``tf.function`` (how ``model.fit`` runs a layer) masks must still change
  from call to call; random numbers drawn with NumPy inside ``call`` are drawn once, at tracing,
  and frozen into the graph.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache, partial

import numpy as np

from autograder.cases import Case
from autograder.exercises.dropout import judge as forward
from autograder.exercises.dropout.judge import RTOL, Recognise, Run, repeats
from autograder.family import Mistake
from autograder.judging import CaseVerdict


@lru_cache(maxsize=64)
def keras_gradient_factor(shape: tuple, rate: float, seed: int) -> bool:
    """True when Keras's own Dropout passes ``upstream * out / x`` back (the relation the
    student's gradient is held to)."""
    import keras
    import tensorflow as tf

    from autograder.exercises.dropout.cases import activations

    x = tf.constant(activations(shape, seed))
    w = tf.constant(activations(shape, seed + 5000))
    layer = keras.layers.Dropout(rate, seed=seed)
    with tf.GradientTape() as tape:
        tape.watch(x)
        y = layer(x, training=True)
        loss = tf.reduce_sum(y * w)
    g = tape.gradient(loss, x).numpy().astype(np.float64)
    return bool(np.allclose(g, w.numpy() * y.numpy() / x.numpy(), rtol=RTOL, atol=0.0))


@dataclass
class Gradient:
    """The gradient the student's layer passed back for ``sum(upstream * out)``, ``None`` when none flows."""

    gradient: np.ndarray | None
    upstream: np.ndarray
    expected: np.ndarray  # upstream * out / x, as Keras's Dropout passes back

    @property
    def flows(self) -> bool:
        return self.gradient is not None and bool(np.any(self.gradient))


# ----------------------------------------------------------------------------- the mistake table

# The NumPy exercise's forward stages apply to the layer as they are; these hints say it with keras.ops.
SHARED_STAGES = ("inference", "degenerate", *forward.TRAINING_STAGES)
SCALE_HINT = (
    "in training, keep each unit whose uniform draw (keras.random.uniform with the layer's SeedGenerator) is "
    "at least rate, divide the kept units by the keep probability 1 - rate and set the others to 0"
)
DRAW_HINT = "draw one uniform value per element of the inputs (keras.random.uniform with the inputs' full shape)"
LAYER_HINTS = {
    "drops_at_inference": (
        "in call, give the inputs back unchanged unless training is True: Keras's Dropout is the identity at inference"
    ),
    "no_rescale": SCALE_HINT,
    "scales_by_keep": SCALE_HINT,
    "rate_as_keep": SCALE_HINT,
    "wrong_scale": SCALE_HINT,
    "no_drop": "when training is True, drop each unit whose uniform draw (keras.random.uniform) is below rate",
    "shared_mask": DRAW_HINT,
    "wrong_fraction": DRAW_HINT,
    "normal_draws": DRAW_HINT,
    "mask_reversed": SCALE_HINT,
}
GRADIENT_HINT = (
    "compute the output from the inputs with keras.ops and one mask, the same forward and backward: Keras "
    "passes back the upstream gradient times the mask, divided by 1 - rate"
)
RATE_ZERO_MESSAGE = "with rate=0 the output must be the inputs themselves (nothing dropped, factor 1)"
RATE_ZERO_HINT = (
    "keep each unit whose uniform draw is at least rate and divide the kept units by 1 - rate: with rate 0 "
    "nothing is dropped and the factor is 1"
)

MISTAKES: tuple[Mistake, ...] = (
    *(replace(m, hint=LAYER_HINTS.get(m.id, m.hint)) for m in forward.MISTAKES if m.recognise.stage in SHARED_STAGES),
    Mistake(
        "same_mask",
        "two consecutive training calls of one layer drop the same units",
        "the same units are dropped at every call of the layer: dropout needs a new mask at every forward pass",
        "make a keras.random.SeedGenerator in __init__ and draw with it as the seed: it advances at every call, "
        "while an integer seed draws the same numbers every time",
        Recognise("fresh", repeats),
    ),
    Mistake(
        "no_gradient",
        "the tape gives no gradient, or only zeros, for the inputs",
        "no gradient flows back to the inputs through the layer",
        "compute call() with keras.ops on the inputs (NumPy, or stop_gradient, cuts the tape)",
        Recognise("gradient", lambda g: not g.flows),
    ),
    Mistake(
        "gradient_mismatch",
        "the gradient equals the upstream gradient",
        "the gradient ignores the mask: it is the upstream gradient unchanged",
        GRADIENT_HINT,
        Recognise("gradient", lambda g: np.allclose(g.gradient, g.upstream, rtol=RTOL)),
    ),
    Mistake(
        "gradient_mismatch",
        "any other gradient than upstream * out / x",
        "the gradient is not upstream * mask / (1 - rate) for the mask of the same forward pass, as Keras's "
        "Dropout's is",
        GRADIENT_HINT,
        Recognise("gradient"),
    ),
    Mistake(
        "graph_frozen",
        "in a tf.function, the two training calls drop the same units",
        "inside a tf.function (as model.fit runs the layer) the same units are dropped at every call: random "
        "numbers drawn with NumPy, or with an integer seed, are fixed when the function is traced",
        "draw the mask with keras.random.uniform seeded by a keras.random.SeedGenerator made in __init__: NumPy's "
        "random numbers become constants when tf.function traces the layer",
        Recognise("graph", repeats),
    ),
    # with rate 0, the NumPy exercise's rows; those that say what the output must be say it of a layer
    *(
        m if m.id == "not_finite" else replace(m, message=RATE_ZERO_MESSAGE, hint=RATE_ZERO_HINT)
        for m in forward.MISTAKES
        if m.recognise.stage == "rate_zero"
    ),
)


# ----------------------------------------------------------------------------- the verdict


def _gradient(run: Run) -> CaseVerdict:
    if verdict := run.check_training(run.outputs, prefix="forward pass: "):
        return verdict
    p, o = run.case.params, run.outputs[0]
    if not keras_gradient_factor(tuple(p["shape"]), o.rate, p["seed"]):  # pragma: no cover - a Keras change
        raise RuntimeError("keras.layers.Dropout's gradient is no longer upstream * out / x")
    gradient = run.collected.get("gradient")
    upstream = np.asarray(run.inputs["upstream"], dtype=np.float64)
    reading = Gradient(
        None if gradient is None else np.asarray(gradient, dtype=np.float64), upstream, upstream * o.out / o.x
    )
    return run.check("gradient", reading) or run.passed("the gradient is upstream * mask / (1 - rate), as Keras's")


def _graph(run: Run) -> CaseVerdict:
    trained, inferred = run.outputs[:2], run.outputs[2]
    inferred.how, inferred.expected = "training=False in a tf.function", run.reference["inference"][1]
    return (
        run.check_training(trained, where="in a tf.function, ")
        or run.check("graph", trained)
        or run.check("inference", inferred)
        or run.passed("works inside a tf.function: fresh masks in training, identity at inference")
    )


PASSES = {
    **forward.PASSES,
    "gradient": lambda g: g.flows and np.allclose(g.gradient, g.expected, rtol=RTOL, atol=1e-7),
}
SCENARIOS = {
    "inference": partial(
        forward.inference,
        hows=("layer(x), training left at its default", "training=False"),
        says="returns its inputs unchanged at inference, as keras.layers.Dropout does",
    ),
    "rate_zero": partial(forward.rate_zero, says="rate=0 returns the inputs, as Keras does"),
    "training": partial(forward.training, mean=False),
    "fresh": partial(forward.fresh, says="a new mask at every call, as keras.layers.Dropout draws"),
    "gradient": _gradient,
    "graph": _graph,
}


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    run = Run.start(MISTAKES, case, inputs, collected, PASSES)
    return SCENARIOS[case.params["scenario"]](run)
