"""helpers.compat: the matplotlib internals helpers relies on are still there, and a change is
reported clearly."""

import gc

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from matplotlib.animation import FuncAnimation, HTMLWriter

from helpers import compat


def test_check_passes_on_the_installed_matplotlib():
    compat.check()


def test_written_for_names_a_version():
    assert compat.WRITTEN_FOR.count(".") == 2


@pytest.mark.filterwarnings("ignore:Animation was deleted without rendering")
def test_animation_internals_are_read():
    with plt.ioff():
        fig = plt.figure()
    anim = FuncAnimation(fig, lambda i: [], frames=7, interval=125)
    assert compat.animation_figure(anim) is fig
    assert compat.animation_interval_ms(anim) == 125
    assert compat.animation_frame_count(anim) == 7
    plt.close(fig)
    del anim
    gc.collect()  # here, where its warning about never being drawn is ignored


def test_embedded_frames_respect_the_size_limit(tmp_path):
    with plt.ioff():
        fig = plt.figure(figsize=(1, 1), dpi=10)
    writer = HTMLWriter(fps=5, embed_frames=True, embed_limit=100 / 2**20)  # 100 bytes
    with writer.saving(fig, str(tmp_path / "player.html"), dpi=10):
        compat.embed_png_frame(writer, b"x" * 30)  # 41 bytes of base64
        assert not compat.frame_limit_reached(writer)
        with pytest.warns(UserWarning, match="frames dropped"):
            compat.embed_png_frame(writer, b"x" * 60)
        assert compat.frame_limit_reached(writer)
    assert len(compat.EMBEDDED_FRAME.findall((tmp_path / "player.html").read_text())) == 1
    plt.close(fig)


def test_check_names_what_changed(monkeypatch):
    monkeypatch.setattr(compat, "animation_interval_ms", lambda anim: anim._renamed_interval)
    with pytest.raises(compat.CompatError, match=r"FuncAnimation's private attributes.*written for matplotlib"):
        compat.check()
    monkeypatch.undo()
    monkeypatch.setattr(compat, "EMBEDDED_FRAME", compat.re.compile("frame_data = (.*)"))
    with pytest.raises(compat.CompatError, match="embeds its frames"):
        compat.check()
