"""Typical mistakes in notebook 1's answers: one per graded function.

``ANSWERS`` maps each answer cell's grade_id to a complete answer-cell source (as a student would
hand it in, signature and docstring kept) that makes one common mistake; ``EXPECTED`` gives the
mistake id ``autograder.compare.optimizers`` should report and the cases it should still pass,
``"passed/total"`` over the visible and hidden cases of the source notebook's test cell. The demo's
student "ben" hands these in; ``tests/autograder/test_optimizer_mistakes.py`` checks them.
"""

ANSWERS = {
    # Nesterov's flag is ignored: heavy-ball momentum whatever `nesterov` says.
    "sgd": '''def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    """One update of Keras's SGD on the parameters w with gradient g; returns the new parameters.

    momentum == 0:  w <- w - learning_rate * g
    otherwise:      m <- momentum * m - learning_rate * g      (m = state["m"], zeros at first)
                    w <- w + m                                 (nesterov=False)
                    w <- w + momentum * m - learning_rate * g  (nesterov=True, with the new m)
    """
    if momentum == 0:
        return w - learning_rate * g
    m = momentum * state.get("m", np.zeros_like(w)) - learning_rate * g
    state["m"] = m
    return w + m
''',
    # The book's AdaGrad: the accumulator starts at 0, not at initial_accumulator_value.
    "adagrad": '''def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    """One update of Keras's Adagrad; returns the new parameters.

    acc <- acc + g * g                              (acc = state["acc"], initial_accumulator_value at first)
    w   <- w - learning_rate * g / sqrt(acc + epsilon)
    """
    if "acc" not in state:
        state["acc"] = np.zeros_like(w)
    state["acc"] = state["acc"] + g * g
    return w - learning_rate * g / np.sqrt(state["acc"] + epsilon)
''',
    # The square root of the moving average is missing.
    "rmsprop": '''def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    """One update of Keras's RMSprop (centered=False); returns the new parameters.

    v   <- rho * v + (1 - rho) * g * g               (v = state["v"], zeros at first)
    inc <- learning_rate * g / sqrt(v + epsilon)
    momentum == 0:  w <- w - inc
    momentum > 0:   mom <- momentum * mom + inc;  w <- w - mom   (mom = state["mom"], zeros at first)
    """
    v = rho * state.get("v", np.zeros_like(w)) + (1 - rho) * g * g
    state["v"] = v
    increment = learning_rate * g / (v + epsilon)
    if momentum > 0:
        increment = momentum * state.get("mom", np.zeros_like(w)) + increment
        state["mom"] = increment
    return w - increment
''',
    # The paper's rule: the step is not multiplied by Keras's learning rate.
    "adadelta": '''def adadelta(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    """One update of Keras's Adadelta; returns the new parameters.

    Eg  <- rho * Eg + (1 - rho) * g * g                    (Eg, Edx in state, zeros at first)
    dx  <- -sqrt(Edx + epsilon) / sqrt(Eg + epsilon) * g   (the new Eg, the old Edx)
    Edx <- rho * Edx + (1 - rho) * dx * dx
    w   <- w + learning_rate * dx
    """
    eg = rho * state.get("Eg", np.zeros_like(w)) + (1 - rho) * g * g
    edx = state.get("Edx", np.zeros_like(w))
    dx = -np.sqrt(edx + epsilon) / np.sqrt(eg + epsilon) * g
    state["Eg"] = eg
    state["Edx"] = rho * edx + (1 - rho) * dx * dx
    return w + dx
''',
    # No bias correction: m and v are used as they are.
    "adam": '''def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    """One update of Keras's Adam (amsgrad=False); returns the new parameters.

    t     <- t + 1                                        (t = state["t"]: t = 1 on the first step)
    alpha <- learning_rate * sqrt(1 - beta_2**t) / (1 - beta_1**t)
    m     <- m + (g - m) * (1 - beta_1)                   (m, v in state, zeros at first)
    v     <- v + (g * g - v) * (1 - beta_2)
    w     <- w - alpha * m / (sqrt(v) + epsilon)
    """
    m = state.get("m", np.zeros_like(w))
    v = state.get("v", np.zeros_like(w))
    m = m + (g - m) * (1 - beta_1)
    v = v + (g * g - v) * (1 - beta_2)
    state.update(m=m, v=v)
    return w - learning_rate * m / (np.sqrt(v) + epsilon)
''',
}

EXPECTED = {
    "sgd": ("nesterov_ignored", "5/8"),  # the cases with nesterov=True and momentum > 0 fail
    "adagrad": ("accumulator_at_zero", "1/7"),  # passes only the case with initial_accumulator_value=0.01
    "rmsprop": ("missing_sqrt", "0/8"),
    "adadelta": ("no_learning_rate", "2/7"),  # passes the two visible cases with learning_rate=1.0
    "adam": ("no_bias_correction", "0/7"),
}
