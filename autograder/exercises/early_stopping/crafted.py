"""Crafted ``early_stopping_epoch`` answers (never shipped to students): the accepted forms, one answer per
row of ``judge.MISTAKES`` and the demo's ``TYPICAL`` mistake, each a whole answer cell run after the
setup cell (which gives ``np``). Most mistakes are ``REFERENCE`` with one slip.
"""

from autograder.family import Crafted, slip

_NAME = "early_stopping_epoch"

# Keras's rule as the textbook loop: a counter of the epochs since the last improvement.
REFERENCE = """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best - min_delta:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return None, best_epoch
"""

# The restored epoch taken as the epoch of the lowest loss.
_LOWEST = """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, wait = None, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best - min_delta:
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, int(np.argmin(val_losses[: epoch + 1]))
    return None, int(np.argmin(val_losses))
"""

CRAFTED: list[Crafted] = [
    Crafted(
        _NAME,
        None,  # the counter moved before the test
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        wait += 1
        if best is None or value < best - min_delta:
            best, best_epoch, wait = value, epoch, 0
        elif wait >= patience:
            return epoch, best_epoch
    return None, best_epoch
""",
    ),
    Crafted(
        _NAME,
        None,  # the epochs since the best instead of a counter, NumPy integers, a list
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    losses = np.asarray(val_losses)
    best_epoch = np.int64(0)
    for epoch in np.arange(1, len(losses)):
        if losses[epoch] < losses[best_epoch] - min_delta:
            best_epoch = epoch
        elif epoch - best_epoch >= patience:
            return [epoch, best_epoch]
    return [None, best_epoch]
""",
    ),
    Crafted(
        _NAME,
        "stops_late",  # the counter compared before it is incremented
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best - min_delta:
            best, best_epoch, wait = value, epoch, 0
            continue
        if wait == patience:
            return epoch, best_epoch
        wait += 1
    return None, best_epoch
""",
    ),
    Crafted(_NAME, "stops_early", slip(REFERENCE, "wait >= patience", "wait >= patience - 1")),
    Crafted(_NAME, "tie_improves", slip(REFERENCE, "value < best - min_delta", "value <= best - min_delta")),
    Crafted(_NAME, "ignores_min_delta", slip(REFERENCE, "value < best - min_delta", "value < best")),
    Crafted(_NAME, "min_delta_wrong_side", slip(REFERENCE, "best - min_delta", "best + min_delta")),
    Crafted(  # each epoch compared with the one before it, not with the best
        _NAME,
        "compares_previous",
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best_epoch, wait = 0, 0
    for epoch in range(1, len(val_losses)):
        if val_losses[epoch] < val_losses[epoch - 1] - min_delta:
            best_epoch, wait = epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return None, best_epoch
""",
    ),
    Crafted(
        _NAME,
        "not_consecutive",  # every epoch without improvement counted, the counter never reset
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, bad_epochs = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best - min_delta:
            best, best_epoch = value, epoch
        else:
            bad_epochs += 1
            if bad_epochs >= patience:
                return epoch, best_epoch
    return None, best_epoch
""",
    ),
    Crafted(_NAME, "best_is_lowest", _LOWEST),
    Crafted(  # epochs counted from 1
        _NAME,
        "one_based",
        slip(slip(REFERENCE, "None, 0, 0", "None, 1, 0"), "enumerate(val_losses)", "enumerate(val_losses, start=1)"),
    ),
    Crafted(  # the loop left at the stop, the last epoch seen returned whether it stopped or not
        _NAME,
        "last_epoch_not_none",
        slip(REFERENCE, "return epoch, best_epoch\n    return None,", "break\n    return epoch,"),
    ),
    Crafted(  # epoch 0 as the best
        _NAME,
        "wrong_best",
        slip(slip(_LOWEST, "int(np.argmin(val_losses[: epoch + 1]))", "0"), "int(np.argmin(val_losses))", "0"),
    ),
    Crafted(  # never returns from the loop
        _NAME,
        "wrong_stop",
        slip(REFERENCE, "\n            if wait >= patience:\n                return epoch, best_epoch", ""),
    ),
    Crafted(
        _NAME,
        "wrong_answer",
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    return len(val_losses), patience
""",
    ),
]

_DOCSTRING = '''
    """What keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, min_delta=min_delta,
    restore_best_weights=True) does on this sequence of validation losses (val_losses[e] = epoch e).

    Epochs are counted from 0. Epoch 0 improves; epoch e > 0 improves when val_losses[e] < best - min_delta.
    Returns (stopped_epoch, best_epoch):
      stopped_epoch -- the first epoch at the end of which `patience` or more consecutive epochs have passed
                       without improvement (the callback's stopped_epoch); None if that never happens;
      best_epoch    -- the last improving epoch up to the end of training: the epoch whose weights are restored.
    """'''

# The demo's typical mistake: stops after the patience-th epoch without improvement
TYPICAL: dict[str, tuple[str, str, str]] = {
    _NAME: (
        slip(slip(REFERENCE, "min_delta=0.0):", "min_delta=0.0):" + _DOCSTRING), ">= patience", "> patience").strip(
            "\n"
        ),
        "stops_late",
        "4/15",
    ),
}
