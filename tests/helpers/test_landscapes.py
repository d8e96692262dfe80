"""helpers.landscapes: analytic gradients, vectorisation, minimisers, Polyak's optimal momentum."""

import numpy as np
import pytest

from helpers import landscapes

VARIANTS = [
    landscapes.saddle(),
    landscapes.monkey_saddle(),
    landscapes.beale(),
    landscapes.rosenbrock(),
    landscapes.rosenbrock(a=0.5, b=10.0),
    landscapes.long_valley(),
    landscapes.long_valley(slope=1.0, wall=5.0, angle_deg=30.0),
    landscapes.quadratic(kappa=10.0),
    landscapes.quadratic(kappa=250.0, lam_max=2.0, angle_deg=-40.0),
]
IDS = [f"{v.name}-{i}" for i, v in enumerate(VARIANTS)]


def random_points(land, n, seed):
    rng = np.random.default_rng(seed)
    low = np.array([land.xlim[0], land.ylim[0]])
    high = np.array([land.xlim[1], land.ylim[1]])
    return low + (high - low) * rng.random((n, 2))


@pytest.mark.parametrize("land", VARIANTS, ids=IDS)
def test_gradient_matches_central_finite_differences(land):
    h = 1e-6
    for w in random_points(land, 12, seed=1):
        fd = np.array([(land.value(w + h * e) - land.value(w - h * e)) / (2 * h) for e in np.eye(2)])
        g = land.gradient(w)
        assert g.shape == (2,)
        np.testing.assert_allclose(g, fd, rtol=1e-5, atol=1e-5 * (1 + np.abs(fd).max()))


@pytest.mark.parametrize("land", VARIANTS, ids=IDS)
def test_grid_evaluation_equals_pointwise_evaluation(land):
    X, Y, Z = land.grid(7)
    assert X.shape == Y.shape == Z.shape == (7, 7)
    GX, GY = land.grad(X, Y)
    G = land.gradient(np.stack([X, Y], axis=-1))
    for i in range(7):
        for j in range(7):
            x, y = float(X[i, j]), float(Y[i, j])
            assert Z[i, j] == pytest.approx(float(land.f(x, y)), rel=1e-12, abs=1e-12)
            gx, gy = land.grad(x, y)
            assert (GX[i, j], GY[i, j]) == pytest.approx((float(gx), float(gy)), rel=1e-12, abs=1e-12)
            np.testing.assert_allclose(G[i, j], [gx, gy], rtol=1e-12, atol=1e-12)
    assert isinstance(land.value((0.3, -0.2)), float)


@pytest.mark.parametrize("land", [v for v in VARIANTS if v.minima], ids=[i for v, i in zip(VARIANTS, IDS) if v.minima])
def test_minimisers_have_zero_gradient_and_value_f_star(land):
    for m in land.minima:
        assert land.value(m) == pytest.approx(land.f_star, abs=1e-12)
        np.testing.assert_allclose(land.gradient(m), 0.0, atol=1e-12)
    X, Y, Z = land.grid(60)
    assert Z.min() >= land.f_star - 1e-12


@pytest.mark.parametrize("land", [landscapes.saddle(), landscapes.monkey_saddle()])
def test_saddles_are_critical_points_without_a_minimum(land):
    assert land.f_star is None and not land.minima
    np.testing.assert_allclose(land.gradient(land.saddles[0]), 0.0, atol=1e-15)
    with pytest.raises(ValueError):
        land.suboptimality([0.0])


def test_every_landscape_has_a_window_containing_its_start_and_levels():
    for land in landscapes.all_landscapes():
        assert land.xlim[0] < land.start[0] < land.xlim[1]
        assert land.ylim[0] < land.start[1] < land.ylim[1]
        assert len(land.levels) >= 5 and np.all(np.diff(land.levels) > 0)


def test_quadratic_has_the_requested_condition_number():
    q = landscapes.quadratic(kappa=50.0, lam_max=2.0, angle_deg=25.0)
    # the Hessian from finite differences of the gradient
    h = 1e-5
    H = np.array(
        [
            (q.gradient(np.array([0.3, 0.1]) + h * e) - q.gradient(np.array([0.3, 0.1]) - h * e)) / (2 * h)
            for e in np.eye(2)
        ]
    )
    eig = np.linalg.eigvalsh((H + H.T) / 2)
    np.testing.assert_allclose(eig, [2.0 / 50.0, 2.0], rtol=1e-6)
    with pytest.raises(ValueError):
        landscapes.quadratic(kappa=0.5)


def polyak(lam_min, lam_max):
    """Polyak's optimal heavy-ball parameters (the answers of notebook 2's tuning exercise), and
    gradient descent's best step and rate: not in ``helpers``, which ships to students."""
    rk = np.sqrt(lam_max / lam_min)
    kappa = lam_max / lam_min
    return {
        "alpha": (2.0 / (np.sqrt(lam_max) + np.sqrt(lam_min))) ** 2,
        "beta": ((rk - 1.0) / (rk + 1.0)) ** 2,
        "rate": (rk - 1.0) / (rk + 1.0),
        "gd_alpha": 2.0 / (lam_min + lam_max),
        "gd_rate": (kappa - 1.0) / (kappa + 1.0),
    }


def test_momentum_rate_at_polyaks_optimum():
    best = polyak(0.01, 1.0)  # kappa = 100
    # the spectral radius at (alpha*, beta*) is the announced rate, for both extreme eigenvalues
    assert float(landscapes.momentum_rate(best["alpha"], best["beta"], [0.01, 1.0])) == pytest.approx(9 / 11, rel=1e-6)
    assert float(landscapes.momentum_rate(best["gd_alpha"], 0.0, [0.01, 1.0])) == pytest.approx(99 / 101)
    # beta = 0 is gradient descent: rate max |1 - alpha*lambda|
    assert float(landscapes.momentum_rate(0.5, 0.0, [0.01, 1.0])) == pytest.approx(0.995)


def test_grid_search_finds_polyaks_optimum():
    lam_min, lam_max = 1.0 / 30.0, 1.0
    A, B = np.meshgrid(np.linspace(0.01, 4.0, 300), np.linspace(0.0, 0.99, 300))
    rate = landscapes.momentum_rate(A, B, [lam_min, lam_max])
    i, j = np.unravel_index(np.argmin(rate), rate.shape)
    best = polyak(lam_min, lam_max)
    assert A[i, j] == pytest.approx(best["alpha"], abs=0.03)
    assert B[i, j] == pytest.approx(best["beta"], abs=0.01)
    assert rate[i, j] >= best["rate"] - 1e-9


def test_critical_momentum_gives_a_double_root():
    alpha, lam = 0.05, 1.0
    beta = landscapes.critical_momentum(alpha, lam)
    roots = np.roots([1.0, -(1 + beta - alpha * lam), beta])
    np.testing.assert_allclose(roots, [1 - np.sqrt(alpha * lam)] * 2, atol=1e-6)
    # critical damping is the fastest momentum for this eigenvalue and step
    betas = np.linspace(0, 0.99, 199)
    rates = landscapes.momentum_rate(alpha, betas, [lam])
    assert betas[np.argmin(rates)] == pytest.approx(beta, abs=0.01)


def test_grid_tuning_is_near_polyaks_optimum_but_no_answer():
    for lam_min, lam_max in [(0.01, 1.0), (1.0, 4.0), (0.5, 8.0)]:
        grid, best = landscapes.grid_tuning(lam_min, lam_max), polyak(lam_min, lam_max)
        for key, close in (("alpha", 0.025), ("beta", 0.01), ("gd_alpha", 0.01)):
            error = abs(grid[key] / best[key] - 1) if key != "beta" else abs(grid[key] - best[key])
            assert error < close, (key, grid[key], best[key])
    # coarse on purpose: outside the tuning check's tolerance (1e-4) on the notebook's valley
    grid, best = landscapes.grid_tuning(0.01, 1.0), polyak(0.01, 1.0)
    assert abs(grid["alpha"] / best["alpha"] - 1) > 1e-3 and abs(grid["gd_alpha"] / best["gd_alpha"] - 1) > 1e-3


def test_tuned_uses_the_students_functions_and_the_grid_while_they_are_not_answered():
    def unanswered(lambda_min, lambda_max):
        raise NotImplementedError()

    def broken(lambda_min, lambda_max):
        return None

    exact = polyak(0.01, 1.0)
    mine = landscapes.tuned(0.01, 1.0, lambda a, b: 2 / (a + b), lambda a, b: (exact["alpha"], exact["beta"]))
    assert mine["source"] == "your tuned_momentum, your tuned_gd"
    assert mine["rate"] == pytest.approx(exact["rate"], rel=1e-6) and mine["gd_rate"] == pytest.approx(exact["gd_rate"])
    stand_in = landscapes.tuned(0.01, 1.0, unanswered, broken)
    grid = landscapes.grid_tuning(0.01, 1.0)
    assert [stand_in[k] for k in ("alpha", "beta", "gd_alpha")] == [grid[k] for k in ("alpha", "beta", "gd_alpha")]
    assert "tuned_momentum: raises TypeError" in stand_in["source"]
    assert "tuned_gd: not answered yet" in stand_in["source"]
