"""Training loops.

``train_with_update`` trains a Keras model whose weights are updated by a NumPy function with the
signature the students implement, ``update(w, g, state, **hyper) -> new_w`` (one ``state`` dict per
weight tensor, as Keras keeps one set of slots per variable). ``fit`` is ``model.fit`` with the same
batches in the same order, so that the two loops can be compared curve against curve; it is the
one Keras training loop of every notebook.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np


def minibatches(n: int, batch_size: int):
    """Consecutive slices ``[0:b], [b:2b], ...`` over ``n`` samples: ``model.fit(shuffle=False)``'s order."""
    for start in range(0, n, batch_size):
        yield slice(start, min(start + batch_size, n))


def dataset(data, batch_size: int = 32):
    """A cached ``tf.data`` pipeline of ``(x, y)`` in consecutive batches (``minibatches``'s order)."""
    import tensorflow as tf

    x, y = (np.asarray(a) for a in data)
    return tf.data.Dataset.from_tensor_slices((x, y)).batch(batch_size).cache()


def validation_callback(validation):
    """A callback adding, at every epoch's end, ``val_ce`` and ``val_accuracy`` (``evaluate``, in
    inference mode) and ``val_loss = val_ce + sum(model.losses)`` (what ``model.evaluate``
    reports: Keras adds the penalties to the validation loss too). List it before callbacks that
    monitor these values (``ReduceLROnPlateau``, ``EarlyStopping``)."""
    import keras

    class EagerValidation(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if logs is not None:
                logs["val_ce"], logs["val_accuracy"] = evaluate(self.model, validation)
                logs["val_loss"] = logs["val_ce"] + sum(float(p) for p in self.model.losses)

    return EagerValidation()


def fit(
    model,
    optimizer,
    train,
    validation=None,
    epochs: int = 10,
    batch_size: int = 32,
    callbacks=None,
    jit_compile: bool = False,
) -> dict[str, list[float]]:
    """Compile ``model`` (sparse categorical cross-entropy) and train it with ``model.fit``, the
    batches in order (no shuffling), so that runs differ only by what is being compared.

    Returns the history as a dict of lists: ``loss`` (cross-entropy plus penalties, the mean over
    the epoch's batches, training mode), ``ce`` (the cross-entropy alone) and ``accuracy``; with
    ``validation``, ``val_loss``, ``val_ce`` and ``val_accuracy`` (``validation_callback``); and
    whatever the callbacks record (``learning_rate``...). Made fast for many short runs of small
    models: the data in a cached ``tf.data`` pipeline, one epoch per call of the compiled training
    step (``steps_per_execution``: the same updates, less Python between batches), the
    validation computed eagerly (``fit``'s own compiled validation costs about as much as a short
    run), and no XLA (its compilation costs about a second per model and gains nothing here).
    """
    import keras

    model.compile(
        optimizer=optimizer,
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy", keras.metrics.SparseCategoricalCrossentropy(name="ce")],
        jit_compile=jit_compile,
        steps_per_execution=-(-len(train[0]) // batch_size),
    )
    callbacks = list(callbacks or [])
    if validation is not None:
        callbacks.insert(0, validation_callback(validation))  # first: the others may monitor val_loss
    history = model.fit(dataset(train, batch_size), epochs=epochs, shuffle=False, verbose=0, callbacks=callbacks)
    return {k: [float(v) for v in vals] for k, vals in history.history.items()}


def train_with_update(
    model,
    update: Callable,
    train,
    validation=None,
    epochs: int = 10,
    batch_size: int = 32,
    **hyper,
) -> dict[str, list[float]]:
    """Train ``model`` with gradients from TensorFlow and parameter updates from ``update``.

    For each batch: the loss ``L`` (mean sparse categorical cross-entropy, plus any penalties in
    ``model.losses``) and its gradient ``g = dL/dw`` for every trainable tensor ``w``; then
    ``w <- update(w, g, state_w, **hyper)`` in NumPy, ``state_w`` being that tensor's own dict.
    The history has ``loss`` (the mean of the batch losses of each epoch, as ``model.fit``
    reports it) and, with ``validation``, ``val_loss`` and ``val_accuracy``.
    """
    import keras
    import tensorflow as tf

    loss_fn = keras.losses.SparseCategoricalCrossentropy()
    x, y = (np.asarray(a) for a in train)
    states = [dict() for _ in model.trainable_variables]
    history: dict[str, list[float]] = {"loss": []}
    for _ in range(epochs):
        total, count = 0.0, 0
        for batch in minibatches(len(x), batch_size):
            with tf.GradientTape() as tape:
                loss = loss_fn(y[batch], model(x[batch], training=True))
                if model.losses:
                    loss = loss + tf.add_n(model.losses)
            grads = tape.gradient(loss, model.trainable_variables)
            for var, grad, state in zip(model.trainable_variables, grads, states):
                new = update(var.numpy(), grad.numpy(), state, **hyper)
                var.assign(np.asarray(new, dtype=var.dtype))
            n = batch.stop - batch.start
            total += float(loss) * n
            count += n
        history["loss"].append(total / count)
        if validation is not None:  # as ``validation_callback`` measures it for ``fit``
            val_ce, val_acc = evaluate(model, validation)
            history.setdefault("val_loss", []).append(val_ce + sum(float(p) for p in model.losses))
            history.setdefault("val_accuracy", []).append(val_acc)
    return history


def predict(model, x, training: bool = False) -> np.ndarray:
    """The model's class probabilities as a NumPy array (``training=True``: dropout on)."""
    return np.asarray(model(np.asarray(x, dtype=np.float32), training=training))


def cross_entropy(probs: np.ndarray, y: np.ndarray) -> float:
    """Mean ``-log p[y]``, probabilities clipped to ``[1e-7, 1 - 1e-7]`` as Keras's loss does."""
    probs = np.clip(np.asarray(probs, dtype=np.float64), 1e-7, 1 - 1e-7)
    return float(-np.mean(np.log(probs[np.arange(len(probs)), np.asarray(y)])))


def accuracy(probs: np.ndarray, y: np.ndarray) -> float:
    return float(np.mean(np.argmax(probs, axis=1) == np.asarray(y)))


def evaluate(model, data) -> tuple[float, float]:
    """Cross-entropy and accuracy of ``model`` on ``(x, y)`` in inference mode (no dropout, no
    penalty)."""
    probs = predict(model, data[0])
    return cross_entropy(probs, data[1]), accuracy(probs, data[1])
