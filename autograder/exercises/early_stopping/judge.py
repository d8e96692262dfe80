r"""Early stopping: the student's ``(stopped_epoch or None, best_epoch)`` against Keras's callback.

The reference is ``keras.callbacks.EarlyStopping(monitor="val_loss", patience=..., min_delta=...,
restore_best_weights=True)`` itself, driven epoch by epoch on the case's losses as ``model.fit``
drives it: ``on_train_begin()``, then ``on_epoch_end(epoch, {"val_loss": v})`` until the
callback sets ``model.stop_training``, then ``on_train_end()``. Its model is a one-weight model
whose bias is set to the epoch number before each epoch ends, so the weights the callback
restores *say* which epoch they come from: the restored epoch is read off the model, not taken
from the callback's attributes (which are checked to agree: ``stopped_epoch``, ``best_epoch``).

Diagnosis. A wrong answer is compared with the answers of known wrong rules, each also run by
Keras's callback, with another ``patience`` or ``min_delta`` or as a subclass that changes one
step (a stop one epoch late or early, a tie counted as an improvement, ``min_delta`` ignored or on
the wrong side, the previous epoch instead of the best, non-consecutive epochs counted), or read
off its answer (the lowest loss as the restored epoch, epochs counted from 1, the last epoch
instead of ``None``). No early-stopping rule is written out in this module: it ships with the
students' checks, and everything in it that computes an answer goes through Keras.
"""

from __future__ import annotations

import json
from functools import cache, lru_cache

from autograder.cases import Case
from autograder.judging import CaseVerdict


@lru_cache(maxsize=1)
def _model():
    import keras

    return keras.Sequential([keras.Input(shape=(1,)), keras.layers.Dense(1)])


@cache
def _callback_class(rule: str):
    """``keras.callbacks.EarlyStopping`` itself (``"keras"``), or a subclass that follows a
    known wrong rule: every answer, right or wrong, comes from Keras's callback machinery."""
    import keras
    from keras import ops

    base = keras.callbacks.EarlyStopping
    if rule == "keras":
        return base

    class Variant(base):
        def _is_improvement(self, monitor_value, reference_value):
            if reference_value is None:
                return True
            delta = abs(self.min_delta)
            if rule == "tie_improves":
                return bool(ops.less_equal(monitor_value + delta, reference_value))
            if rule == "min_delta_wrong_side":
                return bool(ops.less(monitor_value - delta, reference_value))
            return bool(ops.less(monitor_value + delta, reference_value))

        def on_epoch_end(self, epoch, logs=None):
            wait, best_epoch = self.wait, self.best_epoch
            super().on_epoch_end(epoch, logs)
            improved = self.best_epoch == epoch and (epoch == 0 or best_epoch != epoch)
            if rule == "compares_previous":
                self.best = logs["val_loss"]  # the next epoch is compared with this one
            if rule == "not_consecutive" and improved and epoch > 0:
                self.wait = wait  # an improvement does not restart the count

    return Variant


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


# ----------------------------------------------------------------------------- wrong rules


def _variants(inputs: dict, truth: tuple):
    """``(mistake id, explanation, answer)`` of known wrong rules, each run by Keras's callback
    (another patience or min_delta, or a subclass changing one step of its rule)."""
    stopped, best = truth
    losses, patience = list(inputs["val_losses"]), int(inputs["patience"])
    min_delta = float(inputs.get("min_delta", 0.0))
    n = len(losses)
    yield (
        "stops_late",
        "stops one epoch late: Keras stops at the patience-th consecutive epoch without "
        "improvement (wait >= patience), not after it",
        keras_answer(inputs, patience=patience + 1),
    )
    if patience > 1:
        yield (
            "stops_early",
            "stops one epoch early: only epochs without improvement count towards patience "
            "(the count restarts at 0 on an improving epoch)",
            keras_answer(inputs, patience=patience - 1),
        )
    yield (
        "tie_improves",
        "counts a tie as an improvement: Keras needs value < best - min_delta, strictly",
        keras_answer(inputs, "tie_improves"),
    )
    if min_delta:
        yield (
            "ignores_min_delta",
            "ignores min_delta: an epoch improves only when it beats the best by more than min_delta",
            keras_answer(inputs, min_delta=0.0),
        )
        yield (
            "min_delta_wrong_side",
            "applies min_delta the wrong way: an improvement needs value < best - min_delta",
            keras_answer(inputs, "min_delta_wrong_side"),
        )
    yield (
        "compares_previous",
        "compares each epoch with the previous one: Keras compares it with the best so far",
        keras_answer(inputs, "compares_previous"),
    )
    yield (
        "not_consecutive",
        "counts epochs without improvement since the start: Keras counts consecutive ones "
        "(the count restarts at 0 on every improvement)",
        keras_answer(inputs, "not_consecutive"),
    )
    seen = losses if stopped is None else losses[: stopped + 1]
    lowest = int(min(range(len(seen)), key=seen.__getitem__))
    yield (
        "best_is_lowest",
        "restores the epoch of the lowest loss: Keras restores the last epoch that improved "
        "(by more than min_delta), which is not always the lowest",
        (stopped, lowest),
    )
    yield (
        "one_based",
        "counts epochs from 1: Keras numbers them from 0 (the first epoch is epoch 0)",
        (None if stopped is None else stopped + 1, best + 1),
    )
    if stopped is None:
        for last in (n - 1, n):
            yield (
                "last_epoch_not_none",
                "returns the last epoch when training never stops: Keras never stops there, return None",
                (last, best),
            )


def _fmt(answer) -> str:
    stopped, best = answer
    return f"({stopped}, {best})"


def judge(case: Case, inputs: dict, collected: dict) -> CaseVerdict:
    truth = keras_answer(inputs)
    student = tuple(collected["result"])
    if student == truth:
        if truth[0] is None:
            text = "never stops, as Keras's callback" + ("" if case.hidden else f"; restores epoch {truth[1]}")
        else:
            text = "stops and restores as Keras's callback" + ("" if case.hidden else f": {_fmt(truth)}")
        return CaseVerdict(case, True, text)
    shown = "" if case.hidden else f" (yours {_fmt(student)}, Keras {_fmt(truth)})"
    for mistake, text, answer in _variants(inputs, truth):
        if answer != truth and student == tuple(answer):
            return CaseVerdict(case, False, f"{text}{shown}", mistake=mistake, hint=text)
    if student[0] == truth[0]:
        what, mistake = "stops at the right epoch but names another best epoch", "wrong_best"
    elif student[1] == truth[1]:
        what, mistake = "names the right best epoch but stops at another epoch", "wrong_stop"
    else:
        what, mistake = "differs from Keras's callback", "wrong_answer"
    return CaseVerdict(
        case,
        False,
        f"{what}{shown}",
        mistake=mistake,
        hint="follow Keras's rule: wait += 1 each epoch; an epoch with value < best - min_delta "
        "becomes the best and resets wait to 0; otherwise stop when wait >= patience",
    )


MISTAKES: tuple = ()  # filled as the judge moves to a table
