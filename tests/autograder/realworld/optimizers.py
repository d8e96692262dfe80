"""Real-world optimizers, adapted to ``f(w, g, state, **hyper) -> new_w`` (see test_realworld.py).

Each entry: where it comes from (repository, path, commit), how it was adapted, the verdict the
grader must give, the mistake id it must name (``None`` for a pass, or for a failure no single
row explains), words its message must contain, and why.
"""

# ruff: noqa: F821 -- ``Entry`` is given by test_realworld.py, which runs this file
ENTRIES = [
    # ------------------------------------------------------------------ SGD and momentum
    Entry(
        "sgd",
        "d2l-ai/d2l-en chapter_optimization/momentum.md @ 26d2e5c8b7b61cbd19e7c96c3622aeb99d976ddc",
        "the velocity v = momentum * v + g, the step lr * v; the state dict holds v; no Nesterov in the book",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    v = momentum * state.get("v", np.zeros_like(w)) + g
    state["v"] = v
    return w - learning_rate * v
""",
        False,
        "nesterov_ignored",
        "nesterov=True is ignored",
        "v = momentum v + g, w -= lr v is Keras's momentum for a constant learning rate; the book has no "
        "Nesterov step, so the nesterov=True cases are classical momentum",
    ),
    Entry(
        "sgd",
        "achyudh/espalier optimizers.py @ d21e0e64e7fb741ab3fabeeb0da918b17c7799ea",
        "CS231n's sgd_momentum: config['velocity'] kept in state; nesterov has no counterpart",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    velocity = momentum * state.get("velocity", np.zeros_like(w)) - learning_rate * g
    state["velocity"] = velocity
    return w + velocity
""",
        False,
        "nesterov_ignored",
        "nesterov=True is ignored",
        "the CS231n momentum update is Keras's SGD(momentum) exactly; only Nesterov is missing",
    ),
    Entry(
        "sgd",
        "selekzioner/dlcourse assignment2/optim.py @ 4041ba2beb2d596c27864edd3bb5b181fb5eb461",
        "MomentumSGD: its constructor stores momentum 0.9 whatever it is given; the velocity in state",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    momentum = 0.9
    velocity = momentum * state.get("velocity", 0) - learning_rate * g
    state["velocity"] = velocity
    return w + velocity
""",
        False,
        "ignores_momentum",
        "momentum=0.9",
        "momentum is hard-coded at 0.9: with momentum=0 (the defaults case) it still accelerates",
    ),
    Entry(
        "sgd",
        "DeepakSridhar/Deep-Learning-Coursera Course-2/Optimization/update_momentum.py "
        "@ 6b25c172b420ef70d0b9b877634bc75b7a7d960a",
        "update_parameters_with_momentum for one parameter: v = beta v + (1 - beta) dW, W -= lr v",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    v = momentum * state.get("v", np.zeros_like(w)) + (1 - momentum) * g
    state["v"] = v
    return w - learning_rate * v
""",
        False,
        "dampened_momentum",
        "weighted by 1 - momentum",
        "the deep learning specialization's momentum averages the gradients: every step is (1 - momentum) "
        "times Keras's, which is a different learning rate, not the same algorithm",
    ),
    Entry(
        "sgd",
        "oreilly-japan/deep-learning-from-scratch common/optimizer.py @ 0dda3d1715e2431b76eb4089b60881948853ba2a",
        "the book's Momentum for nesterov=False, its Nesterov class for nesterov=True (the velocity "
        "updated first, then w += momentum**2 v - (1 + momentum) lr g); plain SGD at momentum 0 is the "
        "Momentum class with momentum 0",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    v = state.get("v", np.zeros_like(w))
    if not nesterov:
        v = momentum * v - learning_rate * g
        state["v"] = v
        return w + v
    v = v * momentum
    v = v - learning_rate * g
    state["v"] = v
    return w + momentum * momentum * v - (1 + momentum) * learning_rate * g
""",
        False,
        "nesterov_new_velocity",
        "velocity after its update",
        "Bengio et al.'s form needs the velocity before this step's update; with the updated one every "
        "step carries one momentum factor too many (the first printing's Nesterov)",
    ),
    Entry(
        "sgd",
        "suzshiro1024/zero-deep-learning src/part1/chapter6/Nesterov.py @ 9a881b9eee406af070f9fba258e76811457c9f79 "
        "(and Momentum.py @ 4ade49e6a95ba54454ae6352af1ae2ced94486c3)",
        "the corrected order: w moves with the old velocity, then the velocity is updated; Momentum.py "
        "for nesterov=False",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    v = state.get("v", np.zeros_like(w))
    if nesterov:
        w = w + momentum * momentum * v - (1 + momentum) * learning_rate * g
        state["v"] = momentum * v - learning_rate * g
        return w
    v = momentum * v - learning_rate * g
    state["v"] = v
    return w + v
""",
        True,
        None,
        "",
        "w += momentum**2 v_old - (1 + momentum) lr g equals Keras's momentum * v_new - lr g: the same algorithm",
    ),
    Entry(
        "sgd",
        "KyoyaTokikawa/deep-learning-from-scratch mine_2/OptimizationAlgorithm/NefterovMomentum.py "
        "@ 30ccb997bc78af1c4d2580bf577283b30975bf18 (MomentumSGD.py for nesterov=False)",
        "v = momentum v - lr (g + momentum v); w += v (the class's own look-ahead); MomentumSGD otherwise",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    v = state.get("v", np.zeros_like(w))
    if nesterov:
        v = momentum * v - learning_rate * (g + momentum * v)
    else:
        v = momentum * v - learning_rate * g
    state["v"] = v
    return w + v
""",
        False,
        None,
        "leaves Keras",
        "exception: the look-ahead gradient is approximated by g + momentum * v, which is neither Nesterov's "
        "update nor a Keras optimizer with other hyperparameters; the first step is Keras's classical one, "
        "so no row explains it (the grader says where it leaves Keras and asks for a step-by-step comparison)",
    ),
    Entry(
        "sgd",
        "pytorch/pytorch torch/optim/sgd.py @ 0316fdce3d7cd6b72508ea175f38e4ad19ed5072",
        "_single_tensor_sgd without weight decay and dampening: buf = momentum buf + g (buf = g at the "
        "first step), Nesterov g + momentum buf, w -= lr times that",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    d_p = g
    if momentum != 0:
        buf = g.copy() if "buf" not in state else momentum * state["buf"] + g
        state["buf"] = buf
        d_p = g + momentum * buf if nesterov else buf
    return w - learning_rate * d_p
""",
        True,
        None,
        "",
        "PyTorch's velocity is Keras's divided by -lr: with a constant learning rate the same steps",
    ),
    Entry(
        "sgd",
        "FortiLeiZhang/cs231n code/cs231n/assignment3/cs231n/optim.py @ b578e66bbc65ce0e25253d10cb5eb6df38b61bb4",
        "its sgd (the only SGD of the file): w -= lr dw, momentum and nesterov unused",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    w -= learning_rate * g
    return w
""",
        False,
        "momentum_ignored",
        "momentum is ignored",
        "vanilla SGD: right for the defaults case, momentum missing elsewhere",
    ),
    Entry(
        "sgd",
        "Srijan2001/Backpropagation-Algorithm Momentum.py @ 350258bc33140222f296cfe43beaf5c2eb4c2457",
        "update_parameters_with_momentum for one parameter: v = beta v + (1 - beta) dW, W -= lr v",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    v = state.get("v", np.zeros(w.shape))
    v = momentum * v + (1 - momentum) * g
    state["v"] = v
    return w - learning_rate * v
""",
        False,
        "dampened_momentum",
        "weighted by 1 - momentum",
        "the specialization's exponentially weighted average again: steps (1 - momentum) times Keras's",
    ),
    Entry(
        "sgd",
        "SpiderNitt/web-wednesdays PopulerOptimizers_AmarRokade/momentum.py @ cda905963ba10fb199ebda4abbbd5d674b0f970e",
        "update_params_with_momentum for one parameter: the same averaged velocity",
        """def sgd(w, g, state, learning_rate=0.01, momentum=0.0, nesterov=False):
    state["v"] = momentum * state.get("v", 0) + (1 - momentum) * g
    return w - learning_rate * state["v"]
""",
        False,
        "dampened_momentum",
        "weighted by 1 - momentum",
        "the same form in a workshop's optimizer collection",
    ),
    # ------------------------------------------------------------------ Adagrad
    Entry(
        "adagrad",
        "d2l-ai/d2l-en chapter_optimization/adagrad.md @ 9ef48ae972d4361de6257529ac177899582cc177",
        "s starts at zeros (init_adagrad_states), s += g**2, w -= lr g / sqrt(s + eps) with eps = 1e-6 written in",
        """def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    eps = 1e-6
    s = state.get("s", np.zeros_like(w)) + np.square(g)
    state["s"] = s
    return w - learning_rate * g / np.sqrt(s + eps)
""",
        False,
        "accumulator_at_zero",
        "the accumulator starts at 0",
        "the book's accumulator starts at 0, Keras's at initial_accumulator_value (0.1); epsilon 1e-6 inside "
        "the root is invisible next to s >= g**2",
    ),
    Entry(
        "adagrad",
        "oreilly-japan/deep-learning-from-scratch common/optimizer.py @ 0dda3d1715e2431b76eb4089b60881948853ba2a",
        "AdaGrad: h from zeros, h += g*g, w -= lr g / (sqrt(h) + 1e-7)",
        """def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    h = state.get("h", np.zeros_like(w))
    h = h + g * g
    state["h"] = h
    return w - learning_rate * g / (np.sqrt(h) + 1e-7)
""",
        False,
        "accumulator_at_zero",
        "the accumulator starts at 0",
        "epsilon outside the root is another textbook place (accepted); the accumulator at zero is not",
    ),
    Entry(
        "adagrad",
        "pytorch/pytorch torch/optim/adagrad.py @ 7be7d891630a753dcca7f2617dafe2798563576e",
        "_single_tensor_adagrad without decay: state_sum starts at initial_accumulator_value, "
        "state_sum += g*g, std = sqrt(state_sum) + eps, w -= lr g / std",
        """def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    state_sum = state.get("sum", np.full_like(w, initial_accumulator_value)) + g * g
    state["sum"] = state_sum
    std = np.sqrt(state_sum) + epsilon
    return w - learning_rate * g / std
""",
        True,
        None,
        "",
        "PyTorch's Adagrad with epsilon outside the root (Goodfellow et al.'s Algorithm 8.4): the same algorithm",
    ),
    Entry(
        "adagrad",
        "tensorflow/tensorflow tensorflow/python/keras/optimizer_v2/adagrad_test.py "
        "@ f1f0c8856bed4f29b53db9b70324772535bae795",
        "adagrad_update_numpy, Keras 2's NumPy check: accum += g*g, w -= lr g / (sqrt(accum) + eps); the "
        "test starts accum at initial_accumulator_value",
        """def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    accum = state.get("accum", np.full_like(w, initial_accumulator_value))
    accum_t = accum + g * g
    state["accum"] = accum_t
    return w - learning_rate * g / (np.sqrt(accum_t) + epsilon)
""",
        True,
        None,
        "",
        "Keras 2's own test reference, epsilon outside the root: the same algorithm",
    ),
    Entry(
        "adagrad",
        "KyoyaTokikawa/deep-learning-from-scratch mine_2/OptimizationAlgorithm/AdaGrad.py "
        "@ 30ccb997bc78af1c4d2580bf577283b30975bf18",
        "h from zeros, h += g*g, w -= lr g / (sqrt(h) + 1e-7)",
        """def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    if "h" not in state:
        state["h"] = np.zeros_like(w)
    state["h"] += g * g
    return w - learning_rate * g / (np.sqrt(state["h"]) + 1e-7)
""",
        False,
        "accumulator_at_zero",
        "the accumulator starts at 0",
        "a copy of the book's AdaGrad: accumulator at zero",
    ),
    Entry(
        "adagrad",
        "suzshiro1024/zero-deep-learning src/part1/chapter6/AdaGrad.py @ 6157acd878497078d4aaaec68d4a0ac9514865d7",
        "AdaGrad.update for one parameter: h from zeros, h += g*g, w -= lr g / (sqrt(h) + 1e-7)",
        """def adagrad(w, g, state, learning_rate=0.001, initial_accumulator_value=0.1, epsilon=1e-7):
    h = state.setdefault("h", np.zeros_like(w))
    h += g * g
    return w - learning_rate * g / (np.sqrt(h) + 1e-7)
""",
        False,
        "accumulator_at_zero",
        "the accumulator starts at 0",
        "a reader's copy of the book: the same accumulator at zero",
    ),
    # ------------------------------------------------------------------ RMSprop
    Entry(
        "rmsprop",
        "d2l-ai/d2l-en chapter_optimization/rmsprop.md @ 97ef68922e6f7e1a13213c716c8dc2b0d7bfe337",
        "s = gamma s + (1 - gamma) g**2 (gamma = rho), w -= lr g / sqrt(s + eps), eps = 1e-6 written in, no momentum",
        """def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    gamma, eps = rho, 1e-6
    s = gamma * state.get("s", np.zeros_like(w)) + (1 - gamma) * np.square(g)
    state["s"] = s
    return w - learning_rate * g / np.sqrt(s + eps)
""",
        False,
        "momentum_ignored",
        "momentum is ignored",
        "the book's RMSProp has no momentum; epsilon fixed at 1e-6 differs from Keras's 1e-7 only where v is tiny",
    ),
    Entry(
        "rmsprop",
        "oreilly-japan/deep-learning-from-scratch common/optimizer.py @ 0dda3d1715e2431b76eb4089b60881948853ba2a",
        "RMSprop: h = decay h + (1 - decay) g*g, w -= lr g / (sqrt(h) + 1e-7); no momentum",
        """def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    h = state.get("h", np.zeros_like(w))
    h = h * rho + (1 - rho) * g * g
    state["h"] = h
    return w - learning_rate * g / (np.sqrt(h) + 1e-7)
""",
        False,
        "momentum_ignored",
        "momentum is ignored",
        "epsilon outside the root is accepted; the missing momentum is what fails",
    ),
    Entry(
        "rmsprop",
        "pytorch/pytorch torch/optim/rmsprop.py @ e7c1e6a8e39df0d206efe247f5eb0481eb8b8b6c",
        "_single_tensor_rmsprop, not centered: square_avg = alpha sq + (1 - alpha) g*g, avg = sqrt(sq) + eps; "
        "momentum: buf = momentum buf + g / avg, w -= lr buf; else w -= lr g / avg",
        """def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    square_avg = rho * state.get("square_avg", np.zeros_like(w)) + (1 - rho) * g * g
    state["square_avg"] = square_avg
    avg = np.sqrt(square_avg) + epsilon
    if momentum > 0:
        buf = momentum * state.get("buf", np.zeros_like(w)) + g / avg
        state["buf"] = buf
        return w - learning_rate * buf
    return w - learning_rate * g / avg
""",
        True,
        None,
        "epsilon placed elsewhere",
        "PyTorch's RMSprop, epsilon outside the root: the same algorithm; on the digits-MLP gradients it "
        "shows where v is tiny, accepted with a note",
    ),
    Entry(
        "rmsprop",
        "tensorflow/tensorflow tensorflow/python/keras/optimizer_v2/rmsprop_test.py "
        "@ 22794ef3d1a452c697952172c2f781424ddb6fc6",
        "_rmsprop_update_numpy, not centered: rms = rho rms + (1 - rho) g*g, mom = momentum mom + lr g / "
        "sqrt(rms + eps), w -= mom",
        """def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    rms_t = state.get("rms", np.zeros_like(w)) * rho + (1 - rho) * g * g
    mom_t = momentum * state.get("mom", np.zeros_like(w)) + learning_rate * g / np.sqrt(rms_t + epsilon)
    state.update(rms=rms_t, mom=mom_t)
    return w - mom_t
""",
        True,
        None,
        "",
        "Keras 2's own NumPy reference: Keras's algorithm",
    ),
    Entry(
        "rmsprop",
        "KyoyaTokikawa/deep-learning-from-scratch mine_2/OptimizationAlgorithm/RMSprop.py "
        "@ 30ccb997bc78af1c4d2580bf577283b30975bf18",
        "h *= decay_rate; h += (1 - decay_rate) g*g; w -= lr g / (sqrt(h) + 1e-7)",
        """def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    h = state.setdefault("h", np.zeros_like(w))
    h *= rho
    h += (1 - rho) * g * g
    return w - learning_rate * g / (np.sqrt(h) + 1e-7)
""",
        False,
        "momentum_ignored",
        "momentum is ignored",
        "another copy of the book's RMSprop: no momentum",
    ),
    Entry(
        "rmsprop",
        "SpiderNitt/web-wednesdays PopulerOptimizers_AmarRokade/RMSprop.py @ cda905963ba10fb199ebda4abbbd5d674b0f970e",
        "update_params_with_RMS for one parameter: s = beta s + (1 - beta) g**2, w -= lr g / (sqrt(s) + 1e-4)",
        """def rmsprop(w, g, state, learning_rate=0.001, rho=0.9, momentum=0.0, epsilon=1e-7):
    s = rho * state.get("s", np.zeros(w.shape)) + (1 - rho) * np.square(g)
    state["s"] = s
    return w - learning_rate * g / (np.sqrt(s) + pow(10, -4))
""",
        False,
        "ignores_epsilon",
        "the `epsilon` argument is ignored",
        "epsilon is written in as 1e-4, a thousand times Keras's default: where v is small it changes the step "
        "more than epsilon's place could, from the first cases on (Keras with epsilon 1e-6 inside the root "
        "steps as it does, hence the value the message quotes); the missing momentum shows on later cases",
    ),
    # ------------------------------------------------------------------ Adadelta
    Entry(
        "adadelta",
        "d2l-ai/d2l-en chapter_optimization/adadelta.md @ 754fdecbbd26ac0330b744dab3a69f5a8fd06f8e",
        "s = rho s + (1 - rho) g**2, g' = sqrt(delta + eps) / sqrt(s + eps) g, w -= g', delta = rho delta "
        "+ (1 - rho) g'**2, eps = 1e-5 written in, no learning rate",
        """def adadelta(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    eps = 1e-5
    s = rho * state.get("s", np.zeros_like(w)) + (1 - rho) * np.square(g)
    delta = state.get("delta", np.zeros_like(w))
    g_prime = (np.sqrt(delta + eps) / np.sqrt(s + eps)) * g
    state.update(s=s, delta=rho * delta + (1 - rho) * g_prime * g_prime)
    return w - g_prime
""",
        False,
        "ignores_arguments",
        "learning_rate=1.0, epsilon=1e-05",
        "Zeiler's rule has no learning rate (Keras's with learning_rate=1), and the book fixes epsilon at "
        "1e-5, which sets Adadelta's first steps (about sqrt(eps) |g|/rms): two arguments ignored",
    ),
    Entry(
        "adadelta",
        "pytorch/pytorch torch/optim/adadelta.py @ 7bd5f21072595a0342f17802302fbb9693995d13",
        "_single_tensor_adadelta without weight decay: square_avg = rho sq + (1 - rho) g*g, std = sqrt(sq + eps), "
        "delta = sqrt(acc_delta + eps) / std * g, acc_delta = rho acc + (1 - rho) delta**2, w -= lr delta",
        """def adadelta(w, g, state, learning_rate=0.001, rho=0.95, epsilon=1e-7):
    square_avg = rho * state.get("square_avg", np.zeros_like(w)) + (1 - rho) * g * g
    acc_delta = state.get("acc_delta", np.zeros_like(w))
    std = np.sqrt(square_avg + epsilon)
    delta = np.sqrt(acc_delta + epsilon) / std * g
    state.update(square_avg=square_avg, acc_delta=rho * acc_delta + (1 - rho) * delta * delta)
    return w - learning_rate * delta
""",
        True,
        None,
        "",
        "PyTorch's Adadelta is Keras's, term by term",
    ),
    # ------------------------------------------------------------------ Adam
    Entry(
        "adam",
        "d2l-ai/d2l-en chapter_optimization/adam.md @ b2d83e0f733bd3f37e7e28e4a19483fdb5f1e0c4",
        "beta1, beta2, eps = 0.9, 0.999, 1e-6 written in; v, s from zeros; bias-corrected with t starting "
        "at 1 (hyperparams['t'], increased after the update: kept in state); eps outside sqrt(s_hat)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    t = state.get("t", 1)
    v = beta1 * state.get("v", np.zeros_like(w)) + (1 - beta1) * g
    s = beta2 * state.get("s", np.zeros_like(w)) + (1 - beta2) * np.square(g)
    v_bias_corr = v / (1 - beta1**t)
    s_bias_corr = s / (1 - beta2**t)
    state.update(v=v, s=s, t=t + 1)
    return w - learning_rate * v_bias_corr / (np.sqrt(s_bias_corr) + eps)
""",
        False,
        "ignores_arguments",
        "beta_1, beta_2",
        "the book's Adam with its hyperparameters written into the function: beta_1 and beta_2 are ignored "
        "(epsilon 1e-6 outside sqrt(v_hat) does not show on these cases)",
    ),
    Entry(
        "adam",
        "kang9kang/DL-learning torch-learning/optimization/adamTest.py @ 7f8131bdf3e2aabfd9347ae16d0fbc920063caba",
        "the same d2l Adam pasted into a course repository",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    beta1, beta2, eps = 0.9, 0.999, 1e-6
    if "t" not in state:
        state.update(t=1, v=np.zeros_like(w), s=np.zeros_like(w))
    state["v"] = beta1 * state["v"] + (1 - beta1) * g
    state["s"] = beta2 * state["s"] + (1 - beta2) * g**2
    v_bias_corr = state["v"] / (1 - beta1 ** state["t"])
    s_bias_corr = state["s"] / (1 - beta2 ** state["t"])
    state["t"] += 1
    return w - learning_rate * v_bias_corr / (np.sqrt(s_bias_corr) + eps)
""",
        False,
        "ignores_arguments",
        "beta_1, beta_2",
        "several hyperparameters ignored at once",
    ),
    Entry(
        "adam",
        "pytorch/pytorch torch/optim/adam.py @ dc80ccded5385cca3e777472d64cfe3d874fad89",
        "_single_tensor_adam, not amsgrad: exp_avg.lerp_(g, 1 - beta1), exp_avg_sq = beta2 sq + (1 - beta2) "
        "g*g, step_size = lr / bias_correction1, denom = sqrt(sq) / sqrt(bias_correction2) + eps",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    step = state.get("step", 0) + 1
    exp_avg = state.get("exp_avg", np.zeros_like(w))
    exp_avg = exp_avg + (g - exp_avg) * (1 - beta_1)
    exp_avg_sq = beta_2 * state.get("exp_avg_sq", np.zeros_like(w)) + (1 - beta_2) * g * g
    state.update(step=step, exp_avg=exp_avg, exp_avg_sq=exp_avg_sq)
    bias_correction1 = 1 - beta_1**step
    bias_correction2 = 1 - beta_2**step
    step_size = learning_rate / bias_correction1
    denom = np.sqrt(exp_avg_sq) / np.sqrt(bias_correction2) + epsilon
    return w - step_size * exp_avg / denom
""",
        True,
        None,
        "",
        "PyTorch's Adam puts epsilon after the bias correction (Kingma & Ba's Algorithm 1): the same algorithm",
    ),
    Entry(
        "adam",
        "tensorflow/tensorflow tensorflow/python/keras/optimizer_v2/adam_test.py "
        "@ d47bd49e5ef35676ce70f584f4b3d62800888f50",
        "adam_update_numpy, Keras 2's NumPy check, with its zero-based t: lr_t = lr sqrt(1 - beta2**(t+1)) / "
        "(1 - beta1**(t+1)), w -= lr_t m / (sqrt(v) + eps)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0)
    lr_t = learning_rate * np.sqrt(1 - beta_2 ** (t + 1)) / (1 - beta_1 ** (t + 1))
    m_t = beta_1 * state.get("m", 0) + (1 - beta_1) * g
    v_t = beta_2 * state.get("v", 0) + (1 - beta_2) * g * g
    state.update(t=t + 1, m=m_t, v=v_t)
    return w - lr_t * m_t / (np.sqrt(v_t) + epsilon)
""",
        True,
        None,
        "",
        "Keras 2's own NumPy reference: Keras's algorithm",
    ),
    Entry(
        "adam",
        "FortiLeiZhang/cs231n code/cs231n/assignment3/cs231n/optim.py @ b578e66bbc65ce0e25253d10cb5eb6df38b61bb4",
        "CS231n's adam with config m, v, t kept in state: t += 1, alpha = lr sqrt(1 - beta2**t) / (1 - beta1**t)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t, m, v = state.get("t", 0), state.get("m", np.zeros_like(w)), state.get("v", np.zeros_like(w))
    m = beta_1 * m + (1 - beta_1) * g
    v = beta_2 * v + (1 - beta_2) * (g * g)
    t += 1
    alpha = learning_rate * np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    state.update(t=t, m=m, v=v)
    return w - alpha * (m / (np.sqrt(v) + epsilon))
""",
        True,
        None,
        "",
        "Keras's own form",
    ),
    Entry(
        "adam",
        "jparkerholder/ASEBO asebo/optimizers.py @ e664ec0fde642a5414919c0873a7eca8010c9877",
        "Adam(dx, m, v, learning_rate, t): the caller's t kept in state from 1; eps outside sqrt(v_hat)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m = beta_1 * state.get("m", 0) + (1 - beta_1) * g
    mt = m / (1 - beta_1**t)
    v = beta_2 * state.get("v", 0) + (1 - beta_2) * (g**2)
    vt = v / (1 - beta_2**t)
    state.update(t=t, m=m, v=v)
    return w - learning_rate * mt / (np.sqrt(vt) + epsilon)
""",
        True,
        None,
        "",
        "Kingma & Ba's Algorithm 1: the same algorithm as Keras's",
    ),
    Entry(
        "adam",
        "sherwyn11/Skyplay-NN playground/neural_net/nn_model/update_parameters_test.py "
        "@ f451cf8d145ec506f74cbf4c7c0e9700a0ba1df8",
        "update_parameters_with_adam for one parameter, t counted from 1 in state: eps inside sqrt(s_corrected + eps)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    v = beta_1 * state.get("v", np.zeros_like(w)) + (1 - beta_1) * g
    s = beta_2 * state.get("s", np.zeros_like(w)) + (1 - beta_2) * np.power(g, 2)
    state.update(t=t, v=v, s=s)
    v_corrected = v / (1 - np.power(beta_1, t))
    s_corrected = s / (1 - np.power(beta_2, t))
    return w - learning_rate * v_corrected / np.sqrt(s_corrected + epsilon)
""",
        True,
        None,
        "",
        "epsilon inside the root, after the bias correction: a textbook place, the same algorithm",
    ),
    Entry(
        "adam",
        "ritviksingh9/ML-Models-Scratch RecurrentNeuralNetwork/optimize.py @ 1d02d84bbfa7282bc46ba16b7f3129ef82b53060",
        "update_parameters_with_adam for one parameter: s corrected by 1 - beta2**2 (not **t), and no square "
        "root: w -= lr v_corr / (s_corr + eps)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    v = beta_1 * state.get("v", np.zeros(w.shape)) + (1 - beta_1) * g
    v_corrected = v / (1 - beta_1**t)
    s = beta_2 * state.get("s", np.zeros(w.shape)) + (1 - beta_2) * (g**2)
    s_corrected = s / (1 - beta_2**2)
    state.update(t=t, v=v, s=s)
    return w - learning_rate * v_corrected / (s_corrected + epsilon)
""",
        False,
        "missing_sqrt",
        "square root is missing",
        "two mistakes: beta_2**2 for beta_2**t and no square root; the missing root dominates from the first "
        "step (the step falls like 1/|g|) and is named; fixing it leaves beta_squared for the next check",
    ),
    Entry(
        "adam",
        "every-algorithm/python optimization/adam_optimizer.py @ 6f1aba359d2ce6b415369dfede13f36ea26c2bce",
        "AdamOptimizer.update for one parameter: m_hat corrected, v not, and no root: w -= lr m_hat / (v + eps)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m = beta_1 * state.get("m", 0.0) + (1 - beta_1) * g
    v = beta_2 * state.get("v", 0.0) + (1 - beta_2) * (g * g)
    state.update(t=t, m=m, v=v)
    m_hat = m / (1 - beta_1**t)
    return w - learning_rate * m_hat / (v + epsilon)
""",
        False,
        "missing_sqrt",
        "square root is missing",
        "v is neither rooted nor bias-corrected; the missing root is what the first step shows",
    ),
    Entry(
        "adam",
        "gaoxam123/Deep_Learning DNN/Adam.py @ a7869146b1beff12d739cb9dbaeb93163fab658a",
        "AdamOptim.update, its kernel path (m_dw, v_dw), t kept in state",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m_dw = beta_1 * state.get("m", 0) + (1 - beta_1) * g
    v_dw = beta_2 * state.get("v", 0) + (1 - beta_2) * (g**2)
    state.update(t=t, m=m_dw, v=v_dw)
    m_dw_corr = m_dw / (1 - beta_1**t)
    v_dw_corr = v_dw / (1 - beta_2**t)
    return w - learning_rate * (m_dw_corr / (np.sqrt(v_dw_corr) + epsilon))
""",
        True,
        None,
        "",
        "the kernel path is Kingma & Ba's Adam",
    ),
    Entry(
        "adam",
        "gaoxam123/Deep_Learning DNN/Adam.py @ a7869146b1beff12d739cb9dbaeb93163fab658a",
        "AdamOptim.update, its bias path: v_db accumulates db itself, not db**2",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    m_db = beta_1 * state.get("m", 0) + (1 - beta_1) * g
    v_db = beta_2 * state.get("v", 0) + (1 - beta_2) * g
    state.update(t=t, m=m_db, v=v_db)
    m_db_corr = m_db / (1 - beta_1**t)
    v_db_corr = v_db / (1 - beta_2**t)
    return w - learning_rate * (m_db_corr / (np.sqrt(v_db_corr) + epsilon))
""",
        False,
        "not_finite",
        "NaN or infinite",
        "the square root of a negative average where the gradient is negative: NaN on those coordinates only "
        "(not a counter at 0, which would make every coordinate infinite)",
    ),
    Entry(
        "adam",
        "oreilly-japan/deep-learning-from-scratch common/optimizer.py @ 0dda3d1715e2431b76eb4089b60881948853ba2a",
        "Adam: iter += 1, lr_t = lr sqrt(1 - beta2**iter) / (1 - beta1**iter), m += (1 - beta1)(g - m), "
        "v += (1 - beta2)(g**2 - v), w -= lr_t m / (sqrt(v) + 1e-7)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    it = state.get("iter", 0) + 1
    lr_t = learning_rate * np.sqrt(1.0 - beta_2**it) / (1.0 - beta_1**it)
    m = state.get("m", np.zeros_like(w))
    v = state.get("v", np.zeros_like(w))
    m = m + (1 - beta_1) * (g - m)
    v = v + (1 - beta_2) * (g**2 - v)
    state.update(iter=it, m=m, v=v)
    return w - lr_t * m / (np.sqrt(v) + 1e-7)
""",
        True,
        None,
        "",
        "Keras's form with epsilon fixed at Keras's default 1e-7; the hidden case's epsilon=1e-6 does not "
        "show (it moves the step only where v is tiny, as epsilon's place does)",
    ),
    Entry(
        "adam",
        "KyoyaTokikawa/deep-learning-from-scratch mine_2/OptimizationAlgorithm/Adam.py "
        "@ 30ccb997bc78af1c4d2580bf577283b30975bf18",
        "Adam_update: m_hat and v_hat corrected, and alpha *= sqrt(1 - beta2**t) / (1 - beta1**t) kept "
        "(the correction applied twice, compounding in alpha from step to step)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    alpha = state.get("alpha", learning_rate)
    m = beta_1 * state.get("m", 0) + (1 - beta_1) * g
    v = beta_2 * state.get("v", 0) + (1 - beta_2) * g**2
    mhat = m / (1 - beta_1**t)
    vhat = v / (1 - beta_2**t)
    alpha *= np.sqrt(1 - beta_2**t) / (1 - beta_1**t)
    state.update(t=t, alpha=alpha, m=m, v=v)
    return w - alpha * mhat / (np.sqrt(vhat) + epsilon)
""",
        False,
        None,
        "leaves Keras",
        "exception: the bias correction is applied twice and compounds into the learning rate, a product "
        "over the steps no single row of the table models; the first step's ratio is uniform but the later "
        "ones are not, so it is (rightly) not called a constant factor",
    ),
    Entry(
        "adam",
        "SpiderNitt/web-wednesdays PopulerOptimizers_AmarRokade/adam.py @ 0f3935e180bdaffc80c107ca076a3db4eec9aac0",
        "update_params_with_Adam for one parameter, t from the caller kept in state from 1: epsilon = 1e-8 "
        "written in, inside sqrt(s_corrected + eps)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    epsilon = pow(10, -8)
    t = state.get("t", 0) + 1
    v = beta_1 * state.get("v", np.zeros(w.shape)) + (1 - beta_1) * g
    s = beta_2 * state.get("s", np.zeros(w.shape)) + (1 - beta_2) * np.power(g, 2)
    state.update(t=t, v=v, s=s)
    v_corrected = v / (1 - np.power(beta_1, t))
    s_corrected = s / (1 - np.power(beta_2, t))
    return w - learning_rate * v_corrected / np.sqrt(s_corrected + epsilon)
""",
        True,
        None,
        "",
        "epsilon inside the root after the bias correction (a textbook place); its value 1e-8 matters only where "
        "v is tiny, as its place does",
    ),
    Entry(
        "adam",
        "suzshiro1024/zero-deep-learning src/part1/chapter6/Adam.py @ fa480d8247a3165511ce8581aedb0752004bae17",
        "the book's Adam copied: Keras's form with epsilon 1e-7 written in",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    state["iter"] = state.get("iter", 0) + 1
    learning_rate_t = learning_rate * np.sqrt(1.0 - beta_2 ** state["iter"]) / (1.0 - beta_1 ** state["iter"])
    m = state.setdefault("m", np.zeros_like(w))
    v = state.setdefault("v", np.zeros_like(w))
    m += (1 - beta_1) * (g - m)
    v += (1 - beta_2) * (g**2 - v)
    return w - learning_rate_t * m / (np.sqrt(v) + 1e-7)
""",
        True,
        None,
        "",
        "Keras's algorithm",
    ),
    Entry(
        "adam",
        "every-algorithm/python optimization/adaptive_optimization.py @ a87115caf5abecd921421c9b2c2d9b3d8a37eceb",
        "AdamOptimizer.step for one parameter: lr_t carries the bias correction and m_hat, v_hat carry it "
        "again, and the parameters move by + lr_t m_hat / (sqrt(v_hat) + eps)",
        """def adam(w, g, state, learning_rate=0.001, beta_1=0.9, beta_2=0.999, epsilon=1e-7):
    t = state.get("t", 0) + 1
    lr_t = learning_rate * (np.sqrt(1 - beta_2**t) / (1 - beta_1**t))
    m = beta_1 * state.get("m", np.zeros_like(w)) + (1 - beta_1) * g
    v = beta_2 * state.get("v", np.zeros_like(w)) + (1 - beta_2) * (g**2)
    state.update(t=t, m=m, v=v)
    m_hat = m / (1 - beta_1**t)
    v_hat = v / (1 - beta_2**t)
    return w + lr_t * m_hat / (np.sqrt(v_hat) + epsilon)
""",
        False,
        "sign_flipped",
        "moves uphill",
        "two mistakes: the update is added (uphill) and the bias correction applied twice; every step points "
        "the wrong way, which is what a teaching assistant names first",
    ),
]
