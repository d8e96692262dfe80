"""Notebook 1's "your function vs Keras": the optimizer functions written in the notebook, trained
side by side with the Keras optimizers they reproduce, and what keeps an unanswered or broken
function out of the comparison.

A function has the signature the students implement, ``update(w, g, state, **hyper) -> new_w``
(``helpers.training.train_with_update`` trains a model with it). Nothing here is an optimizer:
the updates are Keras's or the student's own.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np

from helpers.plotting import color_for


def describe_optimizer(keras_class, hyper: Mapping) -> str:
    """The call that makes the optimizer, e.g. ``"SGD(learning_rate=0.1, momentum=0.9)"``."""
    return f"{keras_class.__name__}(" + ", ".join(f"{k}={v}" for k, v in hyper.items()) + ")"


def update_problem(update: Callable, **hyper) -> str | None:
    """``None`` if ``update(w, g, state, **hyper)`` can take two steps on a small float32 array
    and returns finite new parameters of the right shape; otherwise a short description of what
    is wrong (``"not answered yet"`` while the answer cell still raises ``NotImplementedError``)."""
    rng = np.random.default_rng(0)
    w = rng.normal(size=(3, 2)).astype(np.float32)
    state: dict = {}
    try:
        for _ in range(2):
            new = update(w.copy(), rng.normal(size=w.shape).astype(np.float32), state, **hyper)
            if new is None:
                return "returns None (return the new parameters)"
            new = np.asarray(new, dtype=np.float64)
            if new.shape != w.shape:
                return f"returns an array of shape {new.shape} for parameters of shape {w.shape}"
            if not np.all(np.isfinite(new)):
                return "returns NaN or infinite values"
            w = new.astype(np.float32)
    except NotImplementedError:
        return "not answered yet"
    except Exception as exc:  # noqa: BLE001 - a student's function may raise anything
        return f"raises {type(exc).__name__}: {exc}"
    return None


def find_update(namespace: Mapping[str, object], name: str, **hyper) -> tuple[Callable | None, str | None]:
    """``(function, None)`` when the notebook's ``namespace`` (its ``globals()``) holds a usable
    update function ``name`` with the hyperparameters ``hyper``; else ``(None, problem)``: not
    defined yet (its answer cell was not run), or :func:`update_problem`'s description."""
    update = namespace.get(name)
    if update is None:
        return None, "not defined (run its answer cell)"
    problem = update_problem(update, **hyper)
    return (None, problem) if problem else (update, None)


def max_difference(
    a: Mapping[str, Sequence[float]], b: Mapping[str, Sequence[float]], keys: Sequence[str] = ("loss", "val_loss")
) -> float:
    """The largest absolute difference between two histories over ``keys`` and epochs."""
    return max(float(np.max(np.abs(np.subtract(a[k], b[k])))) for k in keys if k in a and k in b)


def plot_yours_and_keras(
    yours: Mapping | None, keras_history: Mapping, name: str, keras_label: str, ax=None, note: str | None = None
):
    """Training (solid) and validation (dashed) loss of the model trained by your ``name`` and of
    its copy trained by Keras (``keras_label``). Your curves are drawn thick and Keras's thin on
    top, so that overlapping curves stay visible. ``yours=None`` (not answered yet) draws Keras's
    alone with ``note``. Returns the axes."""
    import matplotlib.pyplot as plt
    from matplotlib.ticker import MaxNLocator

    if ax is None:
        _, ax = plt.subplots(figsize=(6.4, 3.6))
    epochs = np.arange(1, len(keras_history["loss"]) + 1)
    if yours is not None:
        colour = color_for("student")
        ax.plot(epochs, yours["loss"], color=colour, linewidth=5, alpha=0.5, label=f"your {name} (train)")
        ax.plot(
            epochs, yours["val_loss"], color=colour, linewidth=5, alpha=0.5, linestyle="--", label=f"your {name} (val)"
        )
    colour = color_for("keras")
    ax.plot(
        epochs,
        keras_history["loss"],
        color=colour,
        linewidth=1.2,
        marker="o",
        markersize=3,
        label=f"{keras_label} (train)",
    )
    ax.plot(
        epochs,
        keras_history["val_loss"],
        color=colour,
        linewidth=1.2,
        linestyle="--",
        marker="o",
        markersize=3,
        label=f"{keras_label} (val)",
    )
    if note:
        ax.text(
            0.5,
            0.5,
            note,
            transform=ax.transAxes,
            ha="center",
            va="center",
            fontsize="medium",
            color=color_for("student"),
            bbox=dict(facecolor="white", edgecolor="0.8"),
        )
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_xlabel("epoch")
    ax.set_ylabel("cross-entropy")
    ax.set_title(f"your {name} in a training loop vs {keras_label} in model.fit")
    ax.grid(alpha=0.3)
    ax.legend(fontsize="small")
    return ax


def show_yours_against_keras(
    namespace: Mapping[str, object],
    pairs: Mapping[str, str],
    optimizers: Mapping[str, tuple[type, dict]],
    keras_histories: Mapping[str, Mapping[str, Sequence[float]]],
    model,
    train,
    validation,
    epochs: int,
    batch_size: int,
) -> dict[str, float | None]:
    """For each ``name -> label`` of ``pairs``: train a copy of ``model`` (its weights, the same
    batches) with the notebook's function ``name`` for ``epochs`` epochs, with the
    hyperparameters of ``optimizers[label] = (Keras optimizer class, hyper)``, and plot its
    learning curves over the first ``epochs`` of ``keras_histories[label]``, that optimizer's
    ``helpers.training.fit`` run from the same model. Shows the figure (one panel per function)
    and prints the largest loss difference of each function, or why it has no curve (not
    defined, not answered, broken: see :func:`find_update`; or it raised while training).

    ``namespace`` is the notebook's ``globals()``. Returns ``{name: max |loss difference|}``,
    ``None`` for a function without a curve."""
    import matplotlib.pyplot as plt

    from helpers.models import copy_model
    from helpers.training import train_with_update

    fig, axes = plt.subplots(-(-len(pairs) // 3), 3, figsize=(16, 4 * -(-len(pairs) // 3)), squeeze=False)
    differences: dict[str, float | None] = {}
    lines = [f"{'function':9} {'the Keras optimizer':52} {'max |loss difference|':>21}"]
    for ax, (name, label) in zip(axes.flat, pairs.items()):
        keras_class, hyper = optimizers[label]
        described = describe_optimizer(keras_class, hyper)
        keras_history = {key: values[:epochs] for key, values in keras_histories[label].items()}
        update, problem = find_update(namespace, name, **hyper)
        yours = None
        if update is not None:
            try:
                yours = train_with_update(
                    copy_model(model), update, train, validation, epochs=epochs, batch_size=batch_size, **hyper
                )
            except Exception as exc:  # noqa: BLE001 - a function that passes the small test but fails on the network
                problem = f"raised {type(exc).__name__} while training: {exc}"
        note = None if yours is not None else f"{name}: {problem}\nwrite {name} above to see your curve here"
        plot_yours_and_keras(yours, keras_history, name, described, ax=ax, note=note)
        ax.set_title(f"your {name} vs {keras_class.__name__}", fontsize="medium")
        differences[name] = None if yours is None else max_difference(yours, keras_history)
        if note:
            print(note.replace("\n", ": "))
        shown = "(no curve yet)" if yours is None else f"{differences[name]:.1e}"
        lines.append(f"{name:9} {described:52} {shown:>21}")
    for ax in axes.flat[len(pairs) :]:
        ax.axis("off")
    fig.tight_layout()
    plt.show()
    print("\n".join(lines))
    return differences
