"""Small PNG plots for reports, drawn without pyplot (no global figure state, no GUI backend)."""

from __future__ import annotations

import io

import numpy as np
from matplotlib.figure import Figure

KERAS_COLOR, STUDENT_COLOR = "#333333", "#e6550d"


def trajectory_figure(fig_data: dict) -> Figure:
    """Coordinates of a weight tensor, step by step: Keras's (solid) and the student's (dashed)."""
    keras, student = np.asarray(fig_data["keras"]), np.asarray(fig_data["student"])
    fig = Figure(figsize=(6.4, 3.2), dpi=80)
    ax = fig.add_subplot()
    for j, coord in enumerate(fig_data["coords"]):
        shade = 0.35 + 0.3 * j
        ax.plot(range(len(keras)), keras[:, j], color=KERAS_COLOR, alpha=shade, lw=2, label=f"Keras w[{coord}]")
        ax.plot(
            range(len(student)),
            student[:, j],
            color=STUDENT_COLOR,
            alpha=shade,
            ls="--",
            marker="o",
            ms=3,
            label=f"yours w[{coord}]",
        )
    if fig_data.get("leave"):
        ax.axvline(fig_data["leave"], color="red", lw=1, ls=":", label=f"leaves at step {fig_data['leave']}")
    ax.set_xlabel("step")
    tensor = fig_data.get("parameter", 0)  # which of the case's weight tensors (kernel, bias...) leaves first
    ax.set_ylabel("weight coordinates" if tensor == 0 else f"weight coordinates (tensor {tensor + 1})")
    ax.set_title(fig_data["title"], fontsize=9)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=2, loc="best")
    fig.tight_layout()
    return fig


def trajectory_png(fig_data: dict) -> bytes:
    fig = trajectory_figure(fig_data)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


PLOTTERS = {"trajectory": trajectory_png}


def render(fig_data: dict | None) -> bytes | None:
    if fig_data is None:
        return None
    return PLOTTERS[fig_data["kind"]](fig_data)
