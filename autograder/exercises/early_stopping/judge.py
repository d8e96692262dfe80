r"""Early stopping: the student's ``(stopped_epoch or None, best_epoch)`` against Keras's callback.

The reference is ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=..., min_delta=...,
restore_best_weights=True)`` itself, driven epoch by epoch on the case's losses as ``model.fit``
drives it: ``on_train_begin()``, then ``on_epoch_end(epoch, {"val_loss": v})`` until the
callback sets ``model.stop_training``, then ``on_train_end()``. Its model is a one-weight model
whose bias is set to the epoch number before each epoch ends, so the weights the callback
restores *say* which epoch they come from: the restored epoch is read off the model, not taken
from the callback's attributes (which are checked to agree: ``stopped_epoch``, ``best_epoch``).

Diagnosis. ``MISTAKES`` is the table of known mistakes, tried in order. A wrong answer is
compared with the answers of known wrong rules, each also run by Keras's callback, with another
``patience`` or ``min_delta`` or as a subclass that changes one step (a stop one epoch late or
early, a tie counted as an improvement, ``min_delta`` ignored or on the wrong side, the previous
epoch instead of the best, non-consecutive epochs counted), or read off its answer (the lowest
loss as the restored epoch, epochs counted from 1, the last epoch instead of ``None``); failing
those, with which of the two epochs differs. No early-stopping rule is written out in this module: it ships with the
students' checks, and everything in it that computes an answer goes through Keras.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache

from autograder.cases import Case
from autograder.family import Mistake
from autograder.judging import CaseVerdict


@lru_cache(maxsize=1)
def _model():
    import keras

    return keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])


@cache
def _callback_class(rule: str):
    """``keras.callbacks.EarlyStopping`` itself (``"keras"``), or a subclass that changes one step
    of it to follow a known wrong rule: every answer, right or wrong, comes from Keras's callback."""
    import keras
    from keras import ops

    base = keras.callbacks.EarlyStopping

    class TieImproves(base):
        """An epoch equal to the best (less ``min_delta``) counts as an improvement."""

        def _is_improvement(self, monitor_value, reference_value):
            # after the first epoch Keras holds min_delta negated (``mode="min"``): its size is the margin
            margin = abs(self.min_delta)
            return reference_value is None or bool(ops.less_equal(monitor_value + margin, reference_value))

    class MinDeltaWrongSide(base):
        """An epoch improves when it is below the best *plus* ``min_delta``."""

        def _is_improvement(self, monitor_value, reference_value):
            margin = abs(self.min_delta)
            return reference_value is None or bool(ops.less(monitor_value - margin, reference_value))

    class ComparesPrevious(base):
        """Each epoch is compared with the one before, not with the best so far."""

        def on_epoch_end(self, epoch, logs=None):
            super().on_epoch_end(epoch, logs)
            self.best = logs["val_loss"]

    class NotConsecutive(base):
        """An improvement does not restart the count of epochs without improvement."""

        def on_epoch_end(self, epoch, logs=None):
            wait = self.wait
            super().on_epoch_end(epoch, logs)
            if epoch > 0 and self.best_epoch == epoch:  # this epoch improved: keep the count it had
                self.wait = wait

    rules = {
        "keras": base,
        "tie_improves": TieImproves,
        "min_delta_wrong_side": MinDeltaWrongSide,
        "compares_previous": ComparesPrevious,
        "not_consecutive": NotConsecutive,
    }
    return rules[rule]


@lru_cache(maxsize=2048)
def _keras_run(losses_json: str, patience: int, min_delta: float, rule: str = "keras") -> tuple:
    import numpy as np

    losses = json.loads(losses_json)
    model = _model()
    callback = _callback_class(rule)(
        monitor="val_loss", patience=patience, min_delta=min_delta, restore_best_weights=True
    )
    callback.set_model(model)
    model.stop_training = False
    callback.on_train_begin()
    stopped = None
    kernel, bias = model.get_weights()
    for epoch, value in enumerate(losses):
        model.set_weights([kernel, np.full_like(bias, epoch)])  # the weights "of" this epoch
        callback.on_epoch_end(epoch, {"val_loss": float(value)})
        if model.stop_training:
            stopped = epoch
            break
    model.set_weights([kernel, np.full_like(bias, -1)])  # what training would leave, were nothing restored
    callback.on_train_end()
    restored = int(round(float(model.get_weights()[1][0])))
    if rule == "keras":
        if stopped is not None and callback.stopped_epoch != stopped:  # pragma: no cover - a Keras change
            raise RuntimeError("EarlyStopping.stopped_epoch disagrees with model.stop_training")
        if restored != callback.best_epoch:  # pragma: no cover - a Keras change
            raise RuntimeError("EarlyStopping restored other weights than those of its best_epoch")
    return stopped, restored


def keras_answer(
    inputs: dict, rule: str = "keras", patience: int | None = None, min_delta: float | None = None
) -> tuple:
    """``(stopped_epoch or None, restored epoch)`` of Keras's callback on the case's losses (or
    of a variant following a wrong ``rule``, or with another patience or min_delta)."""
    return _keras_run(
        json.dumps(list(inputs["val_losses"])),
        int(inputs["patience"] if patience is None else patience),
        float(inputs.get("min_delta", 0.0) if min_delta is None else min_delta),
        rule,
    )


# ----------------------------------------------------------------------------- the mistake table


@dataclass(frozen=True)
class Run:
    """One case as the judge sees it: the inputs, Keras's answer and the student's."""

    inputs: dict
    truth: tuple
    student: tuple

    @property
    def patience(self) -> int:
        return int(self.inputs["patience"])

    @property
    def min_delta(self) -> float:
        return float(self.inputs.get("min_delta", 0.0))

    def keras(self, rule: str = "keras", **changed) -> tuple:
        """Keras's callback on these losses, following ``rule`` or with another patience or min_delta."""
        return keras_answer(self.inputs, rule, **changed)


def _answers(wrong: Callable[[Run], Iterable[tuple]]) -> Callable[[Run], bool]:
    """``recognise`` for a wrong rule: the student's answer is one that rule gives (``wrong(run)``,
    nothing where the rule does not apply) and that differs from Keras's."""
    return lambda run: any(answer != run.truth and run.student == tuple(answer) for answer in wrong(run))


def _lowest(run: Run) -> int:
    """The epoch of the lowest loss up to Keras's stop (over all of them if it never stops)."""
    losses, stopped = list(run.inputs["val_losses"]), run.truth[0]
    seen = losses if stopped is None else losses[: stopped + 1]
    return int(min(range(len(seen)), key=seen.__getitem__))


def _last_epoch(run: Run) -> list[tuple]:
    """Where Keras never stops: the last epoch, counted from 0 or from 1, as the stop."""
    n = len(run.inputs["val_losses"])
    return [(n - 1, run.truth[1]), (n, run.truth[1])] if run.truth[0] is None else []


def _one_based(answer: tuple) -> tuple:
    stopped, best = answer
    return None if stopped is None else stopped + 1, best + 1


_KERAS_RULE = (
    "follow Keras's rule: count the epochs since the last improvement; an epoch whose loss beats the "
    "best so far by more than min_delta becomes the best and restarts the count at 0; training stops "
    "at the end of the epoch where the count reaches patience"
)


def _rule(mistake_id: str, recognised_by: str, text: str, wrong: Callable[[Run], Iterable[tuple]]) -> Mistake:
    """A row for a known wrong rule: its explanation is both the message and the hint."""
    return Mistake(mistake_id, recognised_by, text, text, _answers(wrong))


# The rows are tried in order; the first that recognises the student's answer names the mistake.
MISTAKES: tuple[Mistake, ...] = (
    _rule(
        "stops_late",
        "Keras's callback with patience + 1",
        "stops one epoch late: Keras stops at the end of the epoch that completes `patience` "
        "consecutive epochs without improvement, not one epoch after it",
        lambda run: [run.keras(patience=run.patience + 1)],
    ),
    _rule(
        "stops_early",
        "Keras's callback with patience - 1 (for a patience above 1)",
        "stops one epoch early: only epochs without improvement count towards patience "
        "(the count restarts at 0 on an improving epoch)",
        lambda run: [run.keras(patience=run.patience - 1)] if run.patience > 1 else [],
    ),
    _rule(
        "tie_improves",
        "Keras's callback counting a tie (less min_delta) as an improvement",
        "counts a tie as an improvement: in Keras an epoch improves only when its loss is below the best "
        "so far by strictly more than min_delta, and equal is not below",
        lambda run: [run.keras("tie_improves")],
    ),
    _rule(
        "ignores_min_delta",
        "Keras's callback with min_delta 0 (where the case sets one)",
        "ignores min_delta: an epoch improves only when it beats the best by more than min_delta",
        lambda run: [run.keras(min_delta=0.0)] if run.min_delta else [],
    ),
    _rule(
        "min_delta_wrong_side",
        "Keras's callback taking min_delta as a tolerance above the best (where the case sets one)",
        "applies min_delta the wrong way: it is a margin the loss must fall below the best by, "
        "not a tolerance above the best",
        lambda run: [run.keras("min_delta_wrong_side")] if run.min_delta else [],
    ),
    _rule(
        "compares_previous",
        "Keras's callback comparing each epoch with the previous one",
        "compares each epoch with the previous one: Keras compares it with the best so far",
        lambda run: [run.keras("compares_previous")],
    ),
    _rule(
        "not_consecutive",
        "Keras's callback whose count does not restart on an improvement",
        "counts epochs without improvement since the start: Keras counts consecutive ones "
        "(the count restarts at 0 on every improvement)",
        lambda run: [run.keras("not_consecutive")],
    ),
    _rule(
        "best_is_lowest",
        "Keras's stop, with the epoch of the lowest loss seen as the best",
        "restores the epoch of the lowest loss: Keras restores the last epoch that improved "
        "(by more than min_delta), which is not always the lowest",
        lambda run: [(run.truth[0], _lowest(run))],
    ),
    _rule(
        "one_based",
        "Keras's answer with both epochs plus 1",
        "counts epochs from 1: Keras numbers them from 0 (the first epoch is epoch 0)",
        lambda run: [_one_based(run.truth)],
    ),
    _rule(
        "last_epoch_not_none",
        "where Keras never stops: the last epoch (from 0 or from 1) instead of None",
        "returns the last epoch when training never stops: Keras's callback then has no stop epoch, "
        "and the answer's stop is None",
        _last_epoch,
    ),
    Mistake(
        "wrong_best",
        "no known rule: the right stop, another best epoch",
        "stops at the right epoch but names another best epoch",
        _KERAS_RULE,
        lambda run: run.student[0] == run.truth[0],
    ),
    Mistake(
        "wrong_stop",
        "no known rule: the right best epoch, another stop",
        "names the right best epoch but stops at another epoch",
        _KERAS_RULE,
        lambda run: run.student[1] == run.truth[1],
    ),
    Mistake(
        "wrong_answer",
        "no known rule, both epochs differ",
        "differs from Keras's callback",
        _KERAS_RULE,
        lambda run: True,
    ),
)


def _fmt(answer) -> str:
    stopped, best = answer
    return f"({stopped}, {best})"


def _passed(case: Case, truth: tuple) -> CaseVerdict:
    if truth[0] is None:
        text = "never stops, as Keras's callback" + ("" if case.hidden else f"; restores epoch {truth[1]}")
    else:
        text = "stops and restores as Keras's callback" + ("" if case.hidden else f": {_fmt(truth)}")
    return CaseVerdict(case, True, text)


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    run = Run(inputs, keras_answer(inputs), tuple(collected["result"]))
    if run.student == run.truth:
        return _passed(case, run.truth)
    shown = "" if case.hidden else f" (yours {_fmt(run.student)}, Keras {_fmt(run.truth)})"
    mistake = next(m for m in MISTAKES if m.recognise(run))
    return CaseVerdict(case, False, f"{mistake.message}{shown}", mistake=mistake.id, hint=mistake.hint)
