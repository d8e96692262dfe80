"""Every place where ``helpers`` relies on a library's private internals, in one module.

All of them are matplotlib's, written for matplotlib ``WRITTEN_FOR`` (``helpers.animation`` uses
them):

- a ``FuncAnimation`` keeps its figure, its frame interval and its number of frames only in
  private attributes (``_fig``, ``_interval``, ``_save_count``);
- ``HTMLWriter`` (the JavaScript player of ``to_jshtml``) embeds frames through private fields
  (``_saved_frames``, ``_total_bytes``, ``_bytes_limit``, ``_hit_limit``), which a writer that
  stores its own PNG frames has to fill the same way;
- the player's markup is undocumented: its element ids are ``_anim_img`` followed by a random
  32-digit hex ``uuid4``, its ``<img>`` starts empty, each embedded frame is a JavaScript line
  ``frames[i] = "data:image/png;base64,..."``, and its buttons are font-awesome icons
  (``<i class="fa fa-play"></i>``) whose stylesheet is a ``<link>`` to a CDN.

:func:`check` fails, naming what changed, when the installed matplotlib no longer has one of
these; ``tests/helpers/test_compat.py`` runs it.
"""

from __future__ import annotations

import base64
import re
import warnings

WRITTEN_FOR = "3.11.2"

# The player's markup, as matplotlib's ``_animation_data.DISPLAY_TEMPLATE`` and
# ``animation._embedded_frames`` write it.
PLAYER_ID = re.compile(r"_anim_img([0-9a-f]{32})")
PLAYER_IMG = re.compile(r'<img id="(_anim_img[0-9a-f]{32})">')
EMBEDDED_FRAME = re.compile(r'frames\[\d+\] = "(data:image/png;base64,[^"]*)"')
ICON_STYLESHEET = re.compile(r'<link rel="stylesheet"\s*href="[^"]*font-awesome[^"]*">\s*')
ICON = re.compile(r'<i class="fa ([a-z -]+)"></i>')


class CompatError(RuntimeError):
    """The installed matplotlib no longer has an internal that ``helpers`` relies on."""


def animation_figure(anim):
    """The figure an animation draws on."""
    return anim._fig


def animation_interval_ms(anim) -> float:
    """The delay between frames, in milliseconds, that the animation was made with."""
    return anim._interval


def animation_frame_count(anim) -> int:
    """The number of frames a ``FuncAnimation`` saves (its ``frames``, or ``save_count``)."""
    return anim._save_count


def frame_limit_reached(writer) -> bool:
    """Whether an embedding ``HTMLWriter`` has dropped frames for exceeding its size limit."""
    return writer._hit_limit


def embed_png_frame(writer, png: bytes) -> None:
    """Store one PNG frame in an embedding ``HTMLWriter`` (``embed_frames=True``, between
    ``setup`` and ``finish``) as its own ``grab_frame`` does: base64 text counted against the
    writer's ``embed_limit``; the frame that exceeds it and every later one are dropped, with a
    warning."""
    data = base64.encodebytes(png).decode("ascii")
    writer._total_bytes += len(data)
    if writer._total_bytes >= writer._bytes_limit:
        warnings.warn(f"animation larger than {writer._bytes_limit / 2**20:g} MB: later frames dropped", stacklevel=2)
        writer._hit_limit = True
    else:
        writer._saved_frames.append(data)


def check() -> None:
    """Build a two-frame animation and its player the way ``helpers.animation`` does, through the
    functions above; raise :class:`CompatError` naming the internal that changed."""
    import tempfile
    from io import BytesIO
    from pathlib import Path

    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib.animation import FuncAnimation, HTMLWriter

    def fail(what: str, error: Exception | None = None):
        raise CompatError(
            f"matplotlib {mpl.__version__} changed {what} (helpers/compat.py was written for matplotlib "
            f"{WRITTEN_FOR}): update helpers/compat.py and its callers in helpers/animation.py"
            + (f" ({type(error).__name__}: {error})" if error else "")
        ) from error

    class Probe(HTMLWriter):  # stores its frames as helpers.animation.PaletteHTMLWriter does
        def grab_frame(self, **savefig_kwargs):
            if not frame_limit_reached(self):
                buffer = BytesIO()
                self.fig.savefig(buffer, format="png")
                embed_png_frame(self, buffer.getvalue())

    with plt.ioff():
        fig = plt.figure(figsize=(1.0, 1.0), dpi=20)
    anim = FuncAnimation(fig, lambda i: [], frames=2, interval=250, blit=False)
    try:
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "player.html"
            try:  # saved first: an animation never drawn warns when it is deleted
                anim.save(str(path), writer=Probe(fps=4, embed_frames=True, embed_limit=1.0))
            except AttributeError as error:
                fail("HTMLWriter's private fields (_saved_frames, _total_bytes, _bytes_limit, _hit_limit)", error)
            html = path.read_text()
        try:
            found = (animation_figure(anim), animation_interval_ms(anim), animation_frame_count(anim))
        except AttributeError as error:
            fail("FuncAnimation's private attributes (_fig, _interval, _save_count)", error)
        if found != (fig, 250, 2):
            fail(f"FuncAnimation's private attributes: _fig, _interval, _save_count read {found}")
    finally:
        plt.close(fig)
    if len(EMBEDDED_FRAME.findall(html)) != 2:
        fail('how the JavaScript player embeds its frames (frames[i] = "data:image/png;base64,...")')
    if len(ICON_STYLESHEET.findall(html)) != 1 or len(ICON.findall(html)) != 9:
        fail('the player\'s font-awesome stylesheet <link> and its nine <i class="fa ..."> button icons')
    if len(set(PLAYER_ID.findall(html))) != 1 or len(PLAYER_IMG.findall(html)) != 1:
        fail('the ids of the JavaScript player\'s elements or its empty <img id="_anim_img...">')
