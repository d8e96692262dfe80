"""helpers.models: a model's copy starts from the same weights."""

import numpy as np

import helpers  # noqa: F401 - first: quiets TensorFlow
from helpers.models import copy_model, mlp


def test_copy_model_keeps_the_weights():
    base = mlp(8, hidden=(6,), n_outputs=4, seed=3)
    copy = copy_model(base)
    assert copy is not base
    for a, b in zip(copy.get_weights(), base.get_weights()):
        np.testing.assert_array_equal(a, b)
