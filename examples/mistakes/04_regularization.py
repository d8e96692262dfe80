"""One typical mistake per graded answer of notebook 4 (regularization), as a student would hand it in.

``ANSWERS``: the complete answer-cell source with the mistake; ``EXPECTED``: the mistake id the grader
names (the first failing case's) and the cases passed, visible + hidden. Checked by
``tests/autograder/test_{dropout,dropout_layer,early_stopping,penalties}.py``.
"""

ANSWERS = {
    # The slides' "p" read as Keras's rate: the mask keeps a unit with probability `rate`, and the
    # survivors are divided by it (right only when rate = 0.5).
    "dropout": '''
def dropout(x, rate, training=False, rng=None):
    """Inverted dropout, as keras.layers.Dropout(rate) computes it; rate = probability of DROPPING a unit.

    training=True:   out = x / (1 - rate)  where u >= rate,  0 elsewhere,
                     u ~ Uniform[0, 1) drawn from rng, one draw per element of x, new at every call
                     (rng=None: use a fresh np.random.default_rng())
    training=False:  out = x
    """
    if not training:
        return x
    if rng is None:
        rng = np.random.default_rng()
    keep = rng.random(np.shape(x)) < rate
    return np.asarray(x) * keep / rate
'''.strip("\n"),
    # `training` ignored: the layer drops units at inference too.
    "MyDropout": '''
class MyDropout(keras.layers.Layer):
    """Inverted dropout as a Keras layer, computing what keras.layers.Dropout(rate) computes:

        training=True:   out = inputs / (1 - rate)  where u >= rate,  0 elsewhere
                         u = keras.random.uniform(shape of inputs), new at every call (a SeedGenerator)
        training=False:  out = inputs

    Only keras.ops / keras.random primitives (not keras.layers.Dropout, keras.random.dropout, tf.nn.dropout).
    """

    def __init__(self, rate, seed=None, **kwargs):
        super().__init__(**kwargs)
        self.rate = float(rate)
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, inputs, training=None):
        u = keras.random.uniform(keras.ops.shape(inputs), seed=self.seed_generator)
        return keras.ops.where(u >= self.rate, inputs / (1.0 - self.rate), 0.0)
'''.strip("\n"),
    # Off by one: counts `wait` only on epochs without improvement and stops when it *exceeds* patience.
    "early_stopping_epoch": '''
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
    # The textbook's 1/2 on the L2 term.
    "l1_l2_penalty": '''
def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    """The penalty of keras.regularizers.L1L2(l1=l1, l2=l2) summed over a list of kernels W_k:

        l1 * sum_k sum(|W_k|)  +  l2 * sum_k sum(W_k ** 2)      (sums over every element; no 1/2)

    Returns a float.
    """
    return float(sum(l1 * np.sum(np.abs(w)) + 0.5 * l2 * np.sum(w ** 2) for w in weights))
'''.strip("\n"),
}

EXPECTED = {
    "dropout": ("rate_as_keep", "7/13"),
    "MyDropout": ("drops_at_inference", "7/11"),
    "early_stopping_epoch": ("stops_late", "4/15"),
    "l1_l2_penalty": ("half_l2", "3/8"),
}
