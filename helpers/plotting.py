"""One colour per method (optimizer or initialization) across every figure of the course, and
labelled learning curves."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt

# The colour of each optimizer in the learning curves, the 2-D races and the animations of
# notebooks 1 and 2, so that "Adam" is the same colour in every figure of the course.
OPTIMIZER_COLORS = {
    "sgd": "#1f77b4",
    "momentum": "#ff7f0e",
    "nesterov": "#2ca02c",
    "adagrad": "#d62728",
    "rmsprop": "#9467bd",
    "rmsprop+momentum": "#8c564b",
    "adadelta": "#e377c2",
    "adam": "#17becf",
    "keras": "#333333",
    "student": "#e6550d",
}
# The colour of each initialization in notebook 3. No figure shows optimizers and
# initializations together, so the two tables may share colours.
INITIALIZER_COLORS = {
    "zeros": "#7f7f7f",
    "constant": "#bcbd22",
    "N(0, 0.01²)": "#d62728",
    "N(0, 1)": "#9467bd",
    "glorot_uniform": "#1f77b4",
    "he_normal": "#ff7f0e",
    "orthogonal": "#2ca02c",
}
# The colour of each regularization of notebook 4, the same in every one of its figures (its
# learning curves, weight histograms, dropout panels and the scoreboard).
REGULARIZATION_COLORS = {
    "none": "#d62728",
    "small network": "#bcbd22",
    "early stopping": "#8c564b",
    "L2": "#1f77b4",
    "L1": "#ff7f0e",
    "L1L2": "#9467bd",
    "dropout": "#2ca02c",
    "too much dropout": "#7f7f7f",
    "augmentation": "#e377c2",
    "combination": "#17becf",
}
_FALLBACK = plt.get_cmap("tab10").colors


def _key(name: str) -> str:
    return name.lower().replace(" ", "").replace("_", "")


_METHOD_COLORS = {_key(name): colour for name, colour in {**OPTIMIZER_COLORS, **INITIALIZER_COLORS}.items()}


def color_for(name: str, index: int = 0) -> str:
    """The course colour of a method, else the tab10 colour number ``index``.

    The name is read without case, spaces or underscores ("RMSprop", "rms_prop"), and a
    parenthesised suffix is allowed: "Adam (lr=0.01)" and "he_normal (yours)" get the colours of
    "adam" and "he_normal"."""
    key = _key(name)
    for known, colour in _METHOD_COLORS.items():
        if key == known or key.startswith(known + "("):
            return colour
    return _FALLBACK[index % len(_FALLBACK)]


def _is_known(name: str) -> bool:
    """Whether ``name`` is a method of the course (``color_for`` does not fall back)."""
    return color_for(name, 0) == color_for(name, 1)  # a fallback colour depends on the index


_SPARE = ("#bcbd22", "#000000", "#393b79", "#8c6d31", "#7b4173", "#637939", "#7f7f7f", OPTIMIZER_COLORS["student"])


def colors_for(names: Sequence[str]) -> dict[str, str]:
    """name -> colour, all different. A method of the course ("SGD", "Adam", "he_normal"...) gets
    ``color_for(name)``, the same in every figure; the other names (your functions) and a second
    name with an already used colour (e.g. "adam (mine)" after "Adam") get spare colours that no
    course optimizer uses, in a fixed order, so a name's colour does not depend on the methods
    listed with it."""
    out: dict[str, str] = {}
    for name in names:
        colour = color_for(name)
        if _is_known(name) and colour not in out.values():
            out[name] = colour
    for name in names:
        if name not in out:
            out[name] = next((c for c in _SPARE if c not in out.values()), None) or _unused_tab20(out.values())
    return {name: out[name] for name in names}


def _unused_tab20(used) -> str:
    """A tab20 colour that neither this figure nor any course optimizer uses (more than a dozen lines)."""
    course = set(OPTIMIZER_COLORS.values())
    return next(c for c in map(mpl.colors.to_hex, mpl.colormaps["tab20"].colors) if c not in used and c not in course)


def plot_histories(
    histories: Mapping[str, Mapping[str, Sequence[float]]],
    metric: str = "loss",
    ax=None,
    validation: bool = True,
    title: str | None = None,
    ylabel: str | None = None,
    logy: bool = False,
    ylim: tuple[float, float] | None = None,
    colors: Mapping[str, str] | None = None,
):
    """Learning curves: ``metric`` per epoch (1, 2, ...) for each labelled history, e.g. the
    ``"loss"``, ``"accuracy"`` or ``"ce"`` of ``helpers.training.fit``. Solid: training; dashed:
    validation, when ``validation`` is true and the history has ``val_<metric>``. One colour per
    run: ``colors[label]`` if given, else ``colors_for`` (a course method keeps its colour).
    ``ylabel`` defaults to the metric's name (``""``: none). Epochs are ticked at integers only, and
    the legend sits below the axes (:func:`legend_outside`), never on the curves. Returns the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4))
    colours = {**colors_for(list(histories)), **(colors or {})}
    for label, hist in histories.items():
        colour = colours[label]
        train = hist[metric]
        ax.plot(range(1, len(train) + 1), train, color=colour, label=f"{label} (train)" if validation else label)
        val = hist.get(f"val_{metric}")
        if validation and val is not None:
            ax.plot(range(1, len(val) + 1), val, color=colour, linestyle="--", label=f"{label} (val)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric.replace("_", " ") if ylabel is None else ylabel)
    if logy:
        ax.set_yscale("log")
    if ylim is not None:
        ax.set_ylim(*ylim)
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3, which="both")
    integer_ticks(ax)
    legend_outside(ax)
    return ax


def integer_ticks(ax, axis: str = "x") -> None:
    """Ticks at whole numbers only on ``axis`` (epochs, steps): no "epoch 2.5"."""
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_locator(mpl.ticker.MaxNLocator(integer=True))


def legend_outside(ax, ncol: int = 2, **kwargs):
    """The legend of ``ax`` below its x-axis label, in ``ncol`` columns, so that it hides no data
    (the inline backend saves figures with ``bbox_inches="tight"``: the legend is in the picture)."""
    options = {"loc": "upper center", "bbox_to_anchor": (0.5, -0.16), "ncol": ncol, "fontsize": "small", **kwargs}
    return ax.legend(**options)
