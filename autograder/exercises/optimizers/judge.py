r"""Optimizers: the student's trajectory against the Keras optimizer's, stepped on the same gradients.

The reference is the Keras optimizer itself (``keras.optimizers.Adam`` ...), stepped eagerly with
``apply_gradients`` on ``keras.Variable``\ s — never a NumPy copy of the answer. Every parameter of
a case is stepped in the same ``apply_gradients`` call, so each sees its own slots and the step
counter ``t`` it would have on its own.

Tolerance. Keras computes in float32, students usually in float64. A step ``t`` matches when
``max |w_student - w_keras| <= RTOL * scale`` plus the float32 rounding Keras's parameters carry
(``tolerance``), ``scale`` being the largest distance Keras's trajectory travels from ``w0``: real
mistakes are off by a sizeable fraction of a step from the step where they first act.

Epsilon's place. The books put epsilon in other places than Keras (outside the square root in
Goodfellow et al.'s AdaGrad and PyTorch's RMSprop, after the bias correction in Kingma & Ba's
Adam...): the same algorithm, which changes a step by about ``eps / (2 v)`` relative, ``v`` the
average of the squared gradients — nothing for gradients of ordinary size, more than ``RTOL`` where
``v`` is small (RMSprop's ``v`` is about ``(1 - rho) g**2``; the digits-MLP gradients have
coordinates of 5e-3). So each coordinate's tolerance also allows, step by step, the exact change
of its step when epsilon moves to another textbook place, read off Keras's own slots
(``keras_run``); a trajectory that needs that allowance passes with a note. A different algorithm
still fails: the allowance is negligible wherever ``v`` is not small next to epsilon.

Diagnosis: ``MISTAKES``, tried in order, the first row whose ``recognise(evidence)`` answers wins.
Most mistakes are a Keras optimizer with other hyperparameters (``KerasWith``: momentum ignored =
``SGD(momentum=0)``, swapped betas = ``Adam(beta_1=b2, beta_2=b1)``, missing ``(1 - beta_1)`` =
``Adam(lr / (1 - beta_1))``, arguments stuck at common values...) or with a learning-rate schedule
that changes its bias correction (none, a counter stuck at 1 or one ahead, ``beta**2`` for
``beta**t``, one average corrected only): the student's whole trajectory is Keras's with the
mistake. The rest is read off the trajectories: a NaN first step (everywhere: ``1 - beta^0 = 0``),
slots shared between parameters, Nesterov with the updated velocity (stepped here on the case's
gradients), a first step that shrinks like ``1/|g|`` (a missing square root), or every step the
same multiple of Keras's (a constant factor).
"""

from __future__ import annotations

import inspect
import itertools
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
    denominator: str | None = None  # Keras's slot under the square root epsilon is added to (None: no other place)


SPECS = {
    "sgd": Spec(("learning_rate", "momentum", "nesterov"), epsilon=None, slots_need="momentum"),
    "adagrad": Spec(
        ("learning_rate", "initial_accumulator_value", "epsilon"),
        epsilon="inside the square root, to the accumulator",
        denominator="_accumulators",
    ),
    "rmsprop": Spec(
        ("learning_rate", "rho", "momentum", "epsilon"),
        epsilon="inside the square root, to the running average",
        denominator="_velocities",
    ),
    "adadelta": Spec(("learning_rate", "rho", "epsilon"), epsilon="inside both square roots, to the running averages"),
    "adam": Spec(
        ("learning_rate", "beta_1", "beta_2", "epsilon"),
        epsilon="to the square root of v, outside the root, before the bias correction",
        denominator="_velocities",
    ),
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


# The exponents of beta_1 and beta_2 in a bias correction, as functions of Keras's step t
# (``None``: that average is not corrected): Keras's own, and the known mistakes'.
EXPONENTS = {
    "keras": ("t", "t"),
    "undo": (None, None),  # no bias correction
    "frozen": ("1", "1"),  # a step counter that never advances
    "shifted": ("t+1", "t+1"),  # a step counter that starts at 2
    "beta_1_squared": ("2", "t"),  # beta_1**2 written for beta_1**t
    "beta_2_squared": ("t", "2"),
    "betas_squared": ("2", "2"),
    "only_m": ("t", None),  # only one of the averages corrected
    "only_v": (None, "t"),
}


def _exponents(kind: str) -> tuple:
    """``EXPONENTS[kind]``, and ``frozen_at_<k>``: a step counter that stops at ``k``."""
    if kind.startswith("frozen_at_"):
        step = int(kind.removeprefix("frozen_at_"))
        return (f"min(t,{step})", f"min(t,{step})")
    return EXPONENTS[kind]


def _correction(exponents, beta_1, beta_2, t):
    """The factor ``sqrt(1 - beta_2**e2) / (1 - beta_1**e1)`` Adam's step gets from its bias
    correction, with the exponents ``exponents`` (a pair from ``EXPONENTS``) at step ``t``."""
    from keras import ops

    def power(beta, exponent):
        if exponent.startswith("min(t,"):  # a counter that stops advancing after step k
            return ops.power(beta, ops.minimum(t, float(exponent[len("min(t,") : -1])))
        e = {"t": t, "t+1": t + 1.0, "1": 1.0, "2": 2.0}[exponent]
        return ops.power(beta, e)

    e1, e2 = exponents
    factor = 1.0 if e1 is None else 1.0 / (1.0 - power(beta_1, e1))
    return factor if e2 is None else factor * ops.sqrt(1.0 - power(beta_2, e2))


def _schedule(kind: str, lr: float, beta_1: float, beta_2: float):
    """A learning-rate schedule that turns Keras's Adam into a known mistake of its bias correction.

    Keras's Adam steps by ``alpha_t * m / (sqrt(v) + eps)`` with
    ``alpha_t = lr * sqrt(1 - beta_2**t) / (1 - beta_1**t)``, ``t = step + 1``. Multiplying the
    learning rate by the correction the mistake applies (``EXPONENTS[kind]``) over Keras's makes
    Keras step as the mistake does: without any correction, with a counter frozen at 1 or
    starting at 2, with ``beta**2`` for ``beta**t``, or with one average corrected only.
    """
    import keras
    from keras import ops

    class _Schedule(keras.optimizers.schedules.LearningRateSchedule):
        def __call__(self, step):
            t = ops.cast(step, "float32") + 1.0
            mistaken = _correction(_exponents(kind), beta_1, beta_2, t)
            return lr * mistaken / _correction(EXPONENTS["keras"], beta_1, beta_2, t)

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


@dataclass(frozen=True)
class Reference:
    """Keras's trajectory of every parameter (arrays ``(steps, *shape)``) and, per coordinate and
    step, how far a textbook placement of epsilon may take a trajectory from it (``allowance``,
    arrays ``(steps, size)``; zeros for the optimizers with no other place)."""

    trajectories: tuple[np.ndarray, ...]
    allowance: tuple[np.ndarray, ...]


def _denominators(exercise: str, v: np.ndarray, eps: float, t: int, hyper: dict) -> tuple[np.ndarray, list]:
    """Keras's denominator of the step, computed from its slot ``v`` at step ``t``, and the
    denominators of the textbook placements of epsilon, in the same units.

    Adagrad and RMSprop: Keras ``sqrt(v + eps)``; Goodfellow et al.'s Algorithm 8.4, PyTorch and
    CS231n put it outside the root, ``sqrt(v) + eps``. Adam: Keras ``sqrt(v) + eps`` on the
    uncorrected ``v``; with ``c = 1 - beta_2**t``, Kingma & Ba's Algorithm 1 (and PyTorch)
    ``sqrt(v / c) + eps``, the books that add it inside the root ``sqrt(v / c + eps)`` or
    ``sqrt((v + eps) / c)``: written in Keras's units (times ``sqrt(c)``) below.
    """
    if exercise == "adam":
        c = 1.0 - hyper["beta_2"] ** t
        return np.sqrt(v) + eps, [np.sqrt(v) + eps * np.sqrt(c), np.sqrt(v + eps * c), np.sqrt(v + eps)]
    return np.sqrt(v + eps), [np.sqrt(v) + eps]


@lru_cache(maxsize=1024)
def keras_run(case: Case, hyper_json: str | None = None) -> Reference:
    """Keras run on ``case`` with the case's hyperparameters or, for a diagnosis, others
    (``hyper_json``).

    The allowance of a coordinate adds up, step by step, ``|Keras's step| * delta``, ``delta``
    being the largest relative change of the step's denominator when epsilon moves to another
    textbook place (``_denominators``): the exact change of that step, since the slots do not
    depend on where epsilon is. RMSprop's momentum carries a change to the later steps: at most
    ``1/(1 - momentum)`` times it in all. ``delta`` is about ``eps / (2 v)``: negligible unless ``v``
    is small next to epsilon.
    """
    import keras

    inputs = materialize(case)
    hyper = json.loads(hyper_json) if hyper_json else full_hyper(case)
    optimizer = _optimizer(case.exercise, hyper)
    variables = [keras.Variable(w) for w in inputs["w0"]]
    steps = len(inputs["grads"][0])
    out = [np.zeros((steps, *w.shape)) for w in inputs["w0"]]
    allowance = [np.zeros((steps, w.size)) for w in inputs["w0"]]
    slot = SPECS[case.exercise].denominator
    carry = 1.0 / (1.0 - hyper.get("momentum", 0.0)) if case.exercise == "rmsprop" else 1.0
    for k in range(steps):
        optimizer.apply_gradients([(g[k], v) for g, v in zip(inputs["grads"], variables)])
        for p, v in enumerate(variables):
            out[p][k] = v.numpy()
            if slot is None:
                continue
            slots = np.asarray(getattr(optimizer, slot)[p].numpy(), dtype=np.float64).ravel()
            if case.exercise == "rmsprop":  # the increment, before momentum carries it on
                grad = np.abs(inputs["grads"][p][k].ravel())
                step = hyper["learning_rate"] * grad / np.sqrt(slots + hyper["epsilon"])
            else:
                step = np.abs(out[p][k] - (out[p][k - 1] if k else inputs["w0"][p])).ravel()
            keras_d, others = _denominators(case.exercise, slots, hyper["epsilon"], k + 1, hyper)
            delta = np.max([np.abs(keras_d / d - 1.0) for d in others], axis=0)
            allowance[p][k] = (allowance[p][k - 1] if k else 0.0) + carry * step * delta
    return Reference(tuple(out), tuple(allowance))


def keras_trajectories(case: Case, hyper_json: str | None = None) -> tuple[np.ndarray, ...]:
    """Keras's trajectory of every parameter of ``case`` (arrays ``(steps, *shape)``)."""
    return keras_run(case, hyper_json).trajectories


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


def first_mismatch(student: list, reference: tuple, w0: list, allowance: tuple | None = None) -> int | None:
    """The first step (1-based) where any parameter leaves the reference, ``None`` if none does;
    ``allowance`` (``Reference.allowance``) widens each coordinate's tolerance by how far epsilon's
    place may take it.

    A trajectory cut short (the function raised) mismatches right after its last step.
    """
    scale = _travel(reference, w0)
    first = None
    for p, (s, r) in enumerate(zip(student, reference)):
        n = len(s)
        if n:
            limit = tolerance(r, scale, n)[:, None] + (0.0 if allowance is None else allowance[p][:n])
            bad = np.flatnonzero(~np.all(_errors(s, r) <= limit, axis=1))  # NaN counts as bad
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
        variant = keras_run(self.case, json.dumps(hyper, sort_keys=True, default=float))
        return first_mismatch(self.student, variant.trajectories, self.w0, variant.allowance) is None

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


def _counter_frozen_later(ev: Evidence) -> dict | None:
    """A counter stuck at step ``k`` > 1 (capped, or stored where the next call does not read it):
    the trajectory is Keras's up to step ``k`` (``ev.leave - 1``), then Keras's with ``t = k``.
    (Stuck at 1 from the start is ``counter_stuck``.)"""
    if ev.leave is None or ev.leave < 3:
        return None
    step = ev.leave - 1
    return {"step": step} if KerasWith(lambda h: {**h, "schedule": f"frozen_at_{step}"})(ev) is not None else None


@dataclass(frozen=True)
class KerasWith:
    """The mistake is Keras with other hyperparameters: ``transform(hyper)`` gives them (``None``:
    the case cannot show it), and the student's whole trajectory must be Keras's with them."""

    transform: Callable[[dict], dict | None]

    def __call__(self, ev: Evidence) -> dict | None:
        variant = self.transform(ev.hyper)
        return {} if variant is not None and ev.follows(variant) else None


# Values students hard-code for an argument besides Keras's default: the other libraries' and
# books' defaults (PyTorch's and the papers' epsilon 1e-8, d2l's 1e-6, CS231n's decay rates...).
COMMON = {
    "learning_rate": (0.01, 0.001, 1.0),
    "momentum": (0.9,),
    "rho": (0.9, 0.95, 0.99),
    "initial_accumulator_value": (0.0, 0.1),
    "beta_1": (0.9,),
    "beta_2": (0.999,),
    "epsilon": (1e-7, 1e-8, 1e-6, 1e-5, 1e-10),
}


def _fixed_values(ev: Evidence, key: str) -> list:
    """The values ``key`` may be stuck at: Keras's default first, then ``COMMON``'s, other than the case's."""
    values = [keras_defaults(ev.case.exercise)[key], *COMMON.get(key, ())]
    return [v for i, v in enumerate(values) if v not in values[:i] and v != ev.hyper[key]]


def _fixed(assignments: dict) -> dict:
    return {"fixed": ", ".join(f"{k}={v!r}" for k, v in assignments.items())}


def _keeping_default(key: str) -> Callable[[Evidence], dict | None]:
    """Keras with ``key`` stuck at its default (or at another common value) follows the student:
    the argument is ignored."""

    def recognise(ev: Evidence) -> dict | None:
        for value in _fixed_values(ev, key):
            if ev.follows({**ev.hyper, key: value}):
                return {"default": repr(value)}
        return None

    return recognise


def _several_ignored(ev: Evidence) -> dict | None:
    """Keras with two or three of the arguments stuck at fixed values (``_fixed_values``) follows
    the student: several arguments are ignored at once (Dive into Deep Learning's Adam, say, has
    its betas and epsilon written into the function)."""
    keys = [k for k in SPECS[ev.case.exercise].arguments if k != "nesterov" and _fixed_values(ev, k)]
    tried = 0
    for size in (2, 3):
        for subset in itertools.combinations(keys, size):
            for values in itertools.product(*(_fixed_values(ev, k) for k in subset)):
                tried += 1
                if tried > MAX_TRIES:
                    return None
                if ev.follows({**ev.hyper, **dict(zip(subset, values))}):
                    return {"names": ", ".join(subset), **_fixed(dict(zip(subset, values)))}
    return None


MAX_TRIES = 60  # Keras runs a diagnosis may spend on guessing ignored arguments


def _nesterov_new_velocity(ev: Evidence) -> dict | None:
    """The first edition of Saito's *Deep Learning from Scratch* (and the code copied from it)
    updates the velocity first, then moves by ``momentum**2 * v - (1 + momentum) * lr * g`` with the
    *new* velocity; Keras's Nesterov step (Bengio et al.'s reformulation) equals that expression with
    the *old* one. Not a Keras optimizer with other hyperparameters: the student's trajectory is
    compared with that update, stepped on the case's gradients."""
    h = ev.hyper
    if ev.error is not None or not (h["nesterov"] and h["momentum"] > 0):
        return None
    mu, lr = h["momentum"], h["learning_rate"]
    model = []
    for w0, grads in zip(ev.w0, ev.grads):
        w, v, path = w0.copy(), np.zeros_like(w0), []
        for g in np.asarray(grads, dtype=np.float64):
            v = mu * v - lr * g
            w = w + mu * mu * v - (1 + mu) * lr * g
            path.append(w)
        model.append(np.array(path))
    return {} if first_mismatch(ev.student, tuple(model), ev.w0) is None else None


def _not_finite(ev: Evidence) -> dict | None:
    step = ev.first_step
    return {} if step is not None and not np.all(np.isfinite(step.student)) else None


def _adadelta_epsilon_outside(ev: Evidence) -> dict | None:
    """Adadelta with epsilon added outside both square roots, ``(sqrt(Edx) + eps) / (sqrt(Eg) + eps)``:
    not a textbook place (Zeiler's RMS[x] is ``sqrt(E[x**2] + eps)``) but another algorithm, whose
    numerator starts at ``eps`` instead of ``sqrt(eps)``, so that it hardly moves at first. Compared
    with that update, stepped on the case's gradients."""
    if ev.error is not None:
        return None
    h = ev.hyper
    rho, eps, lr = h["rho"], h["epsilon"], h["learning_rate"]
    model = []
    for w0, grads in zip(ev.w0, ev.grads):
        w, eg, edx, path = w0.copy(), np.zeros_like(w0), np.zeros_like(w0), []
        for g in np.asarray(grads, dtype=np.float64):
            eg = rho * eg + (1 - rho) * g * g
            dx = (np.sqrt(edx) + eps) / (np.sqrt(eg) + eps) * g
            edx = rho * edx + (1 - rho) * dx * dx
            w = w - lr * dx
            path.append(w)
        model.append(np.array(path))
    return {} if first_mismatch(ev.student, tuple(model), ev.w0) is None else None


def _nowhere_finite(ev: Evidence) -> dict | None:
    """No coordinate of the first step is finite: ``1 - beta**0 = 0`` divides every one by zero
    (a square root of a negative number makes NaNs only where the gradient's sign makes it negative)."""
    step = ev.first_step
    return {} if step is not None and not np.any(np.isfinite(step.student)) else None


def _unchanged(ev: Evidence) -> dict | None:
    step = ev.first_step
    return {} if step is not None and np.allclose(step.student, 0) else None


def _sign_flipped(ev: Evidence) -> dict | None:
    """Every coordinate of the first step goes against Keras's, whatever its size: the update is
    added, not subtracted (and whatever else is wrong, that is what to fix first)."""
    ratio = ev.first_step.ratio if ev.first_step is not None else np.empty(0)
    return {} if ratio.size >= 3 and np.all(ratio < 0) else None


def _positive_ratio(ev: Evidence) -> bool:
    """Enough coordinates to read the first step's ratio, all of them moving the right way."""
    step = ev.first_step
    return step is not None and step.ratio.size >= 3 and bool(np.all(step.ratio > 0))


def _shrinks_like_one_over_g(ev: Evidence) -> dict | None:
    return {} if _positive_ratio(ev) and ev.first_step.slope < -0.5 else None


def _constant_factor(ev: Evidence) -> dict | None:
    """Every step of every parameter is the same multiple of Keras's: a learning rate off by a
    constant. Checked at every step, not only the first: a bias correction or a step counter that
    is wrong also changes the first step by a uniform factor, but not the later ones by the same."""
    if not _positive_ratio(ev):
        return None
    factor = float(np.mean(ev.first_step.ratio))
    if abs(factor - 1) <= 0.01 or np.std(np.log(ev.first_step.ratio)) >= 0.01:
        return None
    for s, r, w0 in zip(ev.student, ev.reference, ev.w0):
        ours = np.diff(np.concatenate([w0[None], s]), axis=0).reshape(len(s), -1)
        theirs = np.diff(np.concatenate([w0[None], r]), axis=0).reshape(len(r), -1)
        clear = np.abs(theirs) > 1e-3 * np.abs(theirs).max()
        if not np.allclose(ours[clear] / theirs[clear], factor, rtol=0.01):
            return None
    return {"factor": f"{factor:.3g}", "check": CONSTANT_HINTS[ev.case.exercise]}


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


# ----------------------------------------------------------------------------- the mistake table


def _row(ident, recognised_by, message, hint, recognise, exercises=()) -> Mistake:
    return Mistake(ident, recognised_by, message, hint, recognise, frozenset(exercises))


def _ignored(key: str) -> Mistake:
    return _row(
        f"ignores_{key}",
        f"Keras with `{key}` at its default (or another common value) follows the trajectory",
        f"the `{key}` argument is ignored (the function behaves as if {key}={{default}})",
        f"use the `{key}` the function is called with: the checks pass other values than {{default}}",
        _keeping_default(key),
        (name for name, spec in SPECS.items() if key in spec.arguments),
    )


def _sgd_momentum(h):
    return h["momentum"] > 0


def _scaled_accumulator(exercise: str) -> Callable[[dict], dict]:
    """Keras's hyperparameters that make it step as the optimizer whose squared-gradient
    accumulator ``v`` also carries the learning rate (``lr * g * g`` added): ``v`` is ``lr`` times
    Keras's, so the step divides by ``sqrt(lr)`` times Keras's root, with epsilon rescaled."""

    def transform(h: dict) -> dict | None:
        lr = h["learning_rate"]
        if lr == 1.0:
            return None
        if exercise == "adam":  # alpha m / (sqrt(lr v) + eps)
            return {**h, "learning_rate": np.sqrt(lr), "epsilon": h["epsilon"] / np.sqrt(lr)}
        out = {**h, "learning_rate": np.sqrt(lr), "epsilon": h["epsilon"] / lr}  # lr g / sqrt(lr v + eps)
        if exercise == "adagrad":  # the accumulator starts at its initial value, unscaled
            out["initial_accumulator_value"] = h["initial_accumulator_value"] / lr
        return out

    return transform


def _accumulator_scaled(ev: Evidence) -> dict | None:
    return KerasWith(_scaled_accumulator(ev.case.exercise))(ev)


CONSTANT_HINTS = {
    "sgd": "check the learning rate: every step is proportional to it",
    "adagrad": "check the learning rate: every step is proportional to it",
    "rmsprop": "check the learning rate: every step is proportional to it",
    "adadelta": "check the learning rate: Keras multiplies every step by it",
    "adam": "check the learning rate and the (1 - beta_1) weight of m: every step is proportional to both",
}


def _missing_one_minus_beta_2(h, lr_factor=1.0):
    root = np.sqrt(1 - h["beta_2"])
    return {**h, "learning_rate": h["learning_rate"] * root * lr_factor, "epsilon": h["epsilon"] * root}


WITH_ROOT = ("adagrad", "rmsprop", "adadelta", "adam")

MISTAKES: tuple[Mistake, ...] = (
    # a NaN on the first step, before anything else: no Keras variant is NaN
    _row(
        "counter_from_zero",
        "no coordinate of the first step is finite",
        "the first step is NaN or infinite everywhere: the step counter starts at 0",
        "count the steps from 1: Keras's first step uses t = 1, and a counter at 0 makes the bias correction "
        "divide by zero",
        _nowhere_finite,
        ["adam"],
    ),
    _row(
        "not_finite",
        "the first step is NaN or infinite",
        "the first step is NaN or infinite",
        "look for a division by zero or the square root of a negative number (a squared gradient written "
        "without its square?): Keras's steps are finite for every gradient",
        _not_finite,
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
        "dampened_momentum",
        "SGD with learning_rate * (1 - momentum) follows the trajectory",
        "the velocity is an average of the gradients weighted by 1 - momentum (the deep learning "
        "specialization's form): every step is 1 - momentum times Keras's",
        "Keras's velocity is not dampened: it keeps a fraction momentum of itself and takes away the whole "
        "gradient times the learning rate; with the (1 - momentum) weight, the learning rate is in effect "
        "multiplied by 1 - momentum",
        KerasWith(
            lambda h: {**h, "learning_rate": h["learning_rate"] * (1 - h["momentum"])} if _sgd_momentum(h) else None
        ),
        ["sgd"],
    ),
    _row(
        "nesterov_new_velocity",
        "momentum**2 * v - (1 + momentum) * lr * g with the updated v follows the trajectory",
        "Nesterov's step uses the velocity after its update: w moves by momentum**2 * v - (1 + momentum) * lr * g "
        "with the new v (the first printing of Deep Learning from Scratch), one momentum factor too many",
        "in that form of Nesterov's update (Bengio et al. 2012) v is the velocity before this step's update; "
        "or update the velocity first and move by momentum * v - lr * g, as Keras's SGD does",
        _nesterov_new_velocity,
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
        "accumulator_scaled_by_lr",
        "Keras with sqrt(lr) and epsilon rescaled follows the trajectory (v is lr times Keras's)",
        "the accumulated squared gradients are multiplied by the learning rate",
        "the learning rate multiplies the step only: the accumulator adds the squared gradient itself, "
        "so that the step divides by the root of an average of g squared",
        _accumulator_scaled,
        ("adagrad", "rmsprop", "adam"),
    ),
    _row(
        "epsilon_outside_roots",
        "(sqrt(Edx) + eps) / (sqrt(Eg) + eps) * g, stepped on the case's gradients, follows the trajectory",
        "epsilon is added outside the square roots: Adadelta's first steps are then about epsilon, "
        "instead of about the square root of epsilon, times g over its running RMS",
        "in Adadelta epsilon goes inside both square roots, RMS = sqrt(average + epsilon), as in Zeiler's paper "
        "and Keras: the square root of epsilon is what starts the steps while the average of the updates is 0",
        _adadelta_epsilon_outside,
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
        "counter_frozen",
        "Adam with a schedule that stops the bias correction's t after the last step that matched follows "
        "the trajectory",
        "the step counter stops advancing after step {step}",
        "the counter t must keep counting every call (1, 2, 3, ...): Keras's bias correction uses the step "
        "number itself, never a capped or stale one",
        _counter_frozen_later,
        ["adam"],
    ),
    _row(
        "counter_shifted",
        "Adam with a schedule that corrects the bias with t + 1 follows the trajectory",
        "the step counter is one ahead: the first step's bias correction uses t = 2",
        "Keras's first step uses t = 1: add one to the counter before computing the correction, starting "
        "from 0, or after it, starting from 1 — not both",
        KerasWith(lambda h: {**h, "schedule": "shifted"}),
        ["adam"],
    ),
    *(
        _row(
            "beta_squared",
            f"Adam with a schedule whose bias correction uses {which} follows the trajectory",
            f"the bias correction uses {which} instead of the power t",
            "the bias correction divides by 1 - beta to the power t, the step number (1, 2, 3...), "
            "not by 1 - beta squared",
            KerasWith(lambda h, kind=kind: {**h, "schedule": kind}),
            ["adam"],
        )
        for kind, which in (
            ("beta_2_squared", "beta_2**2"),
            ("beta_1_squared", "beta_1**2"),
            ("betas_squared", "beta_1**2 and beta_2**2"),
        )
    ),
    *(
        _row(
            "half_bias_correction",
            f"Adam with a schedule that corrects only {which} follows the trajectory",
            f"only {which} is bias-corrected",
            "m and v both start at zero: Keras corrects both, dividing m by 1 - beta_1 to the power t and v by "
            "1 - beta_2 to the power t (or, equivalently, the learning rate by the first and multiplying it "
            "by the square root of the second)",
            KerasWith(lambda h, kind=kind: {**h, "schedule": kind}),
            ["adam"],
        )
        for kind, which in (("only_m", "m"), ("only_v", "v"))
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
    _ignored("momentum"),
    _row(
        "ignores_arguments",
        "Keras with two or three arguments stuck at their defaults (or common values) follows the trajectory",
        "the arguments {names} are ignored (the function behaves as if {fixed})",
        "use every argument the function is called with: the checks pass other values than {fixed}",
        _several_ignored,
    ),
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
        "every coordinate of the first step goes against Keras's",
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
        "every step of every parameter is the same multiple of Keras's",
        "every step is {factor} x Keras's",
        "a constant factor is off in the step: {check}",
        _constant_factor,
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
    run = keras_run(case)
    reference = run.trajectories
    w0 = [np.asarray(w, dtype=np.float64) for w in inputs["w0"]]
    if len(student) != len(reference):
        return error_verdict(case, error or {"kind": ErrorKind.ERROR, "message": "returned no trajectory"})
    if error is None and first_mismatch(student, reference, w0) is None:
        return CaseVerdict(case, True, "matches Keras at every step")
    leave = first_mismatch(student, reference, w0, run.allowance)
    if leave is None and error is None:
        where = SPECS[case.exercise].epsilon
        return CaseVerdict(
            case,
            True,
            f"matches Keras at every step, epsilon placed elsewhere (Keras adds it {where}): the same algorithm, "
            "whose steps differ only where the average of the squared gradients is small next to epsilon",
        )
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
