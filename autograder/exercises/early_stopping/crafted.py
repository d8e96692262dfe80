"""Crafted answers for ``early_stopping_epoch``: one per row of ``judge.MISTAKES`` and the accepted
alternative forms, as a student would type them in the answer cell (the setup cell gives ``np``).
Never shipped to students."""

from autograder.family import Crafted

_NAME = "early_stopping_epoch"

CRAFTED: list[Crafted] = [
    Crafted(
        _NAME,
        None,
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
        "stops_late",
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
    Crafted(
        _NAME,
        "stops_early",
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best - min_delta:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience - 1:
                return epoch, best_epoch
    return None, best_epoch
""",
    ),
    Crafted(
        _NAME,
        "tie_improves",
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value <= best - min_delta:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return None, best_epoch
""",
    ),
    Crafted(
        _NAME,
        "ignores_min_delta",
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return None, best_epoch
""",
    ),
    Crafted(
        _NAME,
        "min_delta_wrong_side",
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best + min_delta:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return None, best_epoch
""",
    ),
    Crafted(
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
        "not_consecutive",
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
    Crafted(
        _NAME,
        "best_is_lowest",
        """
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
""",
    ),
    Crafted(
        _NAME,
        "one_based",
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 1, 0
    for epoch, value in enumerate(val_losses, start=1):
        if best is None or value < best - min_delta:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, best_epoch
    return None, best_epoch
""",
    ),
    Crafted(
        _NAME,
        "last_epoch_not_none",
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best - min_delta:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait >= patience:
                break
    return epoch, best_epoch
""",
    ),
    Crafted(
        _NAME,
        "wrong_best",  # epoch 0 as the best
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, wait = None, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best - min_delta:
            best, wait = value, 0
        else:
            wait += 1
            if wait >= patience:
                return epoch, 0
    return None, 0
""",
    ),
    Crafted(
        _NAME,
        "wrong_stop",  # never returns from the loop
        """
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best - min_delta:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
    return None, best_epoch
""",
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

# The demo's typical mistake: stops after the patience-th epoch without improvement
TYPICAL: dict[str, tuple[str, str, str]] = {
    _NAME: (
        '''
def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    """What keras.callbacks.EarlyStopping(monitor="val_loss", patience=patience, min_delta=min_delta,
    restore_best_weights=True) does on this sequence of validation losses (val_losses[e] = epoch e).

    Epochs are counted from 0. Epoch 0 improves; epoch e > 0 improves when val_losses[e] < best - min_delta.
    Returns (stopped_epoch, best_epoch):
      stopped_epoch -- the first epoch at the end of which `patience` or more consecutive epochs have passed
                       without improvement (the callback's stopped_epoch); None if that never happens;
      best_epoch    -- the last improving epoch up to the end of training: the epoch whose weights are restored.
    """
    best, best_epoch, wait = None, 0, 0
    for epoch, value in enumerate(val_losses):
        if best is None or value < best - min_delta:
            best, best_epoch, wait = value, epoch, 0
        else:
            wait += 1
            if wait > patience:
                return epoch, best_epoch
    return None, best_epoch
'''.strip("\n"),
        "stops_late",
        "4/15",
    ),
}
