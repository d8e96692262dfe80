r"""Optimizers: the student's trajectory against the Keras optimizer's, stepped on the same gradients.

The reference is the Keras optimizer itself (``keras.optimizers.Adam`` ...), stepped eagerly with
``apply_gradients`` on ``keras.Variable``\ s — never a NumPy copy of the answer. Every parameter of
a case is stepped in the same ``apply_gradients`` call, so each sees its own slots and the step
counter ``t`` it would have on its own.

Tolerance. Keras computes in float32, students usually in float64; their forms may also put
epsilon elsewhere (Kingma & Ba's Adam, Goodfellow's AdaGrad), which changes a step by about
``eps / |g|`` relative: invisible for gradients of ordinary size, which is why every case uses
them. A step ``t`` matches when ``max |w_student - w_keras| <= RTOL * scale`` plus the float32
rounding Keras's parameters carry (``tolerance``), ``scale`` being the largest distance Keras's
trajectory travels from ``w0``: real mistakes are off by a sizeable fraction of a step from the
step where they first act.

Diagnosis. A failing trajectory is compared with Keras run *with the mistake*: most mistakes are a
Keras optimizer with other hyperparameters (momentum ignored = ``SGD(momentum=0)``, swapped betas =
``Adam(beta_1=b2, beta_2=b1)``, missing ``(1 - beta_1)`` = ``Adam(lr / (1 - beta_1))``...) or with a
learning-rate schedule that undoes part of its update (no bias correction, a step counter stuck
at 1). The rest is read off the first step: a missing square root makes it shrink like ``1/|g|``,
a NaN on the first step is ``1 - beta^0 = 0``, and a parameter whose first step goes wrong only
after another parameter was stepped shares slots outside its ``state``.
"""

from __future__ import annotations

import inspect
import json
from functools import cache, lru_cache

import numpy as np

from autograder.cases import Case
from autograder.errors import TERMINAL
from autograder.exercises.optimizers.cases import materialize
from autograder.judging import CaseVerdict, error_verdict

RTOL = 1e-3

KERAS_CLASS = {"sgd": "SGD", "adagrad": "Adagrad", "rmsprop": "RMSprop", "adadelta": "Adadelta", "adam": "Adam"}
SLOTLESS = {"sgd"}  # plain SGD (no momentum) keeps nothing between steps


@cache
def keras_defaults(exercise: str) -> dict:
    """The defaults of the Keras optimizer's constructor for the arguments students implement."""
    import keras

    signature = inspect.signature(getattr(keras.optimizers, KERAS_CLASS[exercise]).__init__)
    students = {
        "sgd": ("learning_rate", "momentum", "nesterov"),
        "adagrad": ("learning_rate", "initial_accumulator_value", "epsilon"),
        "rmsprop": ("learning_rate", "rho", "momentum", "epsilon"),
        "adadelta": ("learning_rate", "rho", "epsilon"),
        "adam": ("learning_rate", "beta_1", "beta_2", "epsilon"),
    }[exercise]
    return {k: signature.parameters[k].default for k in students}


def full_hyper(case: Case) -> dict:
    return {**keras_defaults(case.exercise), **case.params["hyper"]}


# ----------------------------------------------------------------------------- Keras references


def _schedule(kind: str, lr: float, beta_1: float, beta_2: float):
    """Learning-rate schedules that turn Keras's Adam into a known mistake.

    Keras's Adam steps by ``alpha_t * m / (sqrt(v) + eps)`` with
    ``alpha_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)``, ``t = step + 1``. Multiplying the
    learning rate by ``(1 - beta_1**t) / sqrt(1 - beta_2**t)`` removes the bias correction;
    multiplying it by that ratio over its value at ``t = 1`` freezes the correction at ``t = 1``
    (a step counter that never advances).
    """
    import keras
    from keras import ops

    class _Schedule(keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            t = ops.cast(step, "float32") + 1.0
            undo = (1.0 - ops.power(beta_1, t)) / ops.sqrt(1.0 - ops.power(beta_2, t))
            if kind == "frozen":
                undo = undo * np.sqrt(1.0 - beta_2) / (1.0 - beta_1)
            return lr * undo

        def get_config(self):
            return {}

    return _Schedule()


def _optimizer(exercise: str, hyper: dict):
    import keras

    kwargs = {k: (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v) for k, v in hyper.items()}
    schedule = kwargs.pop("schedule", None)
    if schedule is not None:
        kwargs["learning_rate"] = _schedule(schedule, kwargs["learning_rate"], kwargs["beta_1"], kwargs["beta_2"])
    return getattr(keras.optimizers, KERAS_CLASS[exercise])(**kwargs)


@lru_cache(maxsize=1024)
def keras_trajectories(case: Case, hyper_json: str | None = None) -> tuple[np.ndarray, ...]:
    """Keras's trajectory of every parameter of ``case`` (arrays ``(steps, *shape)``), with the
    case's hyperparameters or, for a diagnosis, others (``hyper_json``)."""
    import keras

    inputs = materialize(case)
    hyper = json.loads(hyper_json) if hyper_json else full_hyper(case)
    optimizer = _optimizer(case.exercise, hyper)
    variables = [keras.Variable(w) for w in inputs["w0"]]
    steps = len(inputs["grads"][0])
    out = [np.zeros((steps, *w.shape)) for w in inputs["w0"]]
    for k in range(steps):
        optimizer.apply_gradients([(g[k], v) for g, v in zip(inputs["grads"], variables)])
        for p, v in enumerate(variables):
            out[p][k] = v.numpy()
    return tuple(out)


# ----------------------------------------------------------------------------- matching


F32 = float(np.finfo(np.float32).eps)


def tolerance(reference: np.ndarray, scale: float, n: int) -> np.ndarray:
    """The allowed distance to Keras at steps 1..n: ``RTOL`` of the distance the trajectory
    travels, plus what float32 cannot resolve — Keras rounds ``w`` at every step, so after ``t``
    steps its parameters may be off by about ``t/2`` units in the last place of ``|w|`` (this
    matters when the steps are tiny, e.g. Adadelta at its default learning rate)."""
    steps = np.arange(1, n + 1)
    magnitude = np.abs(reference[:n]).reshape(n, -1).max(axis=1)
    return RTOL * scale + (0.5 * steps + 2) * F32 * magnitude


def _errors(s: np.ndarray, r: np.ndarray) -> np.ndarray:
    return np.abs(s - r[: len(s)]).reshape(len(s), -1)


def first_mismatch(student: list, reference: tuple, w0: list) -> int | None:
    """The first step (1-based) where any parameter leaves the reference, ``None`` if none does.

    A trajectory cut short (the function raised) mismatches right after its last step.
    """
    scale = max(float(np.max(np.abs(r - w), initial=0.0)) for r, w in zip(reference, w0)) or 1.0
    first = None
    for s, r in zip(student, reference):
        n = len(s)
        if n:
            bad = np.flatnonzero(~(_errors(s, r).max(axis=1) <= tolerance(r, scale, n)))  # NaN counts as bad
            if bad.size:
                first = min(first or n + 1, int(bad[0]) + 1)
        if n < len(r):
            first = min(first or n + 1, n + 1)
    return first


def _mistakes(case: Case, hyper: dict) -> list[tuple[str, str, dict]]:
    """``(id, explanation, hyperparameters that make Keras commit it)`` for this case."""
    name, h = case.exercise, hyper
    lr = h["learning_rate"]
    out: list[tuple[str, str, dict]] = []
    if name == "sgd" and h["momentum"] > 0:
        out.append(
            (
                "momentum_ignored",
                "momentum is ignored: keep a velocity in `state`, m = momentum*m - learning_rate*g, then w + m",
                {**h, "momentum": 0.0, "nesterov": False},
            )
        )
        if h["nesterov"]:
            out.append(
                (
                    "nesterov_ignored",
                    "nesterov=True is ignored: Nesterov's step is w + momentum*m - learning_rate*g, with the new m",
                    {**h, "nesterov": False},
                )
            )
        else:
            out.append(
                ("nesterov_always", "applies Nesterov's correction although nesterov=False", {**h, "nesterov": True})
            )
    if name == "adagrad":
        out.append(
            (
                "accumulator_at_zero",
                "the accumulator starts at 0: Keras starts it at "
                "initial_accumulator_value (0.1 by default), so the first step is "
                "lr*g/sqrt(0.1 + g^2), not lr*sign(g)",
                {**h, "initial_accumulator_value": 0.0},
            )
        )
    if name == "rmsprop":
        rho = h["rho"]
        if h["momentum"] > 0:
            out.append(
                (
                    "momentum_ignored",
                    "momentum is ignored: with momentum, Keras keeps mom = momentum*mom + step and subtracts mom",
                    {**h, "momentum": 0.0},
                )
            )
        out.append(
            (
                "missing_one_minus_rho",
                "the average of g^2 misses its (1 - rho) factor: v = rho*v + (1 - rho)*g^2",
                {**h, "learning_rate": lr * np.sqrt(1 - rho), "epsilon": h["epsilon"] * (1 - rho)},
            )
        )
        out.append(
            (
                "rho_swapped",
                "rho and 1 - rho are swapped: v = rho*v + (1 - rho)*g^2 keeps a fraction rho of the old average",
                {**h, "rho": 1 - rho},
            )
        )
    if name == "adadelta":
        if lr != 1.0:
            out.append(
                (
                    "no_learning_rate",
                    "the step is not multiplied by learning_rate: Keras's "
                    "Adadelta has one (0.001 by default); the paper's rule is learning_rate=1.0",
                    {**h, "learning_rate": 1.0},
                )
            )
        out.append(("rho_swapped", "rho and 1 - rho are swapped in the running averages", {**h, "rho": 1 - h["rho"]}))
    if name == "adam":
        b1, b2, eps = h["beta_1"], h["beta_2"], h["epsilon"]
        out += [
            (
                "no_bias_correction",
                "no bias correction: Keras's step is lr*sqrt(1 - beta_2^t)/(1 - beta_1^t) "
                "* m/(sqrt(v) + eps), with t = 1 on the first step",
                {**h, "schedule": "undo"},
            ),
            (
                "counter_stuck",
                "the step counter never advances: t must grow by one at each call (keep it in `state`)",
                {**h, "schedule": "frozen"},
            ),
            (
                "betas_swapped",
                "beta_1 and beta_2 are swapped: m averages g with beta_1, v averages g^2 with beta_2",
                {**h, "beta_1": b2, "beta_2": b1},
            ),
            (
                "missing_one_minus_beta_1",
                "m misses its (1 - beta_1) factor: m = beta_1*m + (1 - beta_1)*g",
                {**h, "learning_rate": lr / (1 - b1)},
            ),
            (
                "missing_one_minus_beta_2",
                "v misses its (1 - beta_2) factor: v = beta_2*v + (1 - beta_2)*g^2",
                {**h, "learning_rate": lr * np.sqrt(1 - b2), "epsilon": eps * np.sqrt(1 - b2)},
            ),
            (
                "missing_one_minus_betas",
                "m and v miss their (1 - beta) factors",
                {**h, "learning_rate": lr * np.sqrt(1 - b2) / (1 - b1), "epsilon": eps * np.sqrt(1 - b2)},
            ),
        ]
    # an argument the function ignores (it keeps its default): any optimizer, any argument
    defaults = keras_defaults(name)
    for key, value in case.params["hyper"].items():
        if value != defaults[key]:
            out.append(
                (
                    f"ignores_{key}",
                    f"the `{key}` argument is ignored (the function behaves as if {key}={defaults[key]!r})",
                    {**h, key: defaults[key]},
                )
            )
    return out


def _first_step_signature(case, student, reference, w0, grads) -> tuple[str, str] | None:
    """Mistakes read off the first step of the first parameter."""
    if not len(student[0]):
        return None
    ds, dk, g = student[0][0] - w0[0], reference[0][0] - w0[0], grads[0][0]
    if not np.all(np.isfinite(ds)):
        if case.exercise == "adam":
            return (
                "counter_from_zero",
                "the first step is NaN or infinite: a step counter that starts "
                "at 0 divides by 1 - beta_1^0 = 0; Keras uses t = 1 on the first step",
            )
        return (
            "not_finite",
            "the first step is NaN or infinite (a division by zero, or the root of a negative number?)",
        )
    if np.allclose(ds, 0):
        return ("unchanged", "returns the parameters unchanged: return the updated parameters")
    mask = (np.abs(dk) > 1e-12) & (np.abs(g) > 1e-6)
    ratio = ds[mask] / dk[mask]
    if ratio.size >= 3 and np.all(ratio < 0) and np.allclose(ratio, -1, rtol=0.05):
        return ("sign_flipped", "moves uphill: the update must subtract the gradient's step")
    if ratio.size >= 3 and np.all(ratio > 0):
        slope = np.polyfit(np.log(np.abs(g[mask])), np.log(ratio), 1)[0]
        if slope < -0.5 and case.exercise != "sgd":
            return (
                "missing_sqrt",
                "a square root is missing in the denominator: the first step shrinks like 1/|g| where Keras's does not",
            )
        if np.std(np.log(ratio)) < 0.01 and abs(np.mean(ratio) - 1) > 0.01:
            return (
                "constant_factor",
                f"every first step is {np.mean(ratio):.3g} x Keras's: a constant "
                "factor is off (learning rate, a (1 - beta) factor, a bias correction?)",
            )
    return None


def _epsilon_signature(case, student, reference, w0, grads, leave) -> tuple[str, str] | None:
    """Only coordinates with tiny gradients leave Keras: epsilon enters elsewhere than in Keras."""
    if case.exercise == "sgd" or not leave:
        return None
    scale = max(float(np.max(np.abs(r - w), initial=0.0)) for r, w in zip(reference, w0)) or 1.0
    for s, r, g in zip(student, reference, grads):
        if len(s) < leave:
            continue
        err = _errors(s[:leave], r)[-1]
        bad = err > tolerance(r, scale, leave)[-1]
        if not bad.any():
            continue
        size = np.sqrt(np.mean(g[:leave].reshape(leave, -1) ** 2, axis=0))  # each coordinate's gradient size
        if bad.mean() < 0.5 and np.median(size[bad]) < 0.2 * np.median(size):
            where = (
                "inside the square root, sqrt(v + eps)"
                if case.exercise in ("rmsprop", "adagrad", "adadelta")
                else "outside the square root, sqrt(v) + eps"
            )
            return (
                "epsilon_placement",
                "only coordinates whose gradients are tiny leave Keras: epsilon enters "
                f"elsewhere than in Keras's formula (Keras: {where})",
            )
    return None


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    error = collected.get("error")
    student = [np.asarray(t, dtype=np.float64) for t in collected.get("trajectories", [])]
    if error is not None and error.get("kind") in TERMINAL:
        return error_verdict(case, error)
    reference = keras_trajectories(case)
    w0 = [np.asarray(w, dtype=np.float64) for w in inputs["w0"]]
    if len(student) != len(reference):
        return error_verdict(case, error or {"kind": "Error", "message": "returned no trajectory"})
    leave = first_mismatch(student, reference, w0)
    if leave is None and error is None:
        return CaseVerdict(case, True, "matches Keras at every step")

    hyper = full_hyper(case)
    steps = len(reference[0])
    figure = _figure(case, student, reference, w0, leave)
    mistake = None
    if error is None and len(student[0]) and not np.all(np.isfinite(student[0][0])):
        mistake = _first_step_signature(case, student, reference, w0, inputs["grads"])  # NaN from step 1
    if mistake is None and error is None:  # a mistake Keras can commit: the student's trajectory is Keras's with it
        for ident, text, variant in _mistakes(case, hyper):
            if (
                first_mismatch(
                    student, keras_trajectories(case, json.dumps(variant, sort_keys=True, default=float)), w0
                )
                is None
            ):
                mistake = (ident, text)
                break
    if mistake is None:
        mistake = _slots_outside_state(case, collected, student, reference, w0)
    if mistake is None and error is None:
        mistake = _first_step_signature(case, student, reference, w0, inputs["grads"])
    if mistake is None and error is None:
        mistake = _epsilon_signature(case, student, reference, w0, inputs["grads"], leave)
    if error is not None:
        verdict = error_verdict(case, error)
        if mistake is not None:
            verdict.message += f"; likely: {mistake[1]}"
            verdict.mistake, verdict.hint = mistake
        verdict.figure = figure
        return verdict
    where = f"leaves Keras at step {leave} of {steps}" if leave else "fails"
    if mistake is None:
        return CaseVerdict(
            case,
            False,
            where,
            figure=figure,
            hint="no known mistake matches: compare your update with the formula step by step",
        )
    return CaseVerdict(
        case, False, f"{where}; likely: {mistake[1]}", mistake=mistake[0], hint=mistake[1], figure=figure
    )


def _slots_outside_state(case, collected, student, reference, w0):
    """Slots shared between parameters (or kept from an earlier case): nothing is stored in
    ``state`` although the optimizer needs slots, or the second parameter's first step fails (or
    raises) although the first parameter's first step was right."""
    text = (
        "the slots are not kept in `state`: each parameter has its own `state` dict, empty "
        "before its first step, so parameters stepped alternately (or one after another) must "
        "not share m, v or t"
    )
    needs_slots = case.exercise not in SLOTLESS or full_hyper(case).get("momentum", 0) > 0
    keys = collected.get("state_keys") or []
    error = collected.get("error") or {}
    called = any(len(s) for s in student) or "broadcast" in error.get("message", "")
    if needs_slots and keys and not any(keys) and called:
        return ("slots_outside_state", text)
    if len(student) < 2 or not len(student[0]):
        return None
    first_ok = first_mismatch([student[0][:1]], (reference[0][:1],), [w0[0]]) is None
    second = student[1][:1]
    second_ok = len(second) == 1 and first_mismatch([second], (reference[1][:1],), [w0[1]]) is None
    if first_ok and not second_ok:
        return ("slots_outside_state", text)
    return None


def _figure(case, student, reference, w0, leave) -> dict:
    """Up to three coordinates of the first parameter that leaves: student's vs Keras's."""
    p = 0
    for i, (s, r) in enumerate(zip(student, reference)):
        if first_mismatch([s], (r,), [w0[i]]) is not None:
            p = i
            break
    size = w0[p].size
    r = reference[p].reshape(len(reference[p]), size)
    s = student[p].reshape(len(student[p]), size)
    coords = np.argsort(-np.abs(r[-1] - w0[p].ravel()))[:3]
    start = w0[p].ravel()[coords]
    return {
        "kind": "trajectory",
        "title": f"{case.exercise}: {case.shown_label()}",
        "parameter": p,
        "coords": [int(c) for c in coords],
        "keras": np.vstack([start, r[:, coords]]),
        "student": np.vstack([start, s[:, coords]]) if len(s) else start[None, :],
        "leave": leave,
    }


MISTAKES: tuple = ()  # filled as the judge moves to a table
