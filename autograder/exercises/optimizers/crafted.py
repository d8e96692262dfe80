"""Crafted answers for the optimizer exercises (never shipped to students).

``CRAFTED``: full answer-cell sources, as a student would type them (the setup cell provides
``np``): the accepted forms Keras's formulas allow (textbook and paper orders, float32 in place,
epsilon where the books put it), which must pass every case, and at least one answer per row of
``judge.MISTAKES``, whose first failing case must name that row's mistake. ``TYPICAL``: the mistake
the demo's student hands in, per exercise, with its mistake id and ``passed/total`` over the
source notebook's cases.
"""

from autograder.family import Crafted, slip

TYPICAL: dict[str, tuple[str, str, str]] = {
    "sgd": (
        '''def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
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
        "nesterov_ignored",
        "5/8",
    ),
    "adagrad": (
        '''def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    """One update of Keras's Adagrad; returns the new parameters.

    acc <- acc + g * g                              (acc = state["acc"], initial_accumulator_value at first)
    w   <- w - learning_rate * g / sqrt(acc + epsilon)
    """
    if "acc" not in state:
        state["acc"] = np.zeros_like(w)
    state["acc"] = state["acc"] + g * g
    return w - learning_rate * g / np.sqrt(state["acc"] + epsilon)
''',
        "accumulator_at_zero",
        "1/7",
    ),
    "rmsprop": (
        '''def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
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
        "missing_sqrt",
        "0/8",
    ),
    "adadelta": (
        '''def adadelta(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
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
        "no_learning_rate",
        "2/7",
    ),
    "adam": (
        '''def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
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
        "no_bias_correction",
        "0/7",
    ),
}

# ----------------------------------------------------------------------------- building blocks
# Correct answers the mistakes below start from (each crafted mistake changes one thing).

SGD = """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    if momentum == 0:
        return w - learning_rate * g
    m = momentum * state.get("m", np.zeros_like(w)) - learning_rate * g
    state["m"] = m
    return w + momentum * m - learning_rate * g if nesterov else w + m
"""

ADAGRAD = """def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    acc = state.get("acc", np.full_like(w, initial_accumulator_value)) + g * g
    state["acc"] = acc
    return w - learning_rate * g / np.sqrt(acc + epsilon)
"""

RMSPROP = """def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    v = rho * state.get("v", np.zeros_like(w)) + (1 - rho) * g * g
    state["v"] = v
    step = learning_rate * g / np.sqrt(v + epsilon)
    if momentum > 0:
        step = momentum * state.get("mom", np.zeros_like(w)) + step
        state["mom"] = step
    return w - step
"""

ADADELTA = """def adadelta(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    eg = rho * state.get("eg", np.zeros_like(w)) + (1 - rho) * g * g
    edx = state.get("edx", np.zeros_like(w))
    dx = -np.sqrt(edx + epsilon) / np.sqrt(eg + epsilon) * g
    state.update(eg=eg, edx=rho * edx + (1 - rho) * dx * dx)
    return w + learning_rate * dx
"""

ADAM = """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m = beta_1 * state.get("m", np.zeros_like(w)) + (1 - beta_1) * g
    v = beta_2 * state.get("v", np.zeros_like(w)) + (1 - beta_2) * g * g
    state.update(t=t, m=m, v=v)
    return w - learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (np.sqrt(v) + epsilon)
"""


# Epsilon in another textbook place: the same algorithm, accepted (with a note where it shows).
EPSILON_ELSEWHERE = [
    Crafted(
        "adagrad",
        None,
        """def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    r = state.get("r", np.full_like(w, initial_accumulator_value)) + g * g
    state["r"] = r
    return w - learning_rate / (epsilon + np.sqrt(r)) * g  # delta outside the root (Algorithm 8.4)
""",
    ),
    Crafted("rmsprop", None, slip(RMSPROP, "np.sqrt(v + epsilon)", "(np.sqrt(v) + epsilon)")),
    Crafted("adam", None, slip(ADAM, "(np.sqrt(v) + epsilon)", "np.sqrt(v + epsilon)")),
    Crafted(
        "adam",
        None,
        slip(
            ADAM,
            "learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t) * m / (np.sqrt(v) + epsilon)",
            "learning_rate * (m / (1 - beta_1**t)) / np.sqrt(v / (1 - beta_2**t) + epsilon)",
        ),
    ),
    Crafted(
        "adam",
        None,
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m = beta_1 * state.get("m", 0.0) + (1 - beta_1) * g
    v = beta_2 * state.get("v", 0.0) + (1 - beta_2) * g * g
    state.update(t=t, m=m, v=v)
    m_hat, v_hat = m / (1 - beta_1**t), v / (1 - beta_2**t)
    return w - learning_rate * m_hat / (np.sqrt(v_hat) + epsilon)  # epsilon outside sqrt(v_hat) (Algorithm 1)
""",
    ),
    Crafted(
        "adam",
        None,
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state["t"] = state.get("t", 0) + 1
    m = state.setdefault("m", np.zeros_like(w))
    v = state.setdefault("v", np.zeros_like(w))
    m += (g - m) * np.float32(1 - beta_1)
    v += (g * g - v) * np.float32(1 - beta_2)
    w -= np.float32(learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)) * m / (np.sqrt(v) + np.float32(epsilon))
    return w
""",
    ),
]


ACCEPTED = [
    Crafted("sgd", None, SGD),
    Crafted(
        "sgd",
        None,
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    v = momentum * state.get("v", 0.0) + g  # v = beta v + g; w -= lr v
    state["v"] = v
    return w - learning_rate * (momentum * v + g if nesterov else v)
""",
    ),
    Crafted(
        "sgd",
        None,
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    lr, mu = np.float32(learning_rate), np.float32(momentum)
    if momentum == 0:
        w -= lr * g
        return w
    m = state.setdefault("m", np.zeros_like(w))
    m *= mu
    m -= lr * g
    w += mu * m - lr * g if nesterov else m
    return w
""",
    ),
    Crafted("adagrad", None, ADAGRAD),
    Crafted(
        "adagrad",
        None,
        """def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    acc = state.setdefault("acc", np.full_like(w, np.float32(initial_accumulator_value)))
    acc += g * g
    w -= np.float32(learning_rate) * g / np.sqrt(acc + np.float32(epsilon))
    return w
""",
    ),
    Crafted("rmsprop", None, RMSPROP),
    Crafted(
        "rmsprop",
        None,
        """def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    r = rho * state.get("r", 0.0) + (1 - rho) * g * g
    state["r"] = r
    velocity = momentum * state.get("velocity", 0.0) - learning_rate * g / np.sqrt(epsilon + r)
    state["velocity"] = velocity
    return w + velocity
""",
    ),
    Crafted(
        "rmsprop",
        None,
        """def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    v = state.setdefault("v", np.zeros_like(w))
    v *= np.float32(rho)
    v += np.float32(1 - rho) * g * g
    increment = np.float32(learning_rate) * g / np.sqrt(v + np.float32(epsilon))
    if momentum > 0:
        mom = state.setdefault("mom", np.zeros_like(w))
        mom *= np.float32(momentum)
        mom += increment
        increment = mom
    w -= increment
    return w
""",
    ),
    Crafted("adadelta", None, ADADELTA),
    Crafted(
        "adadelta",
        None,
        """def adadelta(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    eps = np.float32(epsilon)
    eg = state.setdefault("eg", np.zeros_like(w))
    edx = state.setdefault("edx", np.zeros_like(w))
    eg *= np.float32(rho)
    eg += np.float32(1 - rho) * g * g
    dx = -(np.sqrt(edx + eps) * g) / np.sqrt(eg + eps)
    edx *= np.float32(rho)
    edx += np.float32(1 - rho) * dx * dx
    w += np.float32(learning_rate) * dx
    return w
""",
    ),
    Crafted(
        "adadelta",
        None,
        """def adadelta(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    eg = rho * state.get("eg", np.zeros(w.shape)) + (1 - rho) * g * g  # float64 slots: tiny steps, float32 w
    edx = state.get("edx", np.zeros(w.shape))
    dx = -np.sqrt(edx + epsilon) / np.sqrt(eg + epsilon) * g
    state.update(eg=eg, edx=rho * edx + (1 - rho) * dx * dx)
    return w + learning_rate * dx
""",
    ),
    Crafted("adam", None, ADAM),
]

MISTAKEN = [
    Crafted(
        "adam",
        "counter_from_zero",
        slip(ADAM, 't = state.get("t", 0) + 1', 't = state.get("t", 0)\n    state["t"] = t + 1'),
    ),
    Crafted("rmsprop", "not_finite", slip(RMSPROP, "+ (1 - rho) * g * g", "- (1 - rho) * g * g")),
    Crafted(
        "sgd",
        "momentum_ignored",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    return w - learning_rate * g
""",
    ),
    Crafted("sgd", "nesterov_ignored", TYPICAL["sgd"][0]),
    Crafted(
        "sgd",
        "nesterov_always",
        slip(
            SGD, "w + momentum * m - learning_rate * g if nesterov else w + m", "w + momentum * m - learning_rate * g"
        ),
    ),
    Crafted("adagrad", "accumulator_at_zero", TYPICAL["adagrad"][0]),
    Crafted("rmsprop", "momentum_ignored", slip(RMSPROP, "if momentum > 0:", "if False:")),
    Crafted("rmsprop", "missing_one_minus_rho", slip(RMSPROP, "+ (1 - rho) * g * g", "+ g * g")),
    Crafted(
        "rmsprop",
        "rho_swapped",
        slip(
            RMSPROP,
            'rho * state.get("v", np.zeros_like(w)) + (1 - rho) * g * g',
            '(1 - rho) * state.get("v", np.zeros_like(w)) + rho * g * g',
        ),
    ),
    Crafted("adadelta", "no_learning_rate", TYPICAL["adadelta"][0]),
    Crafted(
        "adadelta",
        "rho_swapped",
        slip(
            slip(
                ADADELTA,
                'rho * state.get("eg", np.zeros_like(w)) + (1 - rho) * g * g',
                '(1 - rho) * state.get("eg", np.zeros_like(w)) + rho * g * g',
            ),
            "rho * edx + (1 - rho) * dx * dx",
            "(1 - rho) * edx + rho * dx * dx",
        ),
    ),
    Crafted("adam", "no_bias_correction", TYPICAL["adam"][0]),
    Crafted("adam", "counter_stuck", slip(ADAM, 't = state.get("t", 0) + 1', "t = 1")),
    Crafted(
        "adam",
        "betas_swapped",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m = beta_2 * state.get("m", np.zeros_like(w)) + (1 - beta_2) * g
    v = beta_1 * state.get("v", np.zeros_like(w)) + (1 - beta_1) * g * g
    state.update(t=t, m=m, v=v)
    return w - learning_rate * np.sqrt(1 - beta_1**t) / (1 - beta_2**t) * m / (np.sqrt(v) + epsilon)
""",
    ),
    Crafted("adam", "missing_one_minus_beta_1", slip(ADAM, "+ (1 - beta_1) * g\n", "+ g\n")),
    Crafted("adam", "missing_one_minus_beta_2", slip(ADAM, "+ (1 - beta_2) * g * g", "+ g * g")),
    Crafted(
        "adam",
        "missing_one_minus_betas",
        slip(slip(ADAM, "+ (1 - beta_1) * g\n", "+ g\n"), "+ (1 - beta_2) * g * g", "+ g * g"),
    ),
    Crafted(
        "sgd",
        "ignores_learning_rate",
        slip(SGD, "    if momentum == 0:", "    learning_rate = 0.01  # Keras's default\n    if momentum == 0:"),
    ),
    Crafted(
        "adagrad",
        "ignores_initial_accumulator_value",
        slip(ADAGRAD, "np.full_like(w, initial_accumulator_value)", "np.full_like(w, 0.1)"),
    ),
    Crafted("rmsprop", "ignores_rho", slip(RMSPROP, "v = rho * state", "rho = 0.9\n    v = rho * state")),
    Crafted("adam", "ignores_beta_1", slip(ADAM, "    t = state", "    beta_1 = 0.9\n    t = state")),
    Crafted("adam", "ignores_beta_2", slip(ADAM, "    t = state", "    beta_2 = 0.999\n    t = state")),
    # shows only on the notebook's hidden case with epsilon=1e-6: Adadelta's first step is about sqrt(epsilon) * sign(g)
    Crafted("adadelta", "ignores_epsilon", slip(ADADELTA, "    eg = rho", "    epsilon = 1e-7\n    eg = rho")),
    Crafted(
        "adam",
        "slots_outside_state",
        """SLOTS = {"t": 0}


def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    SLOTS["t"] += 1
    t = SLOTS["t"]
    SLOTS["m"] = beta_1 * SLOTS.get("m", 0.0) + (1 - beta_1) * g
    SLOTS["v"] = beta_2 * SLOTS.get("v", 0.0) + (1 - beta_2) * g * g
    return w - learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t) * SLOTS["m"] / (np.sqrt(SLOTS["v"]) + epsilon)
""",
    ),
    Crafted(
        "sgd",
        "unchanged",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    new_w = w.copy()
    if momentum == 0:
        new_w -= learning_rate * g
        return w
    m = momentum * state.get("m", np.zeros_like(w)) - learning_rate * g
    state["m"] = m
    new_w += momentum * m - learning_rate * g if nesterov else m
    return w
""",
    ),
    Crafted("sgd", "sign_flipped", slip(SGD, "return w - learning_rate * g", "return w + learning_rate * g")),
    Crafted("rmsprop", "missing_sqrt", TYPICAL["rmsprop"][0]),
    Crafted("adam", "missing_sqrt", slip(ADAM, "(np.sqrt(v) + epsilon)", "(v + epsilon)")),
    Crafted(  # an exponentially weighted average of the gradients, as the deep learning specialization writes it
        "sgd",
        "dampened_momentum",
        slip(
            SGD,
            'm = momentum * state.get("m", np.zeros_like(w)) - learning_rate * g',
            'm = momentum * state.get("m", np.zeros_like(w)) - (1 - momentum) * learning_rate * g',
        ),
    ),
    Crafted(
        "adadelta",
        "epsilon_outside_roots",
        slip(
            ADADELTA,
            "-np.sqrt(edx + epsilon) / np.sqrt(eg + epsilon) * g",
            "-(np.sqrt(edx) + epsilon) / (np.sqrt(eg) + epsilon) * g",
        ),
    ),
    Crafted("sgd", "constant_factor", slip(SGD, "return w - learning_rate * g", "return w - learning_rate * g / 2")),
    Crafted("adam", "counter_shifted", slip(ADAM, 't = state.get("t", 0) + 1', 't = state.get("t", 1) + 1')),
    Crafted("adam", "counter_frozen", slip(ADAM, 't = state.get("t", 0) + 1', 't = min(state.get("t", 0) + 1, 5)')),
    Crafted("adam", "beta_squared", slip(ADAM, "np.sqrt(1 - beta_2**t)", "np.sqrt(1 - beta_2**2)")),
    Crafted("adam", "beta_squared", slip(ADAM, "(1 - beta_1**t)", "(1 - beta_1**2)")),
    Crafted(
        "adam",
        "beta_squared",
        slip(slip(ADAM, "np.sqrt(1 - beta_2**t)", "np.sqrt(1 - beta_2**2)"), "(1 - beta_1**t)", "(1 - beta_1**2)"),
    ),
    Crafted("adam", "half_bias_correction", slip(ADAM, "np.sqrt(1 - beta_2**t) / ", "1 / ")),
    Crafted("adam", "half_bias_correction", slip(ADAM, " / (1 - beta_1**t)", "")),
    Crafted(  # d2l's Adam pasted with its hyperparameters written in
        "adam",
        "ignores_arguments",
        slip(ADAM, "    t = state", "    beta_1, beta_2 = 0.9, 0.999\n    t = state"),
    ),
    Crafted("sgd", "ignores_momentum", slip(SGD, "    if momentum == 0:", "    momentum = 0.9\n    if momentum == 0:")),
    Crafted(
        "rmsprop",
        "accumulator_scaled_by_lr",
        slip(RMSPROP, "+ (1 - rho) * g * g", "+ (1 - rho) * learning_rate * g * g"),
    ),
    Crafted(  # the first printing of Deep Learning from Scratch: v updated first, then used as if it were the old one
        "sgd",
        "nesterov_new_velocity",
        slip(
            SGD,
            "w + momentum * m - learning_rate * g if nesterov",
            "w + momentum**2 * m - (1 + momentum) * learning_rate * g if nesterov",
        ),
    ),
]

CRAFTED: list[Crafted] = ACCEPTED + EPSILON_ELSEWHERE + MISTAKEN
