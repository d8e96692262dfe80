"""Training loops.

``train_with_update`` trains a Keras model whose weights are updated by a NumPy function with the
signature the students implement, ``update(w, g, state, **hyper) -> new_w`` (one ``state`` dict per
weight tensor, as Keras keeps one set of slots per variable). ``fit`` is ``model.fit`` with the same
batches in the same order, so that the two loops can be compared curve against curve.
"""
from __future__ import annotations

from typing import Callable

import numpy as np


def minibatches(n: int, batch_size: int):
    """Consecutive slices ``[0:b], [b:2b], ...`` over ``n`` samples: ``model.fit(shuffle=False)``'s order."""
    for start in range(0, n, batch_size):
        yield slice(start, min(start + batch_size, n))


def fit(model, optimizer, train, validation=None, epochs=10, batch_size=32, callbacks=None, **compile_kw):
    """Compile ``model`` (sparse categorical cross-entropy, accuracy) and train it with ``model.fit``.

    Batches are taken in order (``shuffle=False``) so that runs differ only by what is being
    compared. Returns the history as a dict of lists (``loss``, ``accuracy``, ``val_loss``, ...).
    """
    model.compile(
        optimizer=optimizer,
        loss="sparse_categorical_crossentropy",
        metrics=["accuracy"],
        **compile_kw,
    )
    history = model.fit(
        *train,
        validation_data=validation,
        epochs=epochs,
        batch_size=batch_size,
        shuffle=False,
        verbose=0,
        callbacks=callbacks,
    )
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
        if validation is not None:
            val_loss, val_acc = evaluate(model, validation)
            history.setdefault("val_loss", []).append(val_loss)
            history.setdefault("val_accuracy", []).append(val_acc)
    return history


def evaluate(model, data) -> tuple[float, float]:
    """Mean cross-entropy and accuracy of ``model`` on ``(x, y)`` in inference mode (no dropout,
    no penalty)."""
    import keras

    x, y = data
    probs = model(np.asarray(x), training=False)
    loss = float(keras.losses.SparseCategoricalCrossentropy()(y, probs))
    acc = float(np.mean(np.argmax(np.asarray(probs), axis=1) == np.asarray(y)))
    return loss, acc
