"""Race figures: optimizers' trajectories on a landscape, as a static figure and as an animation.

The animation is **pre-computed, then drawn**: the trajectories exist before the first frame (see
``helpers.trajectories.race``). Everything that does not move (contours, axes, legend) is rendered
once into a background image, and each frame only changes the data of one path line and one head
marker per optimizer and the step counter (blit-friendly artists, ``FuncAnimation(blit=True)``).
``animation_html`` turns it into matplotlib's JavaScript player (the one of ``to_jshtml``:
play/pause/step buttons, a slider, no ffmpeg), with the frames embedded as 8-bit palette PNGs,
deterministic element ids, the last frame as the still picture shown before (or without)
JavaScript, and buttons labelled with plain characters instead of icons loaded from a CDN, so
that it works offline. 48 frames at 100 dpi weigh about 1-2 MB and take 2-3 s to draw.

Colours come from ``helpers.plotting.colors_for`` (the course's colour of each optimizer), made
distinct when two names would share one (e.g. "Adam" and "adam (mine)"). What this module needs
of matplotlib's private internals goes through ``helpers.compat``.
"""

from __future__ import annotations

import base64
import hashlib
import itertools
import tempfile
import time
from collections.abc import Mapping, Sequence
from io import BytesIO
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.animation import FuncAnimation, HTMLWriter
from matplotlib.colors import LogNorm

from helpers import compat
from helpers.landscapes import Landscape
from helpers.plotting import colors_for
from helpers.trajectories import Trajectory


def draw_landscape(ax, landscape: Landscape, n: int = 160, filled: bool = True, lines: bool = True, marks: bool = True):
    """Contour plot of ``landscape`` over its window on ``ax`` (grey shades, so that the coloured
    trajectories stand out), its minimisers (★) and saddle points (✕), axis labels and limits."""
    X, Y, Z = landscape.grid(n)
    levels = np.asarray(landscape.levels) if len(landscape.levels) else 15
    norm = None
    if landscape.log_levels:
        norm = LogNorm(vmin=float(np.min(levels)), vmax=float(np.max(levels)))
        Z = np.clip(Z, float(np.min(levels)) * 0.5, None)
    if filled:
        ax.contourf(X, Y, Z, levels=levels, cmap="Greys", norm=norm, alpha=0.45, extend="both")
    if lines:
        ax.contour(X, Y, Z, levels=levels, colors="0.45", linewidths=0.5, linestyles="solid")
    if marks:
        for m in landscape.minima:
            ax.plot(*m, marker="*", ms=12, color="gold", mec="k", mew=0.7, ls="none", zorder=5)
        for s in landscape.saddles:
            ax.plot(*s, marker="X", ms=8, color="white", mec="k", mew=0.8, ls="none", zorder=5)
    ax.set_xlim(*landscape.xlim)
    ax.set_ylim(*landscape.ylim)
    ax.set_xlabel("x")
    ax.set_ylabel("y")
    return ax


def _legend_handles(names, colors):
    from matplotlib.lines import Line2D

    return [Line2D([], [], color=colors[n], lw=2, marker="o", ms=4, mec="k", mew=0.4, label=n) for n in names]


def _start_handle():
    from matplotlib.lines import Line2D

    return [Line2D([], [], ls="none", marker="o", ms=6, mfc="white", mec="k", label="start")]


def race_figure(
    landscape: Landscape,
    trajectories: Mapping[str, Trajectory],
    title: str | None = None,
    panel: str | None = "auto",
    radius: float | None = None,
    figsize=(11.0, 4.2),
):
    """Static figure of a finished race: the trajectories on the contour plot (○ start, ● last
    point) and a second panel against the step k, with one legend below both panels:

    - ``panel="loss"``: f(w_k) − f* on a log scale (needs f*);
    - ``panel="distance"``: the distance ‖w_k − saddle‖ to the (first) saddle point on a log
      scale, with the circle of ``radius`` (if given) drawn on both panels — for a landscape
      unbounded below, where f − f* is undefined;
    - ``"auto"``: ``"loss"`` when f* is defined, else ``"distance"``; ``None``: no second panel.

    Returns the figure.
    """
    names = list(trajectories)
    colors = colors_for(names)
    if panel == "auto":
        panel = "loss" if landscape.f_star is not None else "distance"
    if panel:
        fig, (ax, ax2) = plt.subplots(1, 2, figsize=figsize, gridspec_kw={"width_ratios": [1.15, 1]})
    else:
        fig, ax = plt.subplots(figsize=(figsize[0] / 2, figsize[1]))
        ax2 = None
    draw_landscape(ax, landscape, lines=False)  # filled contours only: lighter PNGs
    width, height = np.ptp(landscape.xlim), np.ptp(landscape.ylim)
    if 0.5 <= width / height <= 2.0:
        ax.set_aspect("equal", adjustable="box")  # circles look round
    for name, t in trajectories.items():
        ax.plot(t.points[:, 0], t.points[:, 1], "-", color=colors[name], lw=1.6, label=name)
        ok = np.isfinite(t.points).all(axis=1)
        ax.plot(*t.points[ok][-1], "o", color=colors[name], ms=5, mec="k", mew=0.5)
    ax.plot(*trajectories[names[0]].points[0], "o", ms=7, mfc="white", mec="k", label="start", zorder=6)
    center = np.asarray(landscape.saddles[0] if landscape.saddles else (0.0, 0.0), dtype=float)
    if radius is not None:
        ax.add_patch(plt.Circle(center, radius, fill=False, ls="--", lw=1.0, ec="k"))
    ax.set_title(f"{landscape.title}: {landscape.formula}", fontsize=10)
    if ax2 is not None:
        for name, t in trajectories.items():
            k = np.arange(len(t.values))
            if panel == "loss":
                ax2.plot(
                    k, np.maximum(landscape.suboptimality(t.values), 1e-16), color=colors[name], lw=1.5, label=name
                )
            else:
                ax2.plot(k, np.linalg.norm(t.points - center, axis=1), color=colors[name], lw=1.5, label=name)
        ax2.set_yscale("log")
        if panel == "loss":
            ax2.set_ylabel(r"$f(w_k) - f^*$")
            ax2.set_title("loss along the trajectory", fontsize=10)
        else:
            ax2.set_ylabel(r"distance to the saddle point $\|w_k - w_s\|$")
            ax2.set_title("leaving the saddle point", fontsize=10)
            if radius is not None:
                ax2.axhline(radius, color="k", ls="--", lw=1.0)
                ax2.annotate(f"r = {radius:g}", xy=(0, radius), xytext=(2, 3), textcoords="offset points", fontsize=8)
            lo, hi = ax2.get_ylim()
            ax2.set_ylim(lo, min(hi, 1e3))
        ax2.set_xlabel("step k")
        ax2.grid(alpha=0.3)
    if title:
        fig.suptitle(title)
    fig.tight_layout()
    # one legend for both panels (same colours), below them: on the contour plot it hid the paths
    fig.legend(
        handles=_legend_handles(names, colors) + _start_handle(),
        loc="upper center",
        bbox_to_anchor=(0.5, 0.0),
        ncol=min(len(names) + 1, 5),
        fontsize=9,
        frameon=False,
    )
    return fig


def frame_steps(steps: int, frames: int) -> np.ndarray:
    """The step shown by each frame: ``frames`` steps from 0 to ``steps``, evenly spaced."""
    frames = max(2, min(frames, steps + 1))
    return np.unique(np.round(np.linspace(0, steps, frames)).astype(int))


def race_animation(
    landscape: Landscape,
    trajectories: Mapping[str, Trajectory],
    frames: int = 48,
    fps: int = 10,
    figsize=(6.8, 4.2),
    dpi: int = 100,
    title: str | None = None,
    tail: int | None = None,
):
    """A ``FuncAnimation`` of the race: frame j shows every path up to step ``frame_steps[j]``
    (the whole past, or the last ``tail`` steps) with a marker at its head, and the step counter.

    Everything that does not move — filled contours, minimiser/saddle marks, start point, axes,
    ticks, title, legend — is rendered **once** into a background image (``figimage``); the
    animated axes on top of it, at the same position and limits, hold only the blit-friendly
    artists whose data ``update`` changes. A frame then costs a few milliseconds instead of the
    ~100 ms that laying out the tick labels and the legend again would take. The figure is not
    shown by the inline backend: call :func:`animation_html`, which closes it.
    """
    names = list(trajectories)
    colors = colors_for(names)
    pts = [np.asarray(trajectories[n].points, dtype=float) for n in names]
    total = len(pts[0]) - 1
    shown = frame_steps(total, frames)
    rect = [0.09, 0.12, 0.60, 0.78]
    with plt.ioff():
        fig = plt.figure(figsize=figsize, dpi=dpi, facecolor="white")
    # -- the static background, drawn once
    ax = fig.add_axes(rect)
    draw_landscape(ax, landscape, n=120, lines=False)
    ax.set_title(title or f"{landscape.title}: {landscape.formula}", fontsize=9)
    ax.plot(*pts[0][0], "o", ms=6, mfc="white", mec="k", zorder=4)
    fig.legend(
        handles=_legend_handles(names, colors) + _start_handle(),
        loc="center left",
        bbox_to_anchor=(0.71, 0.5),
        fontsize=9,
        frameon=False,
        title="optimizer",
        title_fontsize=9,
    )
    fig.canvas.draw()
    background = np.asarray(fig.canvas.buffer_rgba()).copy()
    fig.clear()
    fig.figimage(background, 0, 0, origin="upper", zorder=-10)
    # -- the animated layer
    ax = fig.add_axes(rect, frameon=False)
    ax.set_xlim(*landscape.xlim)
    ax.set_ylim(*landscape.ylim)
    ax.set_axis_off()
    paths, heads = [], []
    for name in names:
        (line,) = ax.plot([], [], "-", color=colors[name], lw=1.8)
        (head,) = ax.plot([], [], "o", color=colors[name], ms=6, mec="k", mew=0.5)
        paths.append(line)
        heads.append(head)
    counter = ax.text(
        0.02,
        0.97,
        "",
        transform=ax.transAxes,
        va="top",
        ha="left",
        fontsize=9,
        family="monospace",
        bbox=dict(boxstyle="round", fc="white", ec="0.6", alpha=0.9),
    )

    def init():
        for line, head in zip(paths, heads):
            line.set_data([], [])
            head.set_data([], [])
        counter.set_text("")
        return (*paths, *heads, counter)

    def update(j):
        k = int(shown[j])
        lo = 0 if tail is None else max(0, k - tail)
        for p, line, head in zip(pts, paths, heads):
            line.set_data(p[lo : k + 1, 0], p[lo : k + 1, 1])
            head.set_data(p[k : k + 1, 0], p[k : k + 1, 1])
        counter.set_text(f"step {k:>3d}/{total}")
        return (*paths, *heads, counter)

    anim = FuncAnimation(fig, update, frames=len(shown), init_func=init, interval=1000 / fps, blit=True, repeat=True)
    anim.line_colors = list(colors.values())  # for the frames' palette (animation_html)
    return anim


def frame_palette(colors: Sequence[str], greys: int = 96) -> list[tuple[int, int, int]]:
    """The fixed palette of the animation frames: ``greys`` grey levels (the contours, axes and
    text are grey or black), and for every line colour the colour itself plus its blends with
    white, grey and black (the anti-aliased edges of the lines). At most 256 entries."""
    out = [(int(v), int(v), int(v)) for v in np.linspace(0, 255, greys)]
    for colour in list(colors) + ["gold"]:
        rgb = np.array(mpl.colors.to_rgb(colour)) * 255
        for other in (255.0, 200.0, 128.0, 0.0):
            for t in (1.0, 0.75, 0.5, 0.25):
                out.append(tuple(int(round(c)) for c in t * rgb + (1 - t) * other))
    out = list(dict.fromkeys(out))
    if len(out) > 256:
        raise ValueError("too many colours for one palette")
    return out


class PaletteHTMLWriter(HTMLWriter):
    """matplotlib's ``HTMLWriter`` (the JavaScript player of ``to_jshtml``) with each frame stored
    as an 8-bit palette PNG instead of a 32-bit RGBA PNG: the same player markup, about three times
    fewer bytes for these flat-shaded frames. The palette is fixed (:func:`frame_palette` of the
    lines' colours), so that no optimizer's colour is lost to the grey shades; without ``colors``
    an adaptive 64-colour palette is used."""

    def __init__(self, *args, colors: Sequence[str] | None = None, **kwargs):
        from PIL import Image

        kwargs.setdefault("embed_frames", True)
        super().__init__(*args, **kwargs)
        self._palette = None
        if colors is not None:
            flat = [c for rgb in frame_palette(colors) for c in rgb]
            self._palette = Image.new("P", (1, 1))
            self._palette.putpalette(flat + flat[-3:] * (256 - len(flat) // 3))

    def grab_frame(self, **savefig_kwargs):
        if not self.embed_frames:
            return super().grab_frame(**savefig_kwargs)
        if compat.frame_limit_reached(self):
            return
        from PIL import Image

        self.fig.canvas.draw()  # at the figure's dpi; animated artists are drawn while saving
        rgb = Image.fromarray(np.ascontiguousarray(np.asarray(self.fig.canvas.buffer_rgba())[..., :3]))
        if self._palette is not None:
            image = rgb.quantize(palette=self._palette, dither=Image.Dither.NONE)
        else:
            image = rgb.quantize(64, dither=Image.Dither.NONE)
        buffer = BytesIO()
        image.save(buffer, format="png")
        compat.embed_png_frame(self, buffer.getvalue())


_PLAYERS = itertools.count()


def stable_ids(html: str) -> str:
    """Replace the random ``uuid4`` id that matplotlib's player gives its elements and its
    JavaScript object (``_anim_img<id>``, ``anim<id>``, ...) by a hash of the HTML and of the
    number of players made in this process: the same notebook run twice then writes the same
    bytes, and two players in one page still have different ids."""
    for old in sorted(set(compat.PLAYER_ID.findall(html))):
        digest = hashlib.sha256(html.replace(old, "").encode() + str(next(_PLAYERS)).encode()).hexdigest()[:32]
        html = html.replace(old, digest)
    return html


def animation_html(
    anim, default_mode: str = "loop", embed_limit_mb: float = 4.0, palette: bool = True, fps: float | None = None
) -> str:
    """The JavaScript player of ``anim`` as an HTML string, then close the animation's figure (so
    the inline backend does not also show it as a still image).

    ``palette=False`` is exactly ``anim.to_jshtml(fps, default_mode=...)`` (frames as RGBA PNGs);
    ``palette=True`` writes the same player with :class:`PaletteHTMLWriter` (8-bit PNG frames, with
    a palette made for the animation's ``line_colors`` when it has them).
    ``embed_limit_mb`` is the size above which matplotlib stops embedding frames. The player's
    random element ids are replaced by deterministic ones (:func:`stable_ids`), and its image
    starts with the last frame (see :func:`_with_still_image`), and its buttons need no network
    (see :func:`offline_buttons`).
    """
    fps = fps if fps is not None else 1000.0 / compat.animation_interval_ms(anim)
    with mpl.rc_context({"animation.embed_limit": embed_limit_mb, "animation.frame_format": "png"}):
        if palette:
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "animation.html"
                writer = PaletteHTMLWriter(
                    fps=fps,
                    default_mode=default_mode,
                    embed_limit=embed_limit_mb,
                    colors=getattr(anim, "line_colors", None),
                )
                anim.save(str(path), writer=writer)
                html = path.read_text()
        else:
            html = anim.to_jshtml(fps=fps, default_mode=default_mode)
    plt.close(compat.animation_figure(anim))
    return offline_buttons(stable_ids(_with_still_image(html)))


# The player's font-awesome icons, as characters every font has. U+FE0E asks for the text (not
# the emoji) presentation of the triangles.
_BUTTON_TEXT = {
    "fa-minus": "\u2212",
    "fa-fast-backward": "|\u25c0\ufe0e\u25c0\ufe0e",
    "fa-step-backward": "|\u25c0\ufe0e",
    "fa-play fa-flip-horizontal": "\u25c0\ufe0e",
    "fa-pause": "\u275a\u275a",
    "fa-play": "\u25b6\ufe0e",
    "fa-step-forward": "\u25b6\ufe0e|",
    "fa-fast-forward": "\u25b6\ufe0e\u25b6\ufe0e|",
    "fa-plus": "+",
}


def offline_buttons(html: str) -> str:
    """The player without its link to font-awesome's stylesheet on a CDN: each button icon
    (``<i class="fa fa-play"></i>``) becomes plain text (▶), so that the buttons keep their labels
    offline, in an exported page and on a projector without network. The buttons' ``title`` and
    ``aria-label`` already name them."""
    html = compat.ICON_STYLESHEET.sub("", html)
    return compat.ICON.sub(lambda m: f'<span class="anim-button">{_BUTTON_TEXT[m.group(1)]}</span>', html)


def _with_still_image(html: str) -> str:
    """Put the last frame into the player's ``<img>`` as its initial ``src``, with its size.

    matplotlib's player leaves the ``<img>`` empty until its JavaScript sets a frame. Where the
    JavaScript does not run (an untrusted notebook, a code host) the page then shows only the
    buttons; and in JupyterLab's windowed notebooks an image that gets its first ``src`` from the
    script while its cell is off screen can stay 0 x 0 pixels. With the last frame (the finished
    race) in the markup, the player always shows a picture; the script replaces it by frame 0."""
    frames = compat.EMBEDDED_FRAME.findall(html)
    if not frames:
        return html
    last = frames[-1].replace("\\\n", "").replace("\n", "")
    header = base64.b64decode(last.split(",", 1)[1][:32])
    width, height = int.from_bytes(header[16:20], "big"), int.from_bytes(header[20:24], "big")
    return compat.PLAYER_IMG.sub(
        lambda m: (
            f'<img id="{m.group(1)}" width="{width}" height="{height}" '
            f'style="max-width: 100%; height: auto;" alt="animation" src="{last}">'
        ),
        html,
        count=1,
    )


def race_animation_html(
    landscape: Landscape,
    trajectories: Mapping[str, Trajectory],
    default_mode: str = "loop",
    palette: bool = True,
    **kwargs,
) -> tuple[str, dict]:
    """Build the animation (:func:`race_animation` with ``kwargs``) and its player; return
    ``(html, info)``, ``info`` holding the build time in seconds, the HTML size in bytes and the
    number of frames."""
    t0 = time.perf_counter()
    anim = race_animation(landscape, trajectories, **kwargs)
    frames = compat.animation_frame_count(anim)
    html = animation_html(anim, default_mode=default_mode, palette=palette)
    return html, {"seconds": time.perf_counter() - t0, "bytes": len(html.encode()), "frames": frames}
