"""Labelled plots with one colour per optimizer (or per configuration) across every notebook."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import matplotlib as mpl
import matplotlib.pyplot as plt

# One colour per optimizer, shared by the learning curves, the 2-D races and the animations, so
# that "Adam" is the same colour in every figure of the course.
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
_FALLBACK = plt.get_cmap("tab10").colors


def color_for(name: str, index: int = 0) -> str:
    """The course colour of an optimizer name (case and spaces ignored), else a tab10 colour."""
    key = name.lower().replace(" ", "").replace("_", "")
    for known, colour in OPTIMIZER_COLORS.items():
        if key == known or key.startswith(known + "("):
            return colour
    return _FALLBACK[index % len(_FALLBACK)]


_SPARE = ("#bcbd22", "#000000", "#393b79", "#8c6d31", "#7b4173", "#637939", "#7f7f7f", OPTIMIZER_COLORS["student"])


def colors_for(names: Sequence[str]) -> dict[str, str]:
    """name -> colour. A name the course knows ("SGD", "Adam", ...) gets ``color_for(name)``, the
    same in every figure of the course; other names (your functions) get spare colours that no
    course optimizer uses, in a fixed order; a colour already taken in this figure is never
    reused (e.g. "Adam" and "adam (mine)" differ)."""
    course = set(OPTIMIZER_COLORS.values())
    out: dict[str, str] = {}
    for name in names:
        known = color_for(name, 0) == color_for(name, 1)  # a fallback colour depends on the index
        colour = color_for(name) if known else None
        if colour is None or colour in out.values():
            colour = next((c for c in _SPARE if c not in out.values()), None)
            if colour is None:  # more than a dozen lines: any tab20 colour not in use
                colour = next(
                    c
                    for c in map(mpl.colors.to_hex, mpl.colormaps["tab20"].colors)
                    if c not in out.values() and c not in course
                )
        out[name] = colour
    return out


def plot_histories(
    histories: Mapping[str, Mapping[str, Sequence[float]]],
    metric: str = "loss",
    ax=None,
    validation: bool = True,
    title: str | None = None,
    logy: bool = False,
):
    """Learning curves: ``metric`` per epoch for each labelled history (solid: training; dashed:
    validation, when the history has ``val_<metric>``). Returns the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 4))
    colours = colors_for(list(histories))
    for label, hist in histories.items():
        colour = colours[label]
        epochs = range(1, len(hist[metric]) + 1)
        ax.plot(epochs, hist[metric], color=colour, label=f"{label} (train)" if validation else label)
        val = hist.get(f"val_{metric}")
        if validation and val is not None:
            ax.plot(range(1, len(val) + 1), val, color=colour, linestyle="--", label=f"{label} (val)")
    ax.set_xlabel("epoch")
    ax.set_ylabel(metric.replace("_", " "))
    if logy:
        ax.set_yscale("log")
    if title:
        ax.set_title(title)
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax
