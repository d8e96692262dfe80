"""Run an optimizer on a 2-D landscape (or any differentiable function) and keep its trajectory.

:func:`run` accepts either

- a **Keras optimizer object** (anything with ``apply_gradients``): the point lives in a
  ``keras.Variable`` of shape (2,) and each step is one ``opt.apply_gradients([(g, var)])`` with
  the analytic gradient ``g = ∇f(w)`` as a float32 NumPy array — exactly the update Keras applies
  to a model's weights; eager by default, or wrapped in a ``tf.function`` with ``compile=True``
  (the same call, a few times faster per step); or
- a **student-style function** ``update(w, g, state, **hyper) -> new_w`` (the signature of
  notebook 1: ``w`` and ``g`` NumPy arrays, ``state`` a dict that the function fills with its
  slots, empty before the first step), called in float64.

:func:`race` runs several of them from the same start, from one visible dict of
hyperparameters; :func:`descend` is the same loop for a function of any dimension (with a
``callback`` that may change a Keras hyperparameter between eager steps). Nothing here
implements an optimizer: the races use Keras's, or the functions a notebook passes in. Keras is
imported only when a Keras optimizer is run.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import numpy as np

from helpers.landscapes import Landscape

# Stop a run whose point leaves this radius or stops being finite (the rest is NaN).
BLOW_UP = 1e6


@dataclass
class Trajectory:
    """A run: ``points`` of shape (steps + 1, 2) (row 0 is the start), ``values`` = f(points),
    the wall-clock ``seconds`` it took, and ``stopped_at`` — the first step whose point was not
    finite or left the radius ``BLOW_UP`` (``None`` if the run completed); rows after it are NaN."""

    name: str
    points: np.ndarray
    values: np.ndarray
    seconds: float = 0.0
    hyper: dict = field(default_factory=dict)
    kind: str = ""
    stopped_at: int | None = None

    @property
    def steps(self) -> int:
        return len(self.points) - 1

    def escape_step(self, radius: float, center=(0.0, 0.0)) -> int | None:
        """First step k with ‖w_k − center‖ > radius (``None`` if it never happens)."""
        d = np.linalg.norm(self.points - np.asarray(center, dtype=float), axis=1)
        hits = np.flatnonzero(d > radius)
        return int(hits[0]) if hits.size else None

    def first_step_below(self, threshold: float, f_star: float = 0.0) -> int | None:
        """First step k with f(w_k) − f* < threshold (``None`` if never)."""
        hits = np.flatnonzero(self.values - f_star < threshold)
        return int(hits[0]) if hits.size else None

    def distance_to(self, point) -> np.ndarray:
        return np.linalg.norm(self.points - np.asarray(point, dtype=float), axis=1)


# ------------------------------------------------------------------------------------ Keras


KERAS_CLASSES = ("SGD", "Adagrad", "Adadelta", "RMSprop", "Adam", "Adamax", "Nadam", "AdamW", "Lion", "Ftrl")


def keras_optimizer(class_name: str, **hyper):
    """``keras.optimizers.<class_name>(**hyper)``, with ``learning_rate`` (and the other real-valued
    hyperparameters) converted to Python floats: Keras 3 rejects an int or a NumPy scalar."""
    import keras

    cls = getattr(keras.optimizers, class_name, None)
    if cls is None:
        raise ValueError(f"keras.optimizers has no optimizer {class_name!r}")
    clean = {
        k: (float(v) if isinstance(v, (int, float, np.floating, np.integer)) and not isinstance(v, bool) else v)
        for k, v in hyper.items()
    }
    return cls(**clean)


def _is_keras_optimizer(obj) -> bool:
    return hasattr(obj, "apply_gradients") and hasattr(obj, "get_config")


# ------------------------------------------------------------------------------------ runner


def descend(
    value: Callable,
    gradient: Callable,
    x0,
    optimizer,
    steps: int,
    callback: Callable | None = None,
    keep_points: bool = True,
    compile: bool = False,
    **hyper,
) -> dict:
    """The loop behind :func:`run`, in any dimension: minimise ``value(x)`` with ``gradient(x)``
    (both on NumPy arrays of the shape of ``x0``) for ``steps`` steps.

    Returns a dict: ``points`` (steps + 1, *x0.shape) — or just the last point when
    ``keep_points`` is false — ``values`` (steps + 1,), ``seconds`` and ``stopped_at``.

    A Keras optimizer is **built** on the variable before the first step (as ``apply_gradients``
    would do), so that ``callback(k, optimizer)``, called before every step k = 1, 2, ..., can
    change a hyperparameter attribute even before step 1. (SGD creates its velocity slot only if
    ``momentum != 0`` *when it is built*: an SGD built with momentum 0 ignores a later momentum.)

    ``compile=True`` wraps the same call, ``optimizer.apply_gradients([(g, variable)])``, in a
    ``tf.function`` (one trace per optimizer, then a fraction of a millisecond per step instead of
    2-3 ms eagerly). Python attributes such as ``momentum`` are then frozen into the traced graph,
    so it cannot be combined with a ``callback``; results may differ from eager ones by a few ulp.
    """
    x0 = np.asarray(x0, dtype=np.float64)
    values = np.full(steps + 1, np.nan)
    points = np.full((steps + 1,) + x0.shape, np.nan) if keep_points else None
    stopped = None
    t0 = time.perf_counter()
    if _is_keras_optimizer(optimizer):
        if hyper:
            raise TypeError("a Keras optimizer carries its own hyperparameters: pass them to its constructor")
        import keras

        var = keras.Variable(x0.astype(np.float32), name="w")
        if not optimizer.built:
            optimizer.build([var])
        w = var.numpy().astype(np.float64)
        if compile:
            if callback is not None:
                raise ValueError("compile=True freezes the optimizer's attributes: it cannot be used with a callback")
            import tensorflow as tf

            apply = tf.function(lambda g: optimizer.apply_gradients([(g, var)]))
        else:

            def apply(g):
                optimizer.apply_gradients([(g, var)])

        def step(w, k):
            with np.errstate(over="ignore", invalid="ignore"):
                g = np.asarray(gradient(w)).astype(np.float32)
            if not np.all(np.isfinite(g)):
                return None
            apply(g)
            return var.numpy().astype(np.float64)
    elif callable(optimizer):
        if compile:
            raise ValueError("compile=True is for Keras optimizers")
        state: dict = {}
        w = x0.copy()

        def step(w, k):
            with np.errstate(over="ignore", invalid="ignore"):
                g = np.asarray(gradient(w), dtype=np.float64)
            if not np.all(np.isfinite(g)):
                return None
            return np.asarray(optimizer(w.copy(), g, state, **hyper), dtype=np.float64).reshape(x0.shape)
    else:
        raise TypeError(f"not a Keras optimizer nor an update function: {optimizer!r}")
    if points is not None:
        points[0] = w
    values[0] = value(w)
    for k in range(1, steps + 1):
        if callback is not None:
            callback(k, optimizer)
        new = step(w, k)
        if new is None or not np.all(np.isfinite(new)) or np.abs(new).max() > BLOW_UP:
            stopped = k
            break
        w = new
        if points is not None:
            points[k] = w
        with np.errstate(over="ignore", invalid="ignore"):
            values[k] = value(w)
    return {
        "points": points if keep_points else w,
        "values": values,
        "seconds": time.perf_counter() - t0,
        "stopped_at": stopped,
    }


def run(
    landscape: Landscape,
    optimizer,
    steps: int,
    start=None,
    name: str | None = None,
    callback: Callable | None = None,
    compile: bool = False,
    **hyper,
) -> Trajectory:
    """Run ``optimizer`` for ``steps`` steps on ``landscape`` from ``start`` (default: the
    landscape's) and return the :class:`Trajectory`.

    ``optimizer`` is a Keras optimizer object (a *fresh* one: its slots are built on the
    variable before the first step) or a function ``update(w, g, state, **hyper) -> new_w``;
    ``hyper`` is passed to the function (a Keras optimizer carries its own hyperparameters).
    ``callback(k, optimizer)``, if given, is called before step k (k = 1, 2, ...), e.g. to change
    a Keras hyperparameter between eager steps. ``compile=True``: see :func:`descend`.
    """
    w0 = np.asarray(landscape.start if start is None else start, dtype=np.float64).reshape(2)
    out = descend(
        landscape.value,
        landscape.gradient,
        w0,
        optimizer,
        steps,
        callback=callback,
        compile=compile and _is_keras_optimizer(optimizer),
        **hyper,
    )
    kind = (
        ("keras." + type(optimizer).__name__)
        if _is_keras_optimizer(optimizer)
        else getattr(optimizer, "__name__", "function")
    )
    return Trajectory(name or kind, out["points"], out["values"], out["seconds"], dict(hyper), kind, out["stopped_at"])


def loglog_slope(k, values, k_min: int, k_max: int, points: int | None = 50) -> float:
    """Least-squares slope of log(values) against log(k) over k_min <= k <= k_max: the exponent p
    of values ≈ C k^p. ``k`` and ``values`` are aligned arrays. With ``points``, the fit uses about
    that many k, evenly spaced in log k (each decade weighs the same); ``None`` uses every k."""
    k = np.asarray(k, dtype=float)
    v = np.asarray(values, dtype=float)
    sel = (k >= k_min) & (k <= k_max) & np.isfinite(v) & (v > 0)
    if points is not None and sel.sum() > points:
        wanted = np.geomspace(max(k_min, k[sel].min()), min(k_max, k[sel].max()), points)
        idx = np.unique(np.searchsorted(k, wanted).clip(0, len(k) - 1))
        keep = np.zeros_like(sel)
        keep[idx] = True
        sel &= keep
    if sel.sum() < 2:
        raise ValueError("fewer than two positive values in the range")
    return float(np.polyfit(np.log(k[sel]), np.log(v[sel]), 1)[0])


def make_optimizer(spec):
    """Turn one entry of a race dict into ``(optimizer, hyper)`` for :func:`run`:

    - ``("Adam", {"learning_rate": 0.05})``: a fresh ``keras.optimizers.Adam(learning_rate=0.05)``;
    - ``(update_function, {"lr": 0.02})``: a student-style function and its hyperparameters;
    - a Keras optimizer object (used as is: it must be fresh).
    """
    if _is_keras_optimizer(spec):
        return spec, {}
    what, hyper = spec
    if isinstance(what, str):
        return keras_optimizer(what, **hyper), {}
    if callable(what):
        return what, dict(hyper)
    raise TypeError(f"cannot make an optimizer from {spec!r}")


def race(
    landscape: Landscape, spec: Mapping[str, object], steps: int, start=None, compile: bool = False
) -> dict[str, Trajectory]:
    """Run every optimizer of ``spec`` (name -> entry, see :func:`make_optimizer`) for ``steps``
    steps from the same start; return name -> :class:`Trajectory`, in the dict's order.
    ``compile=True`` runs the Keras optimizers' steps through ``tf.function`` (see :func:`descend`)."""
    out = {}
    for name, entry in spec.items():
        optimizer, hyper = make_optimizer(entry)
        out[name] = run(landscape, optimizer, steps, start=start, name=name, compile=compile, **hyper)
        out[name].hyper = dict(entry[1]) if isinstance(entry, tuple) else {}
    return out


def race_table(
    trajectories: Mapping[str, Trajectory],
    landscape: Landscape,
    radius: float | None = None,
    threshold: float | None = None,
) -> str:
    """A plain-text table, one row per optimizer: the final point and f, and — when asked — the
    first step leaving the disc of ``radius`` around the (first) saddle point (else the origin),
    the first step with f − f* < ``threshold`` and the final distance to the (first) minimiser."""
    center = landscape.saddles[0] if landscape.saddles else (0.0, 0.0)
    header = f"{'optimizer':<22}{'final (x, y)':>22}{'final f':>12}"
    if radius is not None:
        header += f"{'leaves r=' + format(radius, 'g'):>14}"
    if threshold is not None:
        header += f"{'f-f*<' + format(threshold, 'g'):>12}"
    if landscape.minima:
        header += f"{'dist. to min':>14}"
    lines = [header, "-" * len(header)]

    def fmt(v):
        return "never" if v is None else str(v)

    for name, t in trajectories.items():
        last = t.points[np.isfinite(t.points).all(axis=1)][-1]
        fin = t.values[np.isfinite(t.values)]
        row = f"{name:<22}{f'({last[0]:.3g}, {last[1]:.3g})':>22}{(fin[-1] if fin.size else np.nan):>12.4g}"
        if radius is not None:
            row += f"{fmt(t.escape_step(radius, center)):>14}"
        if threshold is not None:
            row += f"{fmt(t.first_step_below(threshold, landscape.f_star or 0.0)):>12}"
        if landscape.minima:
            row += f"{np.linalg.norm(last - np.asarray(landscape.minima[0])):>14.3g}"
        if t.stopped_at is not None:
            row += f"   diverged at step {t.stopped_at}"
        lines.append(row)
    return "\n".join(lines)


def timed(fn: Callable, *args, repeat: int = 1, **kwargs) -> tuple[object, list[float]]:
    """Call ``fn(*args, **kwargs)`` ``repeat`` times; return the last result and the wall-clock
    seconds of each call (a small timing entry point for the notebooks and the benchmark)."""
    times, result = [], None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn(*args, **kwargs)
        times.append(time.perf_counter() - t0)
    return result, times
