"""Sweeps too long for a notebook's time budget: computed here, committed as JSON, shown by the
notebooks, which load the results and say how to recompute them.

    python -m helpers.sweeps [optimizer_grid] [initializers] [scoreboard]    (all three by default)

- ``optimizer_grid`` (notebook 1, section 11): the validation loss after 15 epochs of each of the
  notebook's eight optimizers at each learning rate of a log grid, for ``SEEDS`` initial weights of
  the notebook's network (seed 0 is the notebook's own). The grid starts at 0.001, 0.003, ..., 3
  and is widened, one rate at a time, while an optimizer's best mean loss sits on its edge.
- ``initializers`` (notebook 3, section 6): the deep 10 x 64 networks, tanh and ReLU, for each
  initialization and seed: epoch-1 loss, final training loss, final validation loss and accuracy.
- ``scoreboard`` (notebook 4, sections 4 and 7): for each seed of the data split and the initial
  weights, the best validation loss at every dropout rate of the sweep, and the test loss and
  accuracy of every method of the scoreboard. Dropout is ``keras.layers.Dropout`` here (the
  notebook uses the student's layer when it is answered), so seed 0 is close to the notebook's
  run, not identical to it.

Each result is written to ``helpers/results/<name>.json`` (shipped with ``helpers``, so that the
notebooks find it wherever they run). ``tests/helpers/test_sweeps.py`` recomputes a few entries and
compares them with the committed files.
Runs are deterministic on one machine (TensorFlow's deterministic kernels, fixed batches); another
CPU may differ in the last digits.
"""

from __future__ import annotations

import json
import math
import sys
import time
from pathlib import Path

RESULTS = Path(__file__).resolve().parent / "results"
SEEDS = (0, 1, 2)

# ----------------------------------------------------------------------------- notebook 1

OPTIMIZERS = {  # label: (keras.optimizers class name, hyperparameters besides the learning rate)
    "sgd": ("SGD", {}),
    "momentum": ("SGD", {"momentum": 0.9}),
    "nesterov": ("SGD", {"momentum": 0.9, "nesterov": True}),
    "adagrad": ("Adagrad", {}),
    "rmsprop": ("RMSprop", {}),
    "rmsprop+momentum": ("RMSprop", {"momentum": 0.9}),
    "adadelta": ("Adadelta", {}),
    "adam": ("Adam", {}),
}
BASE_GRID = (0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0)
GRID_LIMITS = (1e-5, 100.0)  # the widening stops there


def grid_run(label: str, learning_rate: float, seed: int, epochs: int = 15) -> float:
    """Notebook 1's setup: validation loss after ``epochs`` epochs of the 64-32-10 network with
    initial weights ``seed`` (NaN when training diverged)."""
    import keras

    from helpers.data import load_digits, split
    from helpers.models import mlp
    from helpers.training import fit

    x, y = load_digits()
    train, val = split(x, y, val_fraction=0.25, seed=0)
    name, hyper = OPTIMIZERS[label]
    optimizer = getattr(keras.optimizers, name)(learning_rate=learning_rate, **hyper)
    history = fit(mlp(64, hidden=(32,), seed=seed), optimizer, train, val, epochs=epochs, batch_size=64)
    value = float(history["val_loss"][-1])
    return value if math.isfinite(value) else float("nan")


def _neighbour(rate: float, down: bool) -> float:
    """The next rate of the 1-3-10 log grid below or above ``rate``."""
    mantissa = rate / 10 ** math.floor(math.log10(rate) + 1e-9)
    if down:
        return rate / (10 / 3) if mantissa < 2 else rate / 3
    return rate * 3 if mantissa < 2 else rate * (10 / 3)


def mean_of(values) -> float:
    finite = [v for v in values if v is not None and math.isfinite(v)]
    return sum(finite) / len(finite) if len(finite) == len(values) else float("inf")


def optimizer_grid(seeds=SEEDS, run=grid_run) -> dict:
    """label -> {rate (as a string): [validation loss per seed]}: ``run(label, rate, seed)`` on
    ``BASE_GRID``, widened one rate at a time while the best mean loss sits on an edge."""
    out = {}
    for label in OPTIMIZERS:
        table = {rate: [run(label, rate, s) for s in seeds] for rate in BASE_GRID}
        while (new := _widening(table)) is not None:
            table[new] = [run(label, new, s) for s in seeds]
        out[label] = {f"{rate:g}": [_clean(v) for v in table[rate]] for rate in sorted(table)}
    return out


def _widening(table: dict) -> float | None:
    """The rate to add to ``table`` (rate -> losses per seed), or None when its best mean loss is
    inside the grid (or at ``GRID_LIMITS``)."""
    rates = sorted(table)
    best = min(rates, key=lambda r: mean_of(table[r]))
    if best == rates[0] and _neighbour(rates[0], down=True) >= GRID_LIMITS[0] * 0.99:
        return round(_neighbour(rates[0], down=True), 10)
    if best == rates[-1] and _neighbour(rates[-1], down=False) <= GRID_LIMITS[1] * 1.01:
        return round(_neighbour(rates[-1], down=False), 10)
    return None


def best_rates(grid: dict) -> dict:
    """label -> the learning rate (a float) with the lowest mean validation loss over the seeds."""
    return {label: float(min(table, key=lambda r: mean_of(table[r]))) for label, table in grid.items()}


# ----------------------------------------------------------------------------- notebook 3


def initializer_run(activation: str, initializer: str, seed: int, epochs: int = 20) -> dict:
    """Notebook 3's section 6: 10 hidden layers of 64 units, SGD(0.02), batches of 32."""
    import keras

    from helpers.data import load_digits, split
    from helpers.models import mlp
    from helpers.training import fit

    x, y = load_digits(scale="standard")
    train, val = split(x, y, val_fraction=0.25, seed=0)
    make = {
        "N(0, 0.01²)": lambda: keras.initializers.RandomNormal(stddev=0.01),
        "glorot_uniform": keras.initializers.GlorotUniform,
        "he_normal": keras.initializers.HeNormal,
        "orthogonal": keras.initializers.Orthogonal,
    }[initializer]
    net = mlp(64, (64,) * 10, 10, activation=activation, kernel_initializer=make(), seed=seed)
    h = fit(net, keras.optimizers.SGD(0.02), train, val, epochs=epochs, batch_size=32)
    return {
        "epoch1_loss": _clean(h["loss"][0]),
        "final_train": _clean(h["loss"][-1]),
        "final_val": _clean(h["val_loss"][-1]),
        "val_accuracy": _clean(h["val_accuracy"][-1]),
    }


INITIALIZERS = ("N(0, 0.01²)", "glorot_uniform", "he_normal", "orthogonal")


def initializers(seeds=SEEDS) -> dict:
    """activation -> initializer -> [result per seed]."""
    return {
        act: {name: [initializer_run(act, name, s) for s in seeds] for name in INITIALIZERS} for act in ("tanh", "relu")
    }


# ----------------------------------------------------------------------------- notebook 4

DROPOUT_RATES = (0.0, 0.1, 0.2, 0.3, 0.5, 0.8, 0.9)
WIDE = (256, 256, 256)


def dropout_run(rate: float, seed: int, epochs: int = 100, data=None):
    """``(model, best validation loss)`` of the wide network with dropout ``rate`` after every
    hidden layer (``keras.layers.Dropout``), trained as in notebook 4 on split ``seed``."""
    import keras

    import helpers.regularization as reg
    from helpers.models import mlp
    from helpers.training import fit

    data = data or reg.small_noisy_digits(n_train=300, n_val=300, noise=0.1, seed=seed)
    model = mlp(64, WIDE, dropout=rate, seed=seed)
    history = fit(model, keras.optimizers.SGD(learning_rate=0.1), data.train, data.val, epochs=epochs)
    return model, _clean(min(history["val_loss"]))


def scoreboard_seed(seed: int, epochs: int = 100) -> dict:
    """Notebook 4 for one seed (data split and initial weights): the best validation loss at each
    dropout rate, and the test loss and accuracy of each method of the scoreboard."""
    import keras
    import numpy as np

    import helpers.regularization as reg
    from helpers.models import mlp
    from helpers.training import accuracy, cross_entropy, fit, predict

    wide = WIDE
    data = reg.small_noisy_digits(n_train=300, n_val=300, noise=0.1, seed=seed)

    def sgd():
        return keras.optimizers.SGD(learning_rate=0.1)

    def test(model):
        probs = predict(model, data.x_test)
        return [_clean(cross_entropy(probs, data.y_test)), _clean(accuracy(probs, data.y_test))]

    out = {"best_val_by_rate": {}, "test": {}}
    dropout_models = {}
    for rate in DROPOUT_RATES:
        dropout_models[rate], out["best_val_by_rate"][f"{rate:g}"] = dropout_run(rate, seed, epochs, data)
    best_rate = min(DROPOUT_RATES, key=lambda r: out["best_val_by_rate"][f"{r:g}"])
    out["best_rate"] = best_rate
    out["test"]["none"] = test(dropout_models[0.0])
    out["test"]["dropout (best rate)"] = test(dropout_models[best_rate])

    early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=10, min_delta=1e-3, restore_best_weights=True)
    model = mlp(64, wide, seed=seed)
    fit(model, sgd(), data.train, data.val, epochs=epochs, callbacks=[early])
    out["test"]["early stopping"] = test(model)
    for label, penalty in (("L2 1e-2", keras.regularizers.L2(1e-2)), ("L1 1e-3", keras.regularizers.L1(1e-3))):
        model = mlp(64, wide, kernel_regularizer=penalty, seed=seed)
        fit(model, sgd(), data.train, data.val, epochs=epochs)
        out["test"][label] = test(model)

    shifts = [(0, 0), (1, 0), (-1, 0), (0, 1), (0, -1)]
    augmented = np.concatenate([reg.shifted(data.x_train, dx, dy) for dx, dy in shifts])
    labels = np.tile(data.y_train, len(shifts))
    order = np.random.default_rng(seed).permutation(len(augmented))
    augmented_train = (augmented[order], labels[order])
    augmented_epochs = max(1, epochs * len(data.x_train) // len(augmented))
    model = mlp(64, wide, seed=seed)
    fit(model, sgd(), augmented_train, data.val, epochs=augmented_epochs)
    out["test"]["augmentation"] = test(model)
    early = keras.callbacks.EarlyStopping(monitor="val_loss", patience=2, min_delta=1e-3, restore_best_weights=True)
    model = mlp(64, wide, dropout=best_rate, seed=seed)
    fit(model, sgd(), augmented_train, data.val, epochs=augmented_epochs, callbacks=[early])
    out["test"]["augmentation + dropout + early stopping"] = test(model)
    return out


def scoreboard(seeds=SEEDS) -> dict:
    """seed (as a string) -> :func:`scoreboard_seed`."""
    return {str(s): scoreboard_seed(s) for s in seeds}


# ----------------------------------------------------------------------------- files

SWEEPS = {"optimizer_grid": optimizer_grid, "initializers": initializers, "scoreboard": scoreboard}


def _clean(value) -> float | None:
    """A float for JSON; None for NaN or infinity (a diverged run)."""
    value = float(value)
    return round(value, 6) if math.isfinite(value) else None


def load(name: str) -> dict:
    """The committed results of sweep ``name``: ``{"seeds": [...], "seconds": ..., "results": ...}``."""
    return json.loads((RESULTS / f"{name}.json").read_text())


def compute(name: str, seeds=SEEDS) -> dict:
    t0 = time.perf_counter()
    results = SWEEPS[name](seeds)
    return {"seeds": list(seeds), "seconds": round(time.perf_counter() - t0), "results": results}


def main(argv: list[str]) -> None:
    names = argv or list(SWEEPS)
    unknown = [n for n in names if n not in SWEEPS]
    if unknown:
        raise SystemExit(f"unknown sweep(s) {unknown}: choose among {list(SWEEPS)}")
    from helpers.env import set_seed

    RESULTS.mkdir(parents=True, exist_ok=True)
    for name in names:
        set_seed(0)
        data = compute(name)
        (RESULTS / f"{name}.json").write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n")
        print(f"{name}: {data['seconds']} s -> {RESULTS / f'{name}.json'}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
