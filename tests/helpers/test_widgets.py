"""helpers.widgets: the slider dashboard builds, and a value change updates the plotted data."""

import numpy as np
import pytest

from helpers import landscapes, widgets

pytest.importorskip("ipywidgets")


def goh_momentum(w, g, state, alpha=0.1, beta=0.0):
    z = beta * state.get("z", 0.0) + g
    state["z"] = z
    return w - alpha * z


def quadratic_dashboard(**kwargs):
    def critically_damp_the_flat_end(land, values):
        return {"alpha": 1.0, "beta": landscapes.critical_momentum(1.0, land.params["lam_min"])}

    return widgets.Dashboard(
        landscapes.quadratic,
        goh_momentum,
        hyper={"alpha": widgets.slider("α", 1.0, 0.01, 4.0, log=True), "beta": widgets.slider("β", 0.5, 0.0, 0.99)},
        shape={"kappa": widgets.slider("κ", 100.0, 1.0, 1000.0, log=True)},
        steps=40,
        compare={"β = 0": {"beta": 0.0}},
        buttons={"damp": critically_damp_the_flat_end},
        info=lambda land, values, t: f"kappa {land.params['kappa']:g}",
        **kwargs,
    )


def test_dashboard_builds_with_sliders_image_and_initial_drawing():
    d = quadratic_dashboard()
    assert d.image.value[:8] == b"\x89PNG\r\n\x1a\n"
    assert len(d.path.get_xdata()) == 41 and len(d.loss.get_xdata()) == 41
    assert d.values == pytest.approx({"kappa": 100.0, "alpha": 1.0, "beta": 0.5})
    assert d.status.value.startswith("kappa 100 ") and "redrawn in" in d.status.value
    assert d.ax.get_xlabel() == "x" and d.ax_loss.get_xlabel() == "step k"
    sliders = [c for c in d.widget.children[0].children if hasattr(c, "min")]
    assert len(sliders) == 3


def test_the_dashboard_legend_sits_below_both_panels():
    d = quadratic_dashboard()
    (legend,) = d.fig.legends
    assert [t.get_text() for t in legend.get_texts()] == ["momentum", "start", "β = 0"]
    assert d.ax.get_legend() is None and d.ax_loss.get_legend() is None
    d.fig.canvas.draw()
    top = legend.get_window_extent().y1
    assert top <= min(ax.xaxis.label.get_window_extent().y0 for ax in (d.ax, d.ax_loss)), "below the axis labels"


def test_moving_a_slider_updates_the_artists_data_and_the_image():
    d = quadratic_dashboard()
    before_path = np.array(d.path.get_xydata())
    before_ref = np.array(d.ref_paths["β = 0"].get_xydata())
    before_image = d.image.value
    d.hyper["beta"].value = 0.8  # the slider's observer redraws
    after = np.array(d.path.get_xydata())
    assert not np.allclose(after, before_path)
    np.testing.assert_allclose(d.ref_paths["β = 0"].get_xydata(), before_ref)  # β = 0 run unchanged
    assert d.image.value != before_image
    # the plotted path is the trajectory of the update function with the new values
    expected = d.trajectory.points
    np.testing.assert_allclose(after, expected)
    assert d.trajectory.hyper == {"alpha": 1.0, "beta": 0.8}
    assert len(d.timings) == 2 and d.last_seconds > 0


def test_landscape_slider_rebuilds_the_landscape_and_button_sets_its_values():
    d = quadratic_dashboard()
    d.shape["kappa"].value = 10.0
    assert d.landscape.params["kappa"] == pytest.approx(10.0)
    assert d.status.value.startswith("kappa 10 ")
    d._buttons[0].click()
    assert d.values["alpha"] == pytest.approx(1.0, rel=1e-2)
    assert d.values["beta"] == pytest.approx(landscapes.critical_momentum(1.0, 0.1), abs=1e-2)


def test_set_values_redraws_once():
    d = quadratic_dashboard()
    n = len(d.timings)
    d.set_values({"alpha": 2.0, "beta": 0.3})
    assert len(d.timings) == n + 1
    assert d.trajectory.hyper == {"alpha": pytest.approx(2.0), "beta": pytest.approx(0.3)}


def test_fixed_landscape_and_mimebundle_carries_a_png_snapshot():
    d = widgets.Dashboard(
        landscapes.rosenbrock(),
        goh_momentum,
        hyper={"alpha": widgets.slider("α", 1e-3, 1e-4, 4e-3, log=True), "beta": widgets.slider("β", 0.9, 0.0, 0.99)},
        steps=30,
    )
    bundle = d._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle
    assert bundle["image/png"].startswith("iVBORw0KGgo")  # base64 of the PNG signature


def test_measured_rate_of_geometric_and_oscillating_sequences():
    k = np.arange(100)
    assert widgets.measured_rate(3.0 * 0.9 ** (2 * k)) == pytest.approx(0.9, rel=1e-9)
    oscillating = 0.95 ** (2 * k) * np.cos(0.4 * k) ** 2 + 1e-300
    assert widgets.measured_rate(oscillating) == pytest.approx(0.95, abs=0.01)
