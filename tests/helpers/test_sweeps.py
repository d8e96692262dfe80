"""helpers.sweeps: the grid widens where an optimum sits on its edge, and the committed results
(helpers/results/*.json, shown by notebooks 1, 3 and 4) are what the code computes."""

import math

import pytest

from helpers import sweeps


def test_the_grid_steps_along_1_3_10():
    assert round(sweeps._neighbour(0.001, down=True), 10) == 0.0003
    assert round(sweeps._neighbour(0.0003, down=True), 10) == 0.0001
    assert round(sweeps._neighbour(3.0, down=False), 10) == 10.0
    assert round(sweeps._neighbour(10.0, down=False), 10) == 30.0


def test_the_grid_widens_until_the_optimum_is_inside():
    def fake(label, rate, seed):  # best at 1e-4 for adam, at 3 for sgd (inside), NaN above 1 for others
        best = {"adam": 1e-4, "sgd": 3.0}.get(label, 0.01)
        return abs(math.log10(rate / best)) + seed * 0.01 if rate <= 3 or label == "sgd" else float("nan")

    grid = sweeps.optimizer_grid(seeds=(0, 1), run=fake)
    assert list(grid["adam"])[:3] == ["3e-05", "0.0001", "0.0003"], "widened down to one rate past the optimum"
    assert list(grid["sgd"])[-1] == "10", "widened up one rate past 3"
    assert list(grid["rmsprop"]) == [f"{r:g}" for r in sweeps.BASE_GRID], "an inner optimum adds nothing"
    assert sweeps.best_rates(grid)["adam"] == 1e-4 and sweeps.best_rates(grid)["sgd"] == 3.0
    assert sweeps.mean_of([1.0, None]) == math.inf, "a diverged seed disqualifies a rate"


def test_committed_results_cover_every_method_and_seed():
    grid = sweeps.load("optimizer_grid")
    assert grid["seeds"] == list(sweeps.SEEDS) and set(grid["results"]) == set(sweeps.OPTIMIZERS)
    for label, table in grid["results"].items():
        rates = sorted(float(r) for r in table)
        best = sweeps.best_rates({label: table})[label]
        assert rates[0] < best < rates[-1], f"{label}: the optimum {best} is on the edge of {rates}"
        assert all(len(v) == len(sweeps.SEEDS) for v in table.values())
    inits = sweeps.load("initializers")["results"]
    assert set(inits) == {"tanh", "relu"} and all(set(v) == set(sweeps.INITIALIZERS) for v in inits.values())
    board = sweeps.load("scoreboard")["results"]
    assert set(board) == {str(s) for s in sweeps.SEEDS}
    for seed in board.values():
        assert set(seed["best_val_by_rate"]) == {f"{r:g}" for r in sweeps.DROPOUT_RATES}
        assert len(seed["test"]) == 7


@pytest.mark.slow
def test_committed_results_are_what_the_code_computes():
    grid = sweeps.load("optimizer_grid")["results"]
    for label, rate, seed in [("adam", "0.01", 1), ("adadelta", "3", 2)]:
        assert sweeps.grid_run(label, float(rate), seed) == pytest.approx(grid[label][rate][seed], rel=1e-4)
    inits = sweeps.load("initializers")["results"]
    fresh = sweeps.initializer_run("relu", "he_normal", 1)
    assert fresh == pytest.approx(inits["relu"]["he_normal"][1], rel=1e-4)
    board = sweeps.load("scoreboard")["results"]
    _, best = sweeps.dropout_run(0.5, 1)
    assert best == pytest.approx(board["1"]["best_val_by_rate"]["0.5"], rel=1e-4)
