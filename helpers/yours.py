"""Your function in a lesson cell, or Keras's while yours is not written yet.

A lesson cell after an exercise whose experiment needs a working optimizer, initializer or layer
calls ``yours_or_keras(sgd)``: it gets the notebook's own ``sgd`` when that passes its visible
check (the cases its test cell runs, ``autograder.checks.run_here``), otherwise a stand-in with
the same signature computing what Keras computes (the exercise's reference,
``keras.optimizers.SGD``), and one printed line saying which one the cell uses and why. So Run
All goes through a notebook whose exercises are unanswered (raising ``NotImplementedError``,
returning ``None``) or wrong, and its figures still show what the lesson says they show.

The stand-ins call Keras: they answer no exercise (a NumPy exercise that calls Keras scores 0,
and grading runs no lesson cell).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def _keras_object(reference: str):
    """``"keras.optimizers.SGD"`` -> the class ``keras.optimizers.SGD``."""
    import keras

    found = keras
    for part in reference.split(".")[1:]:
        found = getattr(found, part)
    return found


def keras_update(optimizer_class) -> Callable:
    """``update(w, g, state, **hyper)`` (the optimizer exercises' signature) stepping a Keras
    optimizer: ``state`` keeps the optimizer (its slots) and the variable it updates."""

    def update(w, g, state, **hyper):
        import keras

        if "keras" not in state:
            state["keras"] = (optimizer_class(**hyper), keras.Variable(np.asarray(w, dtype="float32")))
        optimizer, variable = state["keras"]
        variable.assign(np.asarray(w, dtype="float32"))
        optimizer.apply_gradients([(keras.ops.convert_to_tensor(np.asarray(g, dtype="float32")), variable)])
        return np.asarray(variable)

    update.__name__ = optimizer_class.__name__
    return update


def keras_initializer(initializer_class) -> Callable:
    """``init(shape, rng)`` (the initializer exercises' signature) drawing from a Keras
    initializer seeded from ``rng``."""

    def init(shape, rng):
        return np.asarray(initializer_class(seed=int(rng.integers(2**31 - 1)))(tuple(shape)))

    init.__name__ = initializer_class.__name__
    return init


# how a Keras reference becomes a stand-in with the exercise's signature, by exercise family
_STAND_INS = {"optimizers": keras_update, "initializers": keras_initializer, "dropout_layer": lambda layer: layer}


def stand_in(name: str) -> Callable:
    """Keras's version of the graded function (or layer class) ``name``, with its signature."""
    from autograder.exercises import get

    exercise = get(name)
    if exercise.family not in _STAND_INS:
        raise ValueError(f"no Keras stand-in for {name} (families with one: {', '.join(_STAND_INS)})")
    return _STAND_INS[exercise.family](_keras_object(exercise.keras_reference))


def yours_or_keras(fn: Any, used_by: str = "this figure") -> Any:
    """``fn`` (a graded function or layer class of the notebook) when it passes its visible
    check, else Keras's stand-in (:func:`stand_in`); prints one line saying which ``used_by`` uses."""
    from autograder.checks import exercise_name, run_here
    from autograder.errors import ErrorKind
    from autograder.exercises import get, visible

    name = exercise_name(fn)
    result = run_here(name, fn, visible(name))
    if result.complete:
        print(f"{used_by} uses your {name} (it passes its check)")
        return fn
    unanswered = all(v.mistake == f"error:{ErrorKind.NOT_IMPLEMENTED}" for v in result.verdicts)
    why = "is not written yet" if unanswered else f"does not pass its check yet ({result.passed}/{result.total} cases)"
    print(f"your {name} {why}: {used_by} uses {get(name).keras_reference}")
    return stand_in(name)
