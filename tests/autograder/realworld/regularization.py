"""Real-world dropout, L1/L2 penalties and early stopping, adapted to the exercises' signatures
(see test_realworld.py): ``dropout(x, rate, training=False, rng=None)``,
``l1_l2_penalty(weights, l1=0.0, l2=0.0)``, ``early_stopping_epoch(val_losses, patience, min_delta=0.0)``.

Adapting a training-time dropout (the books apply it only while training) adds ``if not training:
return x``; a keep probability becomes ``1 - rate``; a class called once per epoch becomes a loop
over the losses that returns the epoch its stop flag is first set and the last epoch it improved.
"""

# ruff: noqa: F821 -- ``Entry`` is given by test_realworld.py, which runs this file
ENTRIES = [
    # ------------------------------------------------------------------ dropout
    Entry(
        "dropout",
        "d2l-ai/d2l-en chapter_multilayer-perceptrons/dropout.md @ 0dc735e5535bc7823390b67648e9d26be48cb766",
        "dropout_layer(X, dropout): all zeros at 1, X at 0, else mask = rand > dropout, mask X / (1 - dropout); "
        "torch.rand becomes NumPy's global np.random.rand (the book draws from the framework's global generator)",
        """def dropout(x, rate, training=False, rng=None):
    if not training:
        return x
    assert 0 <= rate <= 1
    if rate == 1:
        return np.zeros_like(x)
    if rate == 0:
        return x
    mask = (np.random.rand(*x.shape) > rate).astype(np.float32)
    return mask * x / (1.0 - rate)
""",
        False,
        "ignores_rng",
        "does not draw from the rng",
        "inverted dropout as Keras computes it, but drawn from the global generator: the same seed does not "
        "give the same mask",
    ),
    Entry(
        "dropout",
        "xinghen91/d2l-zh-1.2 person_codes/dropout.py @ 440e1486e7baa8317944b2699ac9dd5f82b69e1c",
        "the MXNet edition: keep_prob = 1 - drop_prob, zeros when keep_prob is 0, mask = uniform(0, 1) < "
        "keep_prob, mask X / keep_prob; nd.random becomes np.random",
        """def dropout(x, rate, training=False, rng=None):
    if not training:
        return x
    keep_prob = 1 - rate
    if keep_prob == 0:
        return np.zeros_like(x)
    mask = np.random.uniform(0, 1, x.shape) < keep_prob
    return mask * x / keep_prob
""",
        False,
        "ignores_rng",
        "does not draw from the rng",
        "right distribution, global generator",
    ),
    Entry(
        "dropout",
        "Merhbene/holbertonschool-machine_learning supervised_learning/0x05-regularization/4-dropout_forward_prop.py "
        "@ a1ffb17c25baf95ed065ae6771fff846f7d5ac3d",
        "one hidden layer of dropout_forward_prop: D = np.random.binomial(1, keep_prob, A.shape), A D / keep_prob",
        """def dropout(x, rate, training=False, rng=None):
    if not training:
        return x
    keep_prob = 1 - rate
    d = np.random.binomial(1, keep_prob, x.shape)
    return (x * d) / keep_prob
""",
        False,
        "ignores_rng",
        "does not draw from the rng",
        "a Bernoulli mask with the right factor, from the global generator",
    ),
    Entry(
        "dropout",
        "jjj5306/CS231n-exercise cs231nExercise/cs231nExercise/exercise4/Dropout.py "
        "@ 881d6c4cd03ab8094c2bcde26716c88adbda8613",
        "CS231n's vanilla dropout: in training H *= rand < p, at test time H * p, p the keep probability",
        """def dropout(x, rate, training=False, rng=None):
    p = 1 - rate
    if not training:
        return x * p
    u = np.random.rand(*x.shape) < p
    return x * u
""",
        False,
        "non_inverted",
        "original paper's dropout",
        "the non-inverted dropout of the notes (scaled at test time); Keras scales in training instead",
    ),
    Entry(
        "dropout",
        "TimVan1596/ACM-ICPC python/deep_learning/test.py @ dcb267255e30b65c7902cf17d77548123318fd48",
        "D = rand < keep_prob, A * D, with the rescaling line commented out",
        """def dropout(x, rate, training=False, rng=None):
    if not training:
        return x
    keep_prob = 1 - rate
    d = np.random.rand(x.shape[0], *x.shape[1:]) < keep_prob
    return x * d
""",
        False,
        "no_rescale",
        "not rescaled",
        "without the division by keep_prob the mean activation shrinks in training",
    ),
    Entry(
        "dropout",
        "Synthaze/EpyNN epynn/dropout/forward.py @ a880e53058a09100fb2c61071abce2a3a1653785",
        "dropout_forward: D = layer.np_rng.uniform(0, 1) > drop_prob, X D / (1 - drop_prob); the layer's "
        "Generator is the rng argument (a fresh one when None)",
        """def dropout(x, rate, training=False, rng=None):
    if not training:
        return x
    rng = np.random.default_rng() if rng is None else rng
    d = rng.uniform(0, 1, x.shape) > rate
    a = x * d
    return a / (1 - rate)
""",
        True,
        None,
        "",
        "inverted dropout from the given Generator: what Keras computes (u > rate and u >= rate differ with "
        "probability 0)",
    ),
    # ------------------------------------------------------------------ L1/L2 penalties
    Entry(
        "l1_l2_penalty",
        "d2l-ai/d2l-en chapter_linear-regression/weight-decay.md @ 5a14aa75f51f824fc17e38954be8d01ca58f16bf",
        "lambd * l2_penalty(w), l2_penalty = sum(w**2) / 2, summed over the kernels; lambd is l2; the book has "
        "no L1 term",
        """def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    def l2_penalty(w):
        return (w**2).sum() / 2

    return float(sum(l2 * l2_penalty(w) for w in weights))
""",
        False,
        "half_l2",
        "1/2",
        "the book's weight decay halves the squared norm (its gradient is then lambd w); Keras's L2 has no 1/2",
    ),
    Entry(
        "l1_l2_penalty",
        "ACCIPD/py-cs231 src/classifiers/linear_svm.py @ 518e7098eed9e9d20e1525b554b5afbf9864e6da",
        "svm_loss_naive's regularization, loss += 0.5 * reg * sum(W * W), for each kernel; reg is l2",
        """def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    loss = 0.0
    for W in weights:
        loss += 0.5 * l2 * np.sum(W * W)
    return loss
""",
        False,
        "half_l2",
        "1/2",
        "the older CS231n convention, 1/2 reg |W|^2",
    ),
    Entry(
        "l1_l2_penalty",
        "melvin018/Computer-Vision- svm_classifier.py @ 4aa9a05300e863bebdb5fcaa5855f7853b54b21a",
        "svm_loss_naive's regularization, loss += reg * sum(W * W), for each kernel; reg is l2; no L1 term",
        """def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    loss = 0.0
    for W in weights:
        loss += l2 * np.sum(W * W)
    return loss
""",
        False,
        "only_l2",
        "only the L2 term",
        "Keras's L2 term exactly, but the L1 term is missing",
    ),
    Entry(
        "l1_l2_penalty",
        "keras-team/keras keras/regularizers.py @ f04fdec9e61eabe9750af00f56c18bdde8972045",
        "L1L2.__call__ of Keras 2 (K.sum, K.abs, K.square become NumPy's), summed over the kernels",
        """def l1_l2_penalty(weights, l1=0.0, l2=0.0):
    total = 0.0
    for x in weights:
        regularization = 0.0
        if l1:
            regularization += np.sum(l1 * np.abs(x))
        if l2:
            regularization += np.sum(l2 * np.square(x))
        total += regularization
    return float(total)
""",
        True,
        None,
        "",
        "Keras 2's own regularizer",
    ),
    # ------------------------------------------------------------------ early stopping
    Entry(
        "early_stopping_epoch",
        "sbfroy/sentiment_analysis src/training/early_stopping.py @ 46e997b61d8835ab5a56be0be2c64a49860236f6",
        "EarlyStopping.__call__ per epoch: improves when best is None or loss < best - min_delta, else counter "
        "+= 1 and stop once counter >= patience",
        """def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best_score, counter, best_epoch = None, 0, 0
    for epoch, val_loss in enumerate(val_losses):
        if best_score is None or val_loss < best_score - min_delta:
            best_score, counter, best_epoch = val_loss, 0, epoch
        else:
            counter += 1
            if counter >= patience:
                return epoch, best_epoch
    return None, best_epoch
""",
        True,
        None,
        "",
        "Keras's rule: a strict improvement by more than min_delta resets the count",
    ),
    Entry(
        "early_stopping_epoch",
        "mcv-m6-video/mcv-c6-2024-team1 Week5/src/utils/early_stopping.py @ 2a6654ab7a8d0f74573ec3790f78de21aa9eb201",
        "best_loss starts at infinity; loss < best_loss - min_delta improves, else counter += 1, stop at patience",
        """def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best_loss, counter, best_epoch = float("inf"), 0, 0
    for epoch, val_loss in enumerate(val_losses):
        if val_loss < best_loss - min_delta:
            best_loss, counter, best_epoch = val_loss, 0, epoch
        else:
            counter += 1
            if counter >= patience:
                return epoch, best_epoch
    return None, best_epoch
""",
        True,
        None,
        "",
        "the same rule with an infinite start: epoch 0 always improves, as in Keras",
    ),
    Entry(
        "early_stopping_epoch",
        "CS-433/ml-project-2-teamsas src/early_stopping.py @ d2744fb3cf09f6abdbe7924857706b1db4b01eb1",
        "the widespread early-stopping-pytorch class: score = -val_loss, score < best + delta counts against "
        "patience, anything else (a tie included) is a new best",
        """def early_stopping_epoch(val_losses, patience, min_delta=0.0):
    best_score, counter, best_epoch = None, 0, 0
    for epoch, val_loss in enumerate(val_losses):
        score = -val_loss
        if best_score is None:
            best_score, best_epoch = score, epoch
        elif score < best_score + min_delta:
            counter += 1
            if counter >= patience:
                return epoch, best_epoch
        else:
            best_score, counter, best_epoch = score, 0, epoch
    return None, best_epoch
""",
        False,
        "tie_improves",
        "",
        "loss <= best - min_delta improves here: a loss equal to the best (or exactly min_delta below it) "
        "resets the count, where Keras asks for a strict improvement",
    ),
]
