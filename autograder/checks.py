"""The checks students run in their notebooks: ``check(adam)``.

``check(fn)`` runs the visible cases of ``fn``'s exercise (``check(fn, cases=...)`` others),
compares every result with Keras and displays a report: one row per case, the likely mistake and
how to fix it, and a plot of the first failing case. Unless every case passes, the cell fails with
``CheckFailed`` (a one-line message, no traceback): in an IPython kernel as an error *output* of the
cell, shown by ``shell.showtraceback`` without raising, so that Run All goes on to the lesson cells
after an unanswered exercise (the kernel's execute reply stays "ok") while nbgrader's "Validate",
which fails a grade cell holding an error output (``nbgrader.utils.determine_grade``), still marks
it failed; outside IPython it is raised.

``yours_or_keras(fn)``, for the lesson cells after an exercise, gives ``fn`` when it passes its
visible check and Keras's stand-in otherwise, saying which in one line.

When grading, test cells are not run in the student's kernel: the grader executes their source
(taken from the gradebook) inside ``planning()``, where ``check`` only records which cases to run;
the student's functions are then called in a separate process (``autograder.sandbox``) and
judged in the grader's.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

import numpy as np

from autograder.cases import Case
from autograder.errors import ErrorKind
from autograder.exercises import case_builders, collect, get, judge, materialize, registry, summarize, visible
from autograder.judging import ExerciseResult
from autograder.report import render

__all__ = ["check", "CheckFailed", "yours_or_keras", *case_builders()]


def __getattr__(name: str):
    """``optimizer_cases`` and every other family's case constructor, for test cells."""
    try:
        return case_builders()[name]
    except KeyError:
        raise AttributeError(f"module 'autograder.checks' has no attribute {name!r}") from None


_plan: ContextVar[list | None] = ContextVar("autograder_plan", default=None)


class CheckFailed(AssertionError):
    """A check that did not pass every case; IPython shows only the message."""

    def _render_traceback_(self):
        return [f"\x1b[31mCheckFailed\x1b[0m: {self}"]


class Placeholder:
    """Stands for a student's function while a test cell is planned in the grader's process."""

    def __init__(self, name: str):
        self.__name__ = name

    def __repr__(self):
        return f"<student's {self.__name__}>"


def check(fn: Any, cases: Iterable[Case] | None = None) -> None:
    """Check a graded function (or class) against Keras on ``cases`` (default: the visible ones)."""
    name = exercise_name(fn)
    cases = list(cases) if cases is not None else visible(name)
    plan = _plan.get()
    if plan is not None:
        plan.append((name, cases))
        return
    result = run_here(name, fn, cases)
    html, text, _ = render.outputs(result)
    _display(html, text)
    if not result.complete:
        _fail(CheckFailed(f"{name}: {result.passed}/{result.total} cases pass (the report above says why)"))


def run_here(name: str, fn: Any, cases: list[Case]) -> ExerciseResult:
    """Collect and judge every case in this process (the student's kernel)."""
    verdicts = []
    for case in cases:
        inputs = materialize(case)
        verdicts.append(judge(case, inputs, collect(name, fn, inputs)))
    return summarize(name, verdicts)


@contextmanager
def planning():
    """Within the block, ``check`` records ``(exercise, cases)`` in the yielded list instead of
    running anything."""
    token = _plan.set([])
    try:
        yield _plan.get()
    finally:
        _plan.reset(token)


def planning_namespace() -> dict:
    """The names a test cell may use: this module's API and a placeholder per graded function."""
    namespace = {"check": check, "CheckFailed": CheckFailed, **case_builders()}
    namespace.update({name: Placeholder(name) for name in registry()})
    return namespace


def exercise_name(fn: Any) -> str:
    """The graded name ``fn`` stands for: its ``__name__``, or the graded name it is bound to."""
    name = getattr(fn, "__name__", None)
    if name in registry():
        return name
    # the student bound a graded name to a function with another __name__ (adam = my_adam)
    frame = inspect.currentframe()
    while frame is not None:
        for candidate, value in frame.f_globals.items():
            if value is fn and candidate in registry():
                return candidate
        frame = frame.f_back
    known = ", ".join(sorted(registry()))
    raise CheckFailed(f"check() takes one of the graded functions ({known}), not {fn!r}")


def _shell():
    """The IPython shell running this code (a notebook's kernel), or ``None``."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def _display(html: str, text: str) -> None:
    if _shell() is not None:
        from IPython.display import display

        display({"text/html": html, "text/plain": text}, raw=True)
        return
    print(text)


def _fail(error: CheckFailed) -> None:
    """The cell fails with ``error``: an error output in IPython (the cell and Run All go on),
    raised elsewhere."""
    shell = _shell()
    if shell is None:
        raise error
    shell.showtraceback((type(error), error, None))


# ----------------------------------------------------------------------------- lesson cells
# A lesson cell after an exercise whose experiment needs a working optimizer, initializer or layer
# calls ``yours_or_keras(sgd)``: the notebook's own ``sgd`` when it passes its visible check, else
# a stand-in with the same signature computing what Keras computes (the exercise's reference), and
# one printed line saying which and why. So Run All goes through a notebook whose exercises are
# unanswered (raising NotImplementedError, returning None) or wrong, and its figures still show
# what the lesson says they show. The stand-ins call Keras: they answer no exercise (a NumPy
# exercise that calls Keras scores 0, and grading runs no lesson cell).


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
    exercise = get(name)
    if exercise.family not in _STAND_INS:
        raise ValueError(f"no Keras stand-in for {name} (families with one: {', '.join(_STAND_INS)})")
    return _STAND_INS[exercise.family](_keras_object(exercise.keras_reference))


def yours_or_keras(fn: Any, used_by: str = "this figure") -> Any:
    """``fn`` (a graded function or layer class of the notebook) when it passes its visible
    check, else Keras's stand-in (:func:`stand_in`); prints one line saying which ``used_by`` uses."""
    name = exercise_name(fn)
    result = run_here(name, fn, visible(name))
    if result.complete:
        print(f"{used_by} uses your {name} (it passes its check)")
        return fn
    unanswered = all(v.mistake == f"error:{ErrorKind.NOT_IMPLEMENTED}" for v in result.verdicts)
    why = "is not written yet" if unanswered else f"does not pass its check yet ({result.passed}/{result.total} cases)"
    print(f"your {name} {why}: {used_by} uses {get(name).keras_reference}")
    return stand_in(name)
