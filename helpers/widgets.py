"""Slider dashboards: move a slider, see the trajectory and the loss curve change (Goh's figures).

A :class:`Dashboard` shows one optimizer's path on a landscape (left) and its loss f(w_k) − f*
against the step on a log scale (right), with ipywidgets sliders for the optimizer's
hyperparameters (e.g. step size α and momentum β) and, optionally, for the landscape's own
parameters (e.g. the condition number κ of a quadratic).

How it redraws, without ipympl (not installed) and without re-creating the figure:

- the figure is a plain ``matplotlib.figure.Figure`` on an Agg canvas (pyplot never sees it,
  so the inline backend does not print it a second time);
- a hyperparameter slider recomputes the trajectory (a NumPy update function:
  a few milliseconds for hundreds of steps) and changes only the artists' data (``set_data``);
  a landscape slider also redraws the contour set — nothing else is rebuilt;
- the figure is rendered to PNG into an ``ipywidgets.Image`` that stays on the page: the picture
  changes in place, with no flicker of ``clear_output``.

``Dashboard`` displays as the widget in a live notebook and carries a PNG snapshot of its current
figure in the same output (``_repr_mimebundle_``), so an executed notebook read without a
kernel (a code host, ``nbconvert``) still shows the figure. This module imports no TensorFlow.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from io import BytesIO

import numpy as np

from helpers.landscapes import Landscape
from helpers.trajectories import Trajectory, run

# How a parameter name is written in titles.
SYMBOLS = {"alpha": "α", "beta": "β", "kappa": "κ", "lr": "ε", "learning_rate": "ε", "momentum": "μ"}


def slider(
    description: str,
    value: float,
    lo: float,
    hi: float,
    step: float | None = None,
    log: bool = False,
    readout_format: str = ".3g",
):
    """A float slider (``FloatLogSlider`` with ``log``: ``lo``/``hi`` are the values, not exponents).
    ``continuous_update=False``: the dashboard redraws when the slider is released."""
    import ipywidgets as w

    common = dict(
        description=description,
        continuous_update=False,
        readout_format=readout_format,
        style={"description_width": "initial"},
        layout=w.Layout(width="340px"),
    )
    if log:
        return w.FloatLogSlider(
            value=value,
            base=10,
            min=np.log10(lo),
            max=np.log10(hi),
            step=step or (np.log10(hi) - np.log10(lo)) / 200,
            **common,
        )
    return w.FloatSlider(value=value, min=lo, max=hi, step=step or (hi - lo) / 200, **common)


class Dashboard:
    """Sliders → trajectory and loss curve of ``update`` on a landscape.

    - ``landscape``: a :class:`Landscape`, or a function ``(**shape_values) -> Landscape`` when
      ``shape`` sliders change the landscape itself (e.g. ``quadratic(kappa=...)``);
    - ``update``: a student-style function ``update(w, g, state, **hyper) -> new_w``;
    - ``hyper``: name -> slider for ``update``'s hyperparameters; ``shape``: name -> slider for the
      landscape's parameters;
    - ``compare``: label -> hyperparameter overrides, drawn as grey reference runs: a dict
      (e.g. ``{"β = 0": {"beta": 0.0}}``, gradient descent with the same step) or a function
      ``(landscape, values) -> dict`` (e.g. gradient descent with its own best step);
    - ``info``: ``(landscape, values, trajectory) -> str`` (HTML), shown under the sliders;
    - ``buttons``: label -> ``(landscape, values) -> {slider name: new value}``.

    ``redraw()`` recomputes and redraws; it returns the seconds it took (``last_seconds``).
    """

    def __init__(
        self,
        landscape: Landscape | Callable[..., Landscape],
        update: Callable,
        hyper: Mapping[str, object],
        shape: Mapping[str, object] | None = None,
        steps: int = 100,
        start=None,
        compare: Mapping[str, dict] | None = None,
        info: Callable | None = None,
        buttons: Mapping[str, Callable] | None = None,
        title: str | None = None,
        label: str = "momentum",
        color: str | None = None,
        figsize=(10.0, 3.8),
        dpi: int = 100,
        floor: float = 1e-12,
    ):
        import ipywidgets as w
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from helpers.plotting import color_for

        self._make = landscape if callable(landscape) and not isinstance(landscape, Landscape) else None
        self._fixed = landscape if isinstance(landscape, Landscape) else None
        self.update_fn = update
        self.hyper = dict(hyper)
        self.shape = dict(shape or {})
        self.steps = steps
        self.start = start
        self.compare = dict(compare or {})
        self.info_fn = info
        self.title = title
        self.dpi = dpi
        self.floor = floor
        self.last_seconds = float("nan")
        self.timings: list[float] = []
        self.trajectory: Trajectory | None = None
        self.references: dict[str, Trajectory] = {}
        self._contour = []
        self._landscape_key = None

        self.fig = Figure(figsize=figsize, dpi=dpi, facecolor="white")
        FigureCanvasAgg(self.fig)
        self.ax, self.ax_loss = self.fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.2, 1]})
        colour = color or color_for(label)
        (self.path,) = self.ax.plot([], [], "-o", color=colour, lw=1.4, ms=2.5, label=label, zorder=4)
        (self.start_marker,) = self.ax.plot([], [], "o", ms=7, mfc="white", mec="k", zorder=5, label="start")
        (self.minimum_marker,) = self.ax.plot([], [], "*", ms=12, color="gold", mec="k", mew=0.7, ls="none", zorder=5)
        (self.loss,) = self.ax_loss.plot([], [], "-", color=colour, lw=1.6, label=label)
        self.ref_paths, self.ref_losses = {}, {}
        for i, name in enumerate(self.compare):
            grey = ("0.2", "0.5", "0.35")[i % 3]
            (self.ref_paths[name],) = self.ax.plot([], [], "-", color=grey, lw=0.8, alpha=0.6, label=name, zorder=3)
            (self.ref_losses[name],) = self.ax_loss.plot([], [], "--", color=grey, lw=1.2, label=name)
        self.ax.set_xlabel("x")
        self.ax.set_ylabel("y")
        self.ax_loss.set_yscale("log")
        self.ax_loss.set_xlabel("step k")
        self.ax_loss.set_ylabel(r"$f(w_k) - f^*$")
        self.ax_loss.set_xlim(0, steps)
        self.ax_loss.grid(alpha=0.3)
        # one legend for both panels, below them: inside, it hid the path the lesson is about
        self.fig.legend(
            handles=[self.path, self.start_marker, *self.ref_paths.values()],
            loc="lower center",
            ncol=2 + len(self.ref_paths),
            fontsize=9,
            frameon=False,
        )
        self.fig.subplots_adjust(left=0.07, right=0.98, bottom=0.24, top=0.9, wspace=0.22)

        self.image = w.Image(format="png", layout=w.Layout(width=f"{int(figsize[0] * dpi)}px"))
        self.status = w.HTML()
        for s in list(self.hyper.values()) + list(self.shape.values()):
            s.observe(self._on_change, names="value")
        self._buttons = []
        for text, fn in (buttons or {}).items():
            b = w.Button(description=text, layout=w.Layout(width="auto"))
            b.on_click(lambda _b, fn=fn: self.set_values(fn(self.landscape, self.values)))
            self._buttons.append(b)
        controls = w.VBox(
            list(self.shape.values())
            + list(self.hyper.values())
            + ([w.HBox(self._buttons)] if self._buttons else [])
            + [self.status]
        )
        self.widget = w.VBox([controls, self.image])
        self._silent = False
        self.redraw()

    # ------------------------------------------------------------------ state
    @property
    def values(self) -> dict:
        """Current slider values (landscape parameters and hyperparameters)."""
        return {**{k: s.value for k, s in self.shape.items()}, **{k: s.value for k, s in self.hyper.items()}}

    @property
    def landscape(self) -> Landscape:
        if self._fixed is not None:
            return self._fixed
        key = tuple(s.value for s in self.shape.values())
        if key != self._landscape_key or not hasattr(self, "_landscape"):
            self._landscape = self._make(**{k: s.value for k, s in self.shape.items()})
            self._landscape_key = key
        return self._landscape

    def set_values(self, values: Mapping[str, float]) -> float:
        """Move several sliders at once, then redraw once; returns the redraw's seconds."""
        self._silent = True
        try:
            for k, v in values.items():
                (self.hyper.get(k) or self.shape[k]).value = v
        finally:
            self._silent = False
        return self.redraw()

    def _on_change(self, change):
        if not self._silent:
            self.redraw()

    # ------------------------------------------------------------------ drawing
    def _draw_contour(self, landscape: Landscape):
        from matplotlib.colors import LogNorm

        for artist in self._contour:
            artist.remove()
        X, Y, Z = landscape.grid(100)
        levels = np.asarray(landscape.levels)
        norm = None
        if landscape.log_levels:
            norm = LogNorm(vmin=levels.min(), vmax=levels.max())
            Z = np.clip(Z, levels.min() * 0.5, None)
        filled = self.ax.contourf(X, Y, Z, levels=levels, cmap="Greys", norm=norm, alpha=0.45, extend="both")
        lines = self.ax.contour(X, Y, Z, levels=levels, colors="0.5", linewidths=0.5, linestyles="solid")
        self._contour = [filled, lines]
        self.ax.set_xlim(*landscape.xlim)
        self.ax.set_ylim(*landscape.ylim)
        if landscape.minima:
            self.minimum_marker.set_data(*np.transpose(landscape.minima))

    def compute(self) -> Trajectory:
        """The trajectory for the current slider values (and the reference runs)."""
        ls = self.landscape
        hyper = {k: float(s.value) for k, s in self.hyper.items()}
        self.trajectory = run(ls, self.update_fn, self.steps, start=self.start, name="dashboard", **hyper)
        self.references = {}
        for name, over in self.compare.items():
            over = over(ls, self.values) if callable(over) else over
            self.references[name] = run(
                ls,
                self.update_fn,
                self.steps,
                start=self.start,
                name=name,
                **{**hyper, **{k: float(v) for k, v in over.items()}},
            )
        return self.trajectory

    def redraw(self) -> float:
        """Recompute the trajectory, update the artists' data, render the figure into the image
        widget; return (and keep in ``last_seconds``) the wall-clock seconds of the whole redraw."""
        t0 = time.perf_counter()
        ls = self.landscape
        if getattr(self, "_drawn_for", None) is not ls:  # first draw, or a landscape slider moved
            self._draw_contour(ls)
            self._drawn_for = ls
        t = self.compute()
        f_star = ls.f_star or 0.0
        self.path.set_data(t.points[:, 0], t.points[:, 1])
        self.start_marker.set_data(t.points[:1, 0], t.points[:1, 1])
        steps = np.arange(t.steps + 1)
        self.loss.set_data(steps, np.maximum(t.values - f_star, self.floor))
        lows, highs = [np.nanmin(np.maximum(t.values - f_star, self.floor))], [np.nanmax(t.values[:1] - f_star)]
        for name, r in self.references.items():
            self.ref_paths[name].set_data(r.points[:, 0], r.points[:, 1])
            self.ref_losses[name].set_data(steps, np.maximum(r.values - f_star, self.floor))
            lows.append(np.nanmin(np.maximum(r.values - f_star, self.floor)))
        lo = max(min(lows), self.floor)
        hi = max(max(highs), lo * 10) * 10
        self.ax_loss.set_ylim(lo / 3, hi)
        params = ",  ".join(f"{SYMBOLS.get(k, k)} = {v:.3g}" for k, v in self.values.items())
        self.ax.set_title(self.title or f"{ls.title}", fontsize=10)
        self.ax_loss.set_title(params, fontsize=10)
        text = self.info_fn(ls, self.values, t) if self.info_fn is not None else ""
        buffer = BytesIO()
        self.fig.savefig(buffer, format="png", dpi=self.dpi)
        self.image.value = buffer.getvalue()
        self.last_seconds = time.perf_counter() - t0
        self.timings.append(self.last_seconds)
        self.status.value = f"{text} <span style='color:gray'>(redrawn in {1000 * self.last_seconds:.0f} ms)</span>"
        return self.last_seconds

    # ------------------------------------------------------------------ display
    def _repr_mimebundle_(self, **kwargs):
        import base64

        bundle = self.widget._repr_mimebundle_(**kwargs)
        bundle["image/png"] = base64.b64encode(self.image.value).decode("ascii")
        return bundle


def measured_rate(values, f_star: float = 0.0, skip: int = 10, window: int = 10) -> float:
    """Per-step convergence rate measured on a run, robust to oscillations.

    For a linear rate r, f(w_k) − f* shrinks like r^(2k) (times a bounded oscillating factor). Over
    the finite, positive values after ``skip`` steps, the rate is taken from the largest value in
    the first and in the last ``window`` steps (the peaks of an oscillation):
    r = (max_last / max_first)^(1 / (2 Δk)), Δk the distance between the two windows.
    """
    sub = np.asarray(values, dtype=float) - f_star
    ok = np.flatnonzero(np.isfinite(sub) & (sub > 0))
    ok = ok[ok >= skip]
    if ok.size < 2:
        return float("nan")
    a, b = int(ok[0]), int(ok[-1])
    window = max(1, min(window, (b - a) // 3))
    first = sub[a : a + window]
    last = sub[b - window + 1 : b + 1]
    first, last = first[np.isfinite(first)], last[np.isfinite(last)]
    distance = (b - window + 1) - a
    if distance <= 0 or first.size == 0 or last.size == 0:
        return float("nan")
    return float((last.max() / first.max()) ** (1.0 / (2 * distance)))
