"""helpers.trajectories: the runner against hand-computed steps, for Keras optimizers and for
student-style functions."""

import subprocess
import sys

import numpy as np
import pytest

from helpers import landscapes, trajectories

keras = pytest.importorskip("keras")


def test_keras_sgd_on_the_saddle_matches_steps_by_hand():
    # f = x^2 - y^2, grad = (2x, -2y); w <- w - 0.1 * grad  =>  x *= 0.8, y *= 1.2
    t = trajectories.run(landscapes.saddle(), keras.optimizers.SGD(learning_rate=0.1), steps=3, start=(1.0, 0.5))
    expected = np.array([[1.0, 0.5], [0.8, 0.6], [0.64, 0.72], [0.512, 0.864]])
    assert t.points.shape == (4, 2) and t.values.shape == (4,)
    np.testing.assert_allclose(t.points, expected, rtol=1e-6)
    np.testing.assert_allclose(t.values, expected[:, 0] ** 2 - expected[:, 1] ** 2, rtol=1e-5)
    assert t.kind == "keras.SGD" and t.stopped_at is None


def test_keras_momentum_on_the_saddle_matches_steps_by_hand():
    # Keras: m <- mu*m - lr*g ; w <- w + m   (lr 0.1, mu 0.5), from (1, 0.5)
    # step 1: g = (2, -1)       m = (-0.2, 0.1)                    w = (0.8, 0.6)
    # step 2: g = (1.6, -1.2)   m = (-0.1-0.16, 0.05+0.12)          w = (0.54, 0.77)
    t = trajectories.run(
        landscapes.saddle(), keras.optimizers.SGD(learning_rate=0.1, momentum=0.5), steps=2, start=(1.0, 0.5)
    )
    np.testing.assert_allclose(t.points, [[1.0, 0.5], [0.8, 0.6], [0.54, 0.77]], rtol=1e-6)


def test_student_style_function_with_state_matches_steps_by_hand():
    calls = []

    def decaying(w, g, state, lr=0.5):
        """w <- w - lr * g / t with t the step number, kept in state."""
        calls.append(dict(state))
        state["t"] = state.get("t", 0) + 1
        return w - lr * g / state["t"]

    t = trajectories.run(landscapes.saddle(), decaying, steps=2, start=(1.0, 0.5), lr=0.5)
    # step 1: g = (2, -1), w = (1 - 1, 0.5 + 0.5) = (0, 1); step 2: g = (0, -2), w = (0, 1 + 0.5) = (0, 1.5)
    np.testing.assert_allclose(t.points, [[1.0, 0.5], [0.0, 1.0], [0.0, 1.5]])
    assert calls == [{}, {"t": 1}], "the state starts empty and persists between steps"
    assert t.hyper == {"lr": 0.5}


def test_compiled_steps_agree_with_eager_steps():
    land = landscapes.beale()
    eager = trajectories.run(land, keras.optimizers.Adam(learning_rate=0.05), steps=20)
    compiled = trajectories.run(land, keras.optimizers.Adam(learning_rate=0.05), steps=20, compile=True)
    np.testing.assert_allclose(compiled.points, eager.points, rtol=1e-5, atol=1e-6)
    with pytest.raises(ValueError):
        trajectories.run(
            land, keras.optimizers.SGD(learning_rate=0.01), steps=2, compile=True, callback=lambda k, opt: None
        )


def test_callback_changes_keras_momentum_between_eager_steps():
    # 1-D check of the attribute: g = 1 every step (f = w), lr 0.1
    seen = []

    def schedule(k, opt):
        opt.momentum = 0.0 if k == 1 else 0.9
        seen.append(k)

    out = trajectories.descend(
        lambda w: float(w[0]),
        lambda w: np.ones(1),
        np.array([1.0]),
        keras.optimizers.SGD(learning_rate=0.1, momentum=0.5),
        2,
        callback=schedule,
    )
    # step 1 with momentum 0: w = 0.9 (the velocity slot exists because SGD was built with 0.5, stays 0);
    # step 2 with momentum 0.9: m = 0.9*0 - 0.1 = -0.1, w = 0.8
    np.testing.assert_allclose(out["points"][:, 0], [1.0, 0.9, 0.8], rtol=1e-6)
    assert seen == [1, 2]


def test_blow_up_stops_the_run_and_pads_with_nan():
    t = trajectories.run(
        landscapes.saddle(), keras.optimizers.SGD(learning_rate=0.5, momentum=0.9), steps=200, start=(1.0, 0.5)
    )
    assert t.points.shape == (201, 2)
    assert t.stopped_at is not None and t.stopped_at < 200
    assert np.isnan(t.points[t.stopped_at :]).all() and np.isfinite(t.points[: t.stopped_at]).all()


def test_race_runs_keras_classes_and_functions_from_one_dict():
    def sign_sgd(w, g, state, learning_rate=0.1):
        return w - learning_rate * np.sign(g)

    spec = {
        "SGD": ("SGD", dict(learning_rate=1)),  # an int learning rate is made a float
        "mine": (sign_sgd, dict(learning_rate=0.1)),
    }
    out = trajectories.race(landscapes.saddle(), spec, steps=3, start=(1.0, 0.5))
    assert list(out) == ["SGD", "mine"]
    np.testing.assert_allclose(out["mine"].points[-1], [0.7, 0.8])
    np.testing.assert_allclose(out["SGD"].points[1], [-1.0, 1.5], rtol=1e-6)
    assert out["SGD"].hyper == {"learning_rate": 1}
    table = trajectories.race_table(out, landscapes.saddle(), radius=1.2)
    assert "SGD" in table and "mine" in table


def test_escape_and_threshold_steps():
    pts = np.array([[1.0, 0.0], [0.5, 0.1], [0.2, 1.0], [0.0, 2.0]])
    t = trajectories.Trajectory("x", pts, np.array([4.0, 1.0, 0.01, 0.0]))
    assert t.escape_step(1.5) == 3
    assert t.escape_step(5.0) is None
    assert t.first_step_below(0.1) == 2


def test_loglog_slope_recovers_power_laws():
    k = np.arange(1, 1001)
    assert trajectories.loglog_slope(k, 3.0 / k, 10, 1000) == pytest.approx(-1.0)
    assert trajectories.loglog_slope(k, 0.5 * k**-2.0, 10, 1000, points=None) == pytest.approx(-2.0)


def test_landscape_modules_do_not_import_tensorflow():
    code = (
        "import sys, numpy as np, helpers.landscapes as L, helpers.trajectories as T, helpers.animation, "
        "helpers.widgets\n"
        "T.run(L.saddle(), lambda w, g, s, lr=0.1: w - lr * g, 5)\n"
        "assert 'tensorflow' not in sys.modules and 'keras' not in sys.modules, sorted(sys.modules)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
