r"""``MyDropout``: the student's Keras layer against ``keras.layers.Dropout``.

Forward outputs are judged exactly as for the NumPy exercise (``compare.dropout``: identity at
inference, 0 or ``x/(1-rate)`` in training with Keras's factor, a dropped fraction within exact
binomial bounds at ``ALPHA = 1e-9``, element-wise masks, a new mask at every call). Two checks
are the layer's own:

- the gradient: Keras's layer passes ``upstream * mask / (1-rate)`` back to its input (checked
  here on Keras's own layer, ``keras_gradient_factor``); the student's gradient, computed by
  ``tf.GradientTape`` in the student's process, must be ``upstream * out / x`` for the output
  ``out`` of that same forward pass;
- graph mode: inside ``tf.function`` (how ``model.fit`` runs a layer) masks must still change
  from call to call; random numbers drawn with NumPy inside ``call`` are drawn once, at tracing,
  and frozen into the graph.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from autograder.cases import Case
from autograder.exercises.dropout.judge import (
    RTOL,
    degenerate_problem,
    inference_problem,
    keras_reference,
    training_problem,
)
from autograder.judging import CaseVerdict

SEED_HINT = (
    "create a keras.random.SeedGenerator in __init__ and pass it as seed= to keras.random.uniform: "
    "an integer seed draws the same numbers at every call"
)


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


def _failed(case, problem, prefix: str = "") -> CaseVerdict:
    mistake, message, hint = problem
    return CaseVerdict(case, False, prefix + message, mistake=mistake, hint=hint)


def _layer_problem(problem):
    """The NumPy exercise's wording, adapted to a layer."""
    mistake, message, hint = problem
    if mistake == "drops_at_inference":
        hint = "in call(self, inputs, training=False), give the inputs back unchanged unless training is True"
    elif mistake in ("no_rescale", "scales_by_keep", "rate_as_keep", "wrong_scale"):
        hint = (
            "in training, keep a unit where its uniform draw u >= rate and divide the kept ones by 1 - rate "
            "(keras.ops.where); u from keras.random.uniform with the layer's SeedGenerator"
        )
    elif mistake == "no_drop":
        hint = "when training is True, drop each unit whose uniform draw (keras.random.uniform) is below rate"
    elif mistake in ("shared_mask", "wrong_fraction"):
        hint = "draw one uniform value per element of the inputs (keras.random.uniform with the inputs' full shape)"
    return mistake, message, hint


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    p = case.params
    x = np.asarray(inputs["x"], dtype=np.float64)
    rate = float(inputs["rate"])
    scenario = p["scenario"]
    outputs = [np.asarray(o, dtype=np.float64) for o in collected.get("outputs", [])]
    reference = keras_reference(tuple(p["shape"]), rate, p["seed"])
    hidden = case.hidden

    if scenario == "inference":
        calls = ("layer(x), training left at its default", "training=False")
        for out, how, expected in zip(outputs, calls, reference["inference"]):
            problem = inference_problem(x, out, expected, rate, how)
            if problem:
                return _failed(case, _layer_problem(problem))
        return CaseVerdict(case, True, "returns its inputs unchanged at inference, as keras.layers.Dropout does")

    if scenario == "rate_zero":
        out = outputs[0]
        if np.all(np.isfinite(out)) and np.allclose(out, reference["inference"][0], rtol=RTOL, atol=0.0):
            return CaseVerdict(case, True, "rate=0 returns the inputs, as Keras does")
        if not np.all(np.isfinite(out)):
            return _failed(
                case,
                (
                    "not_finite",
                    "with rate=0 the output has NaN or infinite values (a division by rate?)",
                    "divide by the keep probability 1 - rate, never by rate",
                ),
            )
        return _failed(
            case,
            (
                "wrong_scale" if np.all(out != 0) else "drops_at_rate_zero",
                "with rate=0 the output must be the inputs themselves (nothing dropped, factor 1)",
                "keep a unit when u >= rate, and divide the survivors by 1 - rate",
            ),
        )

    training_outputs = outputs[:2] if scenario == "graph" else outputs
    for i, out in enumerate(training_outputs):
        problem = degenerate_problem(out, rate)
        if problem:
            where = "in a tf.function, " if scenario == "graph" else ""
            return _failed(case, _layer_problem(problem), f"{where}call {i + 1}: " if len(training_outputs) > 1 else "")

    if scenario == "training":
        problem = training_problem(x, outputs[0], rate, reference["factor"], hidden)
        if problem:
            return _failed(case, _layer_problem(problem))
        detail = "" if hidden else f"; dropped {np.mean(outputs[0] == 0):.1%} (rate {rate:g})"
        return CaseVerdict(case, True, f"every output is 0 or x/(1-rate), masks element-wise{detail}")

    if scenario == "fresh":
        masks = [o != 0 for o in outputs]
        if any(np.array_equal(a, b) for a, b in zip(masks, masks[1:])):
            return _failed(
                case,
                (
                    "same_mask",
                    "the same units are dropped at every call of the layer: dropout "
                    "needs a new mask at every forward pass",
                    SEED_HINT,
                ),
            )
        return CaseVerdict(case, True, "a new mask at every call, as keras.layers.Dropout draws")

    if scenario == "gradient":
        out = outputs[0]
        problem = training_problem(x, out, rate, reference["factor"], hidden)
        if problem:
            return _failed(case, _layer_problem(problem), "forward pass: ")
        gradient = collected.get("gradient")
        if gradient is None or not np.any(np.asarray(gradient)):
            return _failed(
                case,
                (
                    "no_gradient",
                    "no gradient flows back to the inputs through the layer",
                    "compute call() with keras.ops on the inputs (NumPy, or stop_gradient, cuts the tape)",
                ),
            )
        gradient = np.asarray(gradient, dtype=np.float64)
        upstream = np.asarray(inputs["upstream"], dtype=np.float64)
        if not keras_gradient_factor(tuple(p["shape"]), rate, p["seed"]):  # pragma: no cover - a Keras change
            raise RuntimeError("keras.layers.Dropout's gradient is no longer upstream * out / x")
        if not np.allclose(gradient, upstream * out / x, rtol=RTOL, atol=1e-7):
            if np.allclose(gradient, upstream, rtol=RTOL):
                message = "the gradient ignores the mask: it is the upstream gradient unchanged"
            else:
                message = (
                    "the gradient is not upstream * mask / (1 - rate) for the mask of the same forward pass, "
                    "as Keras's Dropout's is"
                )
            return _failed(
                case,
                (
                    "gradient_mismatch",
                    message,
                    "compute the output as a differentiable function of the inputs with one mask: "
                    "keras.ops.where(keep, inputs / (1 - rate), 0)",
                ),
            )
        return CaseVerdict(case, True, "the gradient is upstream * mask / (1 - rate), as Keras's")

    if scenario == "graph":
        for i, out in enumerate(outputs[:2]):
            problem = training_problem(x, out, rate, reference["factor"], hidden)
            if problem:
                return _failed(case, _layer_problem(problem), f"in a tf.function, call {i + 1}: ")
        if np.array_equal(outputs[0] != 0, outputs[1] != 0):
            return _failed(
                case,
                (
                    "graph_frozen",
                    "inside a tf.function (as model.fit runs the layer) the same units "
                    "are dropped at every call: random numbers drawn with NumPy, or with an integer "
                    "seed, are fixed when the function is traced",
                    "draw the mask with keras.random.uniform(..., seed=self.seed_generator), a "
                    "keras.random.SeedGenerator made in __init__",
                ),
            )
        problem = inference_problem(x, outputs[2], reference["inference"][1], rate, "training=False in a tf.function")
        if problem:
            return _failed(case, _layer_problem(problem))
        return CaseVerdict(case, True, "works inside a tf.function: fresh masks in training, identity at inference")

    raise ValueError(f"unknown scenario {scenario!r}")


MISTAKES: tuple = ()  # filled as the judge moves to a table
