"""helpers.animation: colours, the static race figure, and the JavaScript player of a tiny race;
and bench/notebook2.py, which times them at the notebook's size."""

import base64
import importlib.util
import io
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from helpers import animation, landscapes
from helpers.plotting import OPTIMIZER_COLORS, color_for
from helpers.trajectories import Trajectory


def tiny_race(steps=12):
    land = landscapes.saddle()
    out = {}
    for i, name in enumerate(["SGD", "Adam", "my optimizer"]):
        k = np.arange(steps + 1)[:, None]
        points = np.hstack([1.0 - 0.9 * k / steps, (i + 1) * 0.3 * k / steps])
        out[name] = Trajectory(name, points, land.value(points))
    return land, out


def frames_of(html):
    found = re.findall(r'frames\[(\d+)\] = "data:image/png;base64,(.*?)"', html, flags=re.S)
    return [base64.b64decode(data.replace("\\\n", "").replace("\\", "")) for _, data in found]


def test_colors_follow_the_course_palette_and_stay_distinct():
    colors = animation.colors_for(["SGD", "Adam", "adam (mine)", "sign-SGD", "another one"])
    assert colors["SGD"] == color_for("SGD") and colors["Adam"] == color_for("Adam")
    assert len(set(colors.values())) == 5
    for name in ("adam (mine)", "sign-SGD", "another one"):
        assert colors[name] not in {OPTIMIZER_COLORS[k] for k in OPTIMIZER_COLORS if k != "student"}
    assert animation.colors_for(["sign-SGD"])["sign-SGD"] == animation.colors_for(["SGD", "sign-SGD"])["sign-SGD"]


def test_frame_steps_cover_the_run():
    shown = animation.frame_steps(150, 48)
    assert shown[0] == 0 and shown[-1] == 150 and len(shown) == 48 and np.all(np.diff(shown) > 0)
    assert list(animation.frame_steps(3, 48)) == [0, 1, 2, 3]


@pytest.mark.parametrize("palette", [True, False])
def test_animation_html_is_the_javascript_player_with_every_frame(palette):
    land, race = tiny_race()
    anim = animation.race_animation(land, race, frames=5, figsize=(3.0, 2.0), dpi=40)
    fig = anim._fig
    html = animation.animation_html(anim, palette=palette)
    assert "<script" in html
    for markup in ('class="animation"', 'class="anim-controls"', 'class="anim-buttons"', 'class="anim-slider"'):
        assert markup in html, markup
    assert "checked" in html.split('value="loop"')[1].split(">")[0], "plays in a loop by default"
    frames = frames_of(html)
    assert len(frames) == 5
    # the <img> starts with the last frame and its size (a picture without JavaScript, and in
    # JupyterLab's windowed notebooks), and the JavaScript object is created
    img = re.search(r'<img id="_anim_img[0-9a-f]{32}"[^>]*>', html).group(0)
    still = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]*)"', img).group(1))
    assert still == frames[-1]
    from PIL import Image

    width, height = Image.open(io.BytesIO(still)).size
    assert f'width="{width}"' in img and f'height="{height}"' in img
    assert re.search(r"new Animation\(frames, img_id", html)
    assert not plt.fignum_exists(fig.number), "the animation's figure is closed"
    # the last frame shows the paths: pixels of Adam's colour are present (drawn over the background)
    last = np.asarray(Image.open(io.BytesIO(frames[-1])).convert("RGB")).reshape(-1, 3).astype(int)
    adam = (np.array(matplotlib.colors.to_rgb(color_for("Adam"))) * 255).round().astype(int)
    assert (np.abs(last - adam).sum(axis=1) <= 12).sum() > 5
    first = np.asarray(Image.open(io.BytesIO(frames[0])).convert("RGB")).reshape(-1, 3).astype(int)
    assert (np.abs(first - adam).sum(axis=1) <= 12).sum() < (np.abs(last - adam).sum(axis=1) <= 12).sum()


@pytest.mark.parametrize("palette", [True, False])
def test_the_player_works_offline_with_labelled_buttons(palette):
    land, race = tiny_race()
    html = animation.animation_html(
        animation.race_animation(land, race, frames=2, figsize=(2.0, 2.0), dpi=30), palette=palette
    )
    markup = re.sub(r"(data:image/png;base64,)[^\"]*", r"\1", html)  # the frames: base64 may spell anything
    for remote in ("http", "font-awesome", 'class="fa'):
        assert remote not in markup, remote
    assert not re.search(r"(?:src|href)\s*=\s*[\"'](?!data:)", markup), "loads nothing but its own frames"
    buttons = re.findall(r'<button title="([^"]+)"[^>]*>\s*<span class="anim-button">([^<]+)</span>', html)
    assert len(buttons) == 9 and len({label for _, label in buttons}) == 9, buttons
    assert dict(buttons)["Play"] == "\u25b6\ufe0e" and dict(buttons)["Pause"] == "\u275a\u275a"


def test_figures_are_drawn_for_a_room():
    import inspect

    from helpers import widgets

    assert inspect.signature(animation.race_animation).parameters["dpi"].default >= 100
    assert inspect.signature(widgets.Dashboard).parameters["dpi"].default >= 100


def test_player_ids_are_deterministic_and_distinct():
    land, race = tiny_race()
    html = animation.animation_html(animation.race_animation(land, race, frames=2, figsize=(2.0, 2.0), dpi=30))
    ids = set(re.findall(r"_anim_img([0-9a-f]{32})", html))
    assert len(ids) == 1
    fake = html.replace(ids.pop(), "0123456789abcdef" * 2)
    again = animation.stable_ids(fake)
    assert "0123456789abcdef" * 2 not in again and again != fake
    assert animation.stable_ids(fake) != again, "two players in one page get different ids"


def test_race_animation_html_reports_size_and_time():
    land, race = tiny_race()
    html, info = animation.race_animation_html(land, race, frames=4, figsize=(3.0, 2.0), dpi=40)
    assert info["bytes"] == len(html.encode()) and info["frames"] == 4 and info["seconds"] > 0


def test_race_figure_is_labelled():
    land, race = tiny_race()
    fig = animation.race_figure(land, race, radius=1.25)
    ax, ax2 = fig.axes
    (legend,) = fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["SGD", "Adam", "my optimizer", "start"]
    fig.canvas.draw()
    below = legend.get_window_extent().y1
    assert below <= min(a.get_window_extent().y0 for a in (ax, ax2)), "the legend is below both panels, on no path"
    assert ax.get_xlabel() == "x" and ax.get_ylabel() == "y" and ax.get_title()
    assert "saddle" in ax2.get_ylabel() and ax2.get_xlabel() == "step k"
    plt.close(fig)
    fig = animation.race_figure(
        landscapes.beale(), {"SGD": Trajectory("SGD", np.array([[1.0, 1.5], [2.0, 0.5]]), np.array([41.2, 0.3]))}
    )
    assert "f^*" in fig.axes[1].get_ylabel()
    plt.close(fig)


@pytest.mark.slow
def test_bench_times_notebook_2s_race_animation_and_sliders():
    path = Path(__file__).resolve().parents[2] / "bench" / "notebook2.py"
    spec = importlib.util.spec_from_file_location("bench_notebook2", path)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    result = bench.measure(repeat=1)
    assert set(result) == {
        "saddle_race_s",
        "saddle_animation_s",
        "saddle_animation_mb",
        "slider_redraw_median_s",
        "slider_redraw_max_s",
    }
    assert all(value > 0 for value in result.values())
    assert result["slider_redraw_median_s"] <= result["slider_redraw_max_s"]
