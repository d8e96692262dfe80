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

Diagnosis: ``MISTAKES``, tried in order, the first row whose ``recognise(evidence)`` answers wins.
Most mistakes are a Keras optimizer with other hyperparameters (``KerasWith``: momentum ignored =
``SGD(momentum=0)``, swapped betas = ``Adam(beta_1=b2, beta_2=b1)``, missing ``(1 - beta_1)`` =
``Adam(lr / (1 - beta_1))``...) or with a learning-rate schedule that undoes part of its update (no
bias correction, a step counter stuck at 1): the student's trajectory is Keras's with the mistake.
The rest is read off the trajectories: a NaN first step (``1 - beta^0 = 0``), slots shared between
parameters, a first step that shrinks like ``1/|g|`` (a missing square root) or is a constant
multiple of Keras's, and only tiny-gradient coordinates leaving Keras (epsilon placed elsewhere).
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property, lru_cache

import numpy as np

from autograder.cases import Case
from autograder.errors import TERMINAL, ErrorKind
from autograder.exercises.optimizers import EXERCISES
from autograder.exercises.optimizers.cases import materialize
from autograder.family import Mistake
from autograder.judging import CaseVerdict, error_verdict

RTOL = 1e-3


@dataclass(frozen=True)
class Spec:
    """What the judge needs to know of one exercise besides its Keras class."""

    arguments: tuple[str, ...]  # the constructor arguments students implement, in signature order
    epsilon: str | None  # where Keras puts epsilon, in words (None: no epsilon)
    slots_need: str | None = None  # the hyperparameter without which no slot is needed (None: always)


SPECS = {
    "sgd": Spec(("learning_rate", "momentum", "nesterov"), epsilon=None, slots_need="momentum"),
    "adagrad": Spec(
        ("learning_rate", "initial_accumulator_value", "epsilon"),
        epsilon="inside the square root, to the accumulator",
    ),
    "rmsprop": Spec(
        ("learning_rate", "rho", "momentum", "epsilon"), epsilon="inside the square root, to the running average"
    ),
    "adadelta": Spec(("learning_rate", "rho", "epsilon"), epsilon="inside both square roots, to the running averages"),
    "adam": Spec(("learning_rate", "beta_1", "beta_2", "epsilon"), epsilon="to the square root of v, outside the root"),
}

KERAS_CLASS = {e.name: e.keras_reference.rsplit(".", 1)[1] for e in EXERCISES}


@cache
def keras_defaults(exercise: str) -> dict:
    """The defaults of the Keras optimizer's constructor for the arguments students implement."""
    import keras

    signature = inspect.signature(getattr(keras.optimizers, KERAS_CLASS[exercise]).__init__)
    return {k: signature.parameters[k].default for k in SPECS[exercise].arguments}


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


def _travel(reference, w0) -> float:
    """The largest distance Keras's trajectory travels from ``w0``: the scale of ``RTOL``."""
    return max(float(np.max(np.abs(r - w), initial=0.0)) for r, w in zip(reference, w0)) or 1.0


def first_mismatch(student: list, reference: tuple, w0: list) -> int | None:
    """The first step (1-based) where any parameter leaves the reference, ``None`` if none does.

    A trajectory cut short (the function raised) mismatches right after its last step.
    """
    scale = _travel(reference, w0)
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


# ----------------------------------------------------------------------------- evidence


@dataclass(frozen=True)
class FirstStep:
    """The first step of the first parameter: the student's, Keras's, and the gradient."""

    student: np.ndarray
    keras: np.ndarray
    grad: np.ndarray

    @cached_property
    def _clear(self) -> np.ndarray:
        """The coordinates where Keras's step and the gradient are clearly nonzero."""
        return (np.abs(self.keras) > 1e-12) & (np.abs(self.grad) > 1e-6)

    @cached_property
    def ratio(self) -> np.ndarray:
        """Student's step over Keras's, on the clear coordinates."""
        return self.student[self._clear] / self.keras[self._clear]

    @cached_property
    def slope(self) -> float:
        """How the ratio grows with ``|g|`` on a log-log scale (-1: it shrinks like ``1/|g|``)."""
        return np.polyfit(np.log(np.abs(self.grad[self._clear])), np.log(self.ratio), 1)[0]


@dataclass
class Evidence:
    """What the recognisers read for a case that leaves Keras: the student's trajectories (cut
    short when the function raised), Keras's, and the error if there was one."""

    case: Case
    collected: dict
    student: list[np.ndarray]
    reference: tuple[np.ndarray, ...]
    w0: list[np.ndarray]
    grads: list[np.ndarray]
    leave: int | None

    @property
    def error(self) -> dict | None:
        return self.collected.get("error")

    @cached_property
    def hyper(self) -> dict:
        return full_hyper(self.case)

    def follows(self, hyper: dict) -> bool:
        """Whether the whole trajectory is Keras's with the hyperparameters ``hyper``."""
        if self.error is not None:
            return False
        variant = keras_trajectories(self.case, json.dumps(hyper, sort_keys=True, default=float))
        return first_mismatch(self.student, variant, self.w0) is None

    @cached_property
    def first_step(self) -> FirstStep | None:
        """The first parameter's first step, when the function ran to the end."""
        if self.error is not None or not len(self.student[0]):
            return None
        w0 = self.w0[0]
        return FirstStep(self.student[0][0] - w0, self.reference[0][0] - w0, self.grads[0][0])


# ----------------------------------------------------------------------------- recognisers
# Each takes the ``Evidence`` and returns ``None`` (not this mistake) or the values its message
# and hint are written with (``{}`` when they need none).


@dataclass(frozen=True)
class KerasWith:
    """The mistake is Keras with other hyperparameters: ``transform(hyper)`` gives them (``None``:
    the case cannot show it), and the student's whole trajectory must be Keras's with them."""

    transform: Callable[[dict], dict | None]

    def __call__(self, ev: Evidence) -> dict | None:
        variant = self.transform(ev.hyper)
        return {} if variant is not None and ev.follows(variant) else None


def _keeping_default(key: str) -> Callable[[Evidence], dict | None]:
    """Keras with ``key`` at its default value follows the student: the argument is ignored."""

    def recognise(ev: Evidence) -> dict | None:
        default = keras_defaults(ev.case.exercise)[key]
        if ev.hyper[key] != default and ev.follows({**ev.hyper, key: default}):
            return {"default": repr(default)}
        return None

    return recognise


def _not_finite(ev: Evidence) -> dict | None:
    step = ev.first_step
    return {} if step is not None and not np.all(np.isfinite(step.student)) else None


def _unchanged(ev: Evidence) -> dict | None:
    step = ev.first_step
    return {} if step is not None and np.allclose(step.student, 0) else None


def _sign_flipped(ev: Evidence) -> dict | None:
    ratio = ev.first_step.ratio if ev.first_step is not None else np.empty(0)
    return {} if ratio.size >= 3 and np.all(ratio < 0) and np.allclose(ratio, -1, rtol=0.05) else None


def _positive_ratio(ev: Evidence) -> bool:
    """Enough coordinates to read the first step's ratio, all of them moving the right way."""
    step = ev.first_step
    return step is not None and step.ratio.size >= 3 and bool(np.all(step.ratio > 0))


def _shrinks_like_one_over_g(ev: Evidence) -> dict | None:
    return {} if _positive_ratio(ev) and ev.first_step.slope < -0.5 else None


def _constant_factor(ev: Evidence) -> dict | None:
    if not _positive_ratio(ev):
        return None
    ratio = ev.first_step.ratio
    if np.std(np.log(ratio)) < 0.01 and abs(np.mean(ratio) - 1) > 0.01:
        return {"factor": f"{np.mean(ratio):.3g}"}
    return None


def _slots_outside_state(ev: Evidence) -> dict | None:
    """Slots shared between parameters (or kept from an earlier case): nothing is stored in
    ``state`` although the optimizer needs slots, or the second parameter's first step fails (or
    raises) although the first parameter's first step was right. Read also when the function raised."""
    needed_by = SPECS[ev.case.exercise].slots_need
    needs_slots = needed_by is None or ev.hyper.get(needed_by, 0) > 0
    keys = ev.collected.get("state_keys") or []
    error = ev.error or {}
    called = any(len(s) for s in ev.student) or "broadcast" in error.get("message", "")
    if needs_slots and keys and not any(keys) and called:
        return {}
    student, reference, w0 = ev.student, ev.reference, ev.w0
    if len(student) < 2 or not len(student[0]):
        return None
    first_ok = first_mismatch([student[0][:1]], (reference[0][:1],), [w0[0]]) is None
    second = student[1][:1]
    second_ok = len(second) == 1 and first_mismatch([second], (reference[1][:1],), [w0[1]]) is None
    return {} if first_ok and not second_ok else None


def _only_tiny_gradients_leave(ev: Evidence) -> dict | None:
    """At the step where the trajectory leaves, fewer than half the coordinates are off and
    their gradients are small next to the others': epsilon enters elsewhere than in Keras."""
    leave = ev.leave
    if ev.error is not None or not leave:
        return None
    scale = _travel(ev.reference, ev.w0)
    for s, r, g in zip(ev.student, ev.reference, ev.grads):
        if len(s) < leave:
            continue
        bad = _errors(s[:leave], r)[-1] > tolerance(r, scale, leave)[-1]
        if not bad.any():
            continue
        size = np.sqrt(np.mean(g[:leave].reshape(leave, -1) ** 2, axis=0))  # each coordinate's gradient size
        if bad.mean() < 0.5 and np.median(size[bad]) < 0.2 * np.median(size):
            return {"where": SPECS[ev.case.exercise].epsilon}
    return None


# ----------------------------------------------------------------------------- the mistake table


def _row(ident, recognised_by, message, hint, recognise, exercises=()) -> Mistake:
    return Mistake(ident, recognised_by, message, hint, recognise, frozenset(exercises))


def _ignored(key: str) -> Mistake:
    return _row(
        f"ignores_{key}",
        f"Keras with `{key}` at its default follows the trajectory",
        f"the `{key}` argument is ignored (the function behaves as if {key}={{default}})",
        f"use the `{key}` the function is called with: the checks pass other values than Keras's default {{default}}",
        _keeping_default(key),
        (name for name, spec in SPECS.items() if key in spec.arguments),
    )


def _sgd_momentum(h):
    return h["momentum"] > 0


def _missing_one_minus_beta_2(h, lr_factor=1.0):
    root = np.sqrt(1 - h["beta_2"])
    return {**h, "learning_rate": h["learning_rate"] * root * lr_factor, "epsilon": h["epsilon"] * root}


ALL_BUT_ADAM = ("sgd", "adagrad", "rmsprop", "adadelta")
WITH_ROOT = ("adagrad", "rmsprop", "adadelta", "adam")

MISTAKES: tuple[Mistake, ...] = (
    # a NaN on the first step, before anything else: no Keras variant is NaN
    _row(
        "counter_from_zero",
        "the first step is NaN or infinite",
        "the first step is NaN or infinite: the step counter starts at 0",
        "count the steps from 1: Keras's first step uses t = 1, and a counter at 0 makes the bias correction "
        "divide by zero",
        _not_finite,
        ["adam"],
    ),
    _row(
        "not_finite",
        "the first step is NaN or infinite",
        "the first step is NaN or infinite",
        "look for a division by zero or the square root of a negative number: Keras's steps are finite for "
        "every gradient",
        _not_finite,
        ALL_BUT_ADAM,
    ),
    # Keras commits the mistake with other hyperparameters
    _row(
        "momentum_ignored",
        "SGD(momentum=0) follows the trajectory",
        "momentum is ignored",
        "with momentum > 0, keep a velocity in `state` that decays by `momentum` and takes away the gradient "
        "times the learning rate at each step, then move the parameters by that velocity, as Keras's SGD does",
        KerasWith(lambda h: {**h, "momentum": 0.0, "nesterov": False} if _sgd_momentum(h) else None),
        ["sgd"],
    ),
    _row(
        "nesterov_ignored",
        "SGD(nesterov=False) follows a nesterov=True trajectory",
        "nesterov=True is ignored",
        "with nesterov=True Keras looks ahead: once the velocity is updated, it moves by the new velocity "
        "times `momentum`, minus the gradient times the learning rate, instead of by the velocity itself",
        KerasWith(lambda h: {**h, "nesterov": False} if _sgd_momentum(h) and h["nesterov"] else None),
        ["sgd"],
    ),
    _row(
        "nesterov_always",
        "SGD(nesterov=True) follows a nesterov=False trajectory",
        "applies Nesterov's correction although nesterov=False",
        "with nesterov=False Keras moves by the velocity itself: the look-ahead step is for nesterov=True only",
        KerasWith(lambda h: {**h, "nesterov": True} if _sgd_momentum(h) and not h["nesterov"] else None),
        ["sgd"],
    ),
    _row(
        "accumulator_at_zero",
        "Adagrad(initial_accumulator_value=0) follows the trajectory",
        "the accumulator starts at 0",
        "Keras starts each accumulator at `initial_accumulator_value` (0.1 by default), not at 0: its first step "
        "is shorter than the learning rate, not a full learning rate in the direction of the gradient's sign",
        KerasWith(lambda h: {**h, "initial_accumulator_value": 0.0}),
        ["adagrad"],
    ),
    _row(
        "momentum_ignored",
        "RMSprop(momentum=0) follows the trajectory",
        "momentum is ignored",
        "with momentum > 0, Keras keeps a second slot in `state` that decays by `momentum` and adds each "
        "RMSprop increment, and subtracts that slot from the parameters instead of the increment",
        KerasWith(lambda h: {**h, "momentum": 0.0} if h["momentum"] > 0 else None),
        ["rmsprop"],
    ),
    _row(
        "missing_one_minus_rho",
        "RMSprop with lr*sqrt(1 - rho) and eps*(1 - rho) follows the trajectory (v is 1/(1 - rho) too large)",
        "the average of the squared gradients misses its (1 - rho) weight",
        "the running average keeps a fraction rho of its old value and adds the squared gradient weighted by "
        "1 - rho: without that weight it grows to about 1/(1 - rho) times Keras's",
        KerasWith(
            lambda h: {
                **h,
                "learning_rate": h["learning_rate"] * np.sqrt(1 - h["rho"]),
                "epsilon": h["epsilon"] * (1 - h["rho"]),
            }
        ),
        ["rmsprop"],
    ),
    _row(
        "rho_swapped",
        "RMSprop(rho=1 - rho) follows the trajectory",
        "rho and 1 - rho are swapped",
        "rho is the fraction of the old average that is kept; the new squared gradient gets the weight 1 - rho",
        KerasWith(lambda h: {**h, "rho": 1 - h["rho"]}),
        ["rmsprop"],
    ),
    _row(
        "no_learning_rate",
        "Adadelta(learning_rate=1.0) follows the trajectory",
        "the step is not multiplied by learning_rate",
        "Keras's Adadelta multiplies its step by `learning_rate` (0.001 by default); the paper's rule, which "
        "has none, is Keras's with learning_rate=1.0",
        KerasWith(lambda h: {**h, "learning_rate": 1.0} if h["learning_rate"] != 1.0 else None),
        ["adadelta"],
    ),
    _row(
        "rho_swapped",
        "Adadelta(rho=1 - rho) follows the trajectory",
        "rho and 1 - rho are swapped in the running averages",
        "both running averages keep a fraction rho of their old value and add the new squared term weighted by 1 - rho",
        KerasWith(lambda h: {**h, "rho": 1 - h["rho"]}),
        ["adadelta"],
    ),
    _row(
        "no_bias_correction",
        "Adam with a schedule that undoes the bias correction follows the trajectory",
        "no bias correction",
        "m and v start at zero, so Keras corrects their bias: the learning rate is divided by 1 - beta_1 to "
        "the power t and multiplied by the square root of 1 - beta_2 to the power t, with t = 1 on the first step",
        KerasWith(lambda h: {**h, "schedule": "undo"}),
        ["adam"],
    ),
    _row(
        "counter_stuck",
        "Adam with a schedule that freezes the bias correction at t = 1 follows the trajectory",
        "the step counter never advances",
        "keep the step counter t in `state` and add one at each call: Keras's bias correction uses t = 1 on "
        "the first step, 2 on the second, and so on",
        KerasWith(lambda h: {**h, "schedule": "frozen"}),
        ["adam"],
    ),
    _row(
        "betas_swapped",
        "Adam(beta_1=beta_2, beta_2=beta_1) follows the trajectory",
        "beta_1 and beta_2 are swapped",
        "beta_1 is the decay of m, the average of the gradients, and beta_2 the decay of v, the average of "
        "the squared gradients, in the bias correction too",
        KerasWith(lambda h: {**h, "beta_1": h["beta_2"], "beta_2": h["beta_1"]}),
        ["adam"],
    ),
    _row(
        "missing_one_minus_beta_1",
        "Adam with lr/(1 - beta_1) follows the trajectory (m is 1/(1 - beta_1) too large)",
        "m misses its (1 - beta_1) weight",
        "m keeps a fraction beta_1 of its old value and adds the gradient weighted by 1 - beta_1",
        KerasWith(lambda h: {**h, "learning_rate": h["learning_rate"] / (1 - h["beta_1"])}),
        ["adam"],
    ),
    _row(
        "missing_one_minus_beta_2",
        "Adam with lr and eps times sqrt(1 - beta_2) follows the trajectory (v is 1/(1 - beta_2) too large)",
        "v misses its (1 - beta_2) weight",
        "v keeps a fraction beta_2 of its old value and adds the squared gradient weighted by 1 - beta_2",
        KerasWith(_missing_one_minus_beta_2),
        ["adam"],
    ),
    _row(
        "missing_one_minus_betas",
        "Adam with both of the two rows above follows the trajectory",
        "m and v miss their (1 - beta) weights",
        "each average keeps a fraction of its old value (beta_1 for m, beta_2 for v) and adds the new term "
        "weighted by one minus that fraction",
        KerasWith(lambda h: _missing_one_minus_beta_2(h, 1 / (1 - h["beta_1"]))),
        ["adam"],
    ),
    # an argument the function ignores (it keeps its default); momentum and nesterov are not here:
    # ignoring them is Keras with momentum 0 or without Nesterov, named by the rows above
    _ignored("learning_rate"),
    _ignored("initial_accumulator_value"),
    _ignored("rho"),
    _ignored("beta_1"),
    _ignored("beta_2"),
    _ignored("epsilon"),
    # read off the trajectories
    _row(
        "slots_outside_state",
        "nothing in `state` although slots are needed, or only the second parameter's first step is off",
        "the slots are not kept in `state`",
        "each parameter has its own `state` dict, empty before its first step: keep the averages and the step "
        "counter there, not in global variables, so that parameters stepped alternately (or one after "
        "another) do not share them",
        _slots_outside_state,
    ),
    _row(
        "unchanged",
        "the first step is zero",
        "returns the parameters unchanged",
        "return the updated parameters: an update made on a copy, or only in `state`, does not count",
        _unchanged,
    ),
    _row(
        "sign_flipped",
        "the first step is minus Keras's",
        "moves uphill",
        "an optimizer steps against the gradient: subtract the step from the parameters, as Keras does",
        _sign_flipped,
    ),
    _row(
        "missing_sqrt",
        "the first step's ratio to Keras's falls like 1/|g| across coordinates",
        "a square root is missing in the denominator",
        "the step divides by the square root of the accumulated squared gradients: without the root, the first "
        "step shrinks like 1/|g| where Keras's does not",
        _shrinks_like_one_over_g,
        WITH_ROOT,
    ),
    _row(
        "constant_factor",
        "the first step is the same multiple of Keras's on every coordinate",
        "every first step is {factor} x Keras's",
        "a constant factor is off in the step: check the learning rate, the (1 - beta) weights and the bias correction",
        _constant_factor,
    ),
    _row(
        "epsilon_placement",
        "only coordinates with tiny gradients leave Keras",
        "only coordinates whose gradients are tiny leave Keras",
        "epsilon enters elsewhere than in Keras's formula: Keras adds it {where}",
        _only_tiny_gradients_leave,
        WITH_ROOT,
    ),
)


# ----------------------------------------------------------------------------- the verdict


def diagnose(ev: Evidence) -> tuple[Mistake, dict] | None:
    """The first row of ``MISTAKES`` that recognises the case, with the values of its text."""
    for mistake in MISTAKES:
        if mistake.applies_to(ev.case.exercise):
            values = mistake.recognise(ev)
            if values is not None:
                return mistake, values
    return None


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    error = collected.get("error")
    student = [np.asarray(t, dtype=np.float64) for t in collected.get("trajectories", [])]
    if error is not None and error.get("kind") in TERMINAL:
        return error_verdict(case, error)
    reference = keras_trajectories(case)
    w0 = [np.asarray(w, dtype=np.float64) for w in inputs["w0"]]
    if len(student) != len(reference):
        return error_verdict(case, error or {"kind": ErrorKind.ERROR, "message": "returned no trajectory"})
    leave = first_mismatch(student, reference, w0)
    if leave is None and error is None:
        return CaseVerdict(case, True, "matches Keras at every step")
    ev = Evidence(case, collected, student, reference, w0, inputs["grads"], leave)
    return _failed(ev, diagnose(ev), _figure(case, student, reference, w0, leave))


def _failed(ev: Evidence, found: tuple[Mistake, dict] | None, figure: dict) -> CaseVerdict:
    """The verdict on a case that leaves Keras (or raised), naming the mistake ``found``."""
    mistake, message, hint = None, None, None
    if found is not None:
        row, values = found
        mistake, message, hint = row.id, row.message.format(**values), row.hint.format(**values)
    if ev.error is not None:
        verdict = error_verdict(ev.case, ev.error)
        if mistake is not None:
            verdict.message += f"; likely: {message}"
            verdict.mistake, verdict.hint = mistake, hint
        verdict.figure = figure
        return verdict
    where = f"leaves Keras at step {ev.leave} of {len(ev.reference[0])}" if ev.leave else "fails"
    if mistake is None:
        hint = "no known mistake matches: compare your update with the formula step by step"
        return CaseVerdict(ev.case, False, where, figure=figure, hint=hint)
    return CaseVerdict(ev.case, False, f"{where}; likely: {message}", mistake=mistake, hint=hint, figure=figure)


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
