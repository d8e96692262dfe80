"""The NumPy-update training loop against model.fit on the same batches."""

import numpy as np

from helpers.data import load_digits, split
from helpers.models import mlp
from helpers.training import evaluate, fit, minibatches, train_with_update


def test_minibatches_cover_every_sample_once_in_order():
    slices = list(minibatches(10, 4))
    assert [(s.start, s.stop) for s in slices] == [(0, 4), (4, 8), (8, 10)]


def test_plain_sgd_update_follows_model_fit_on_the_same_batches():
    import keras

    x, y = load_digits()
    train, val = split(x[:512], y[:512], 0.25, seed=0)
    a, b = mlp(64, (16,), seed=1), mlp(64, (16,), seed=1)
    b.set_weights(a.get_weights())

    def sgd(w, g, state, learning_rate=0.1):  # plain gradient descent, the lesson's starting point
        return w - learning_rate * g

    ours = train_with_update(a, sgd, train, val, epochs=2, batch_size=64, learning_rate=0.1)
    theirs = fit(b, keras.optimizers.SGD(0.1), train, val, epochs=2, batch_size=64)
    np.testing.assert_allclose(ours["loss"], theirs["loss"], rtol=1e-3)
    np.testing.assert_allclose(ours["val_loss"], theirs["val_loss"], rtol=1e-3)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_allclose(wa, wb, atol=1e-4)
    loss, acc = evaluate(a, val)
    assert abs(loss - ours["val_loss"][-1]) < 1e-5 and 0 <= acc <= 1


def test_each_tensor_gets_its_own_state():
    x, y = load_digits()
    model = mlp(64, (8,), seed=0)
    seen = []

    def spy(w, g, state):
        seen.append(id(state))
        return w

    train_with_update(model, spy, (x[:64], y[:64]), epochs=1, batch_size=64)
    assert len(set(seen)) == len(model.trainable_variables) == 4


def test_layers_of_an_mlp_with_a_seeded_initializer_get_different_draws():
    import keras

    model = mlp(8, (8, 8, 8), n_outputs=8, kernel_initializer=keras.initializers.GlorotUniform(seed=3))
    kernels = [layer.kernel.numpy() for layer in model.layers]
    assert all(not np.array_equal(kernels[0], k) for k in kernels[1:])
    again = mlp(8, (8, 8, 8), n_outputs=8, kernel_initializer=keras.initializers.GlorotUniform(seed=3))
    assert np.array_equal(again.layers[1].kernel.numpy(), kernels[1])
