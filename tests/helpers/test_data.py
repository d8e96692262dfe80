import math

import numpy as np

from helpers.data import load_digits, noisy_labels, split


def test_digits_are_bundled_scaled_and_labelled():
    x, y = load_digits()
    assert x.shape == (1797, 64) and x.dtype == np.float32 and 0 <= x.min() and x.max() == 1.0
    assert set(np.unique(y)) == set(range(10))
    xs, _ = load_digits(scale="standard")
    used = xs.std(axis=0) > 0
    np.testing.assert_allclose(xs[:, used].mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(xs[:, used].std(axis=0), 1, atol=1e-4)


def test_split_is_stratified_and_repeatable():
    x, y = load_digits()
    (a, ya), (b, yb) = split(x, y, 0.25, seed=3)
    (a2, _), _ = split(x, y, 0.25, seed=3)
    assert len(b) == math.ceil(0.25 * len(x)) and np.array_equal(a, a2)  # scikit-learn rounds the test part up
    assert np.abs(np.bincount(yb) / len(yb) - np.bincount(y) / len(y)).max() < 0.01


def test_noisy_labels_change_about_the_requested_fraction():
    _, y = load_digits()
    noisy = noisy_labels(y, 0.2, seed=1)
    changed = np.mean(noisy != y)
    assert 0.2 * 0.9 * 0.8 < changed < 0.2 and np.array_equal(noisy, noisy_labels(y, 0.2, seed=1))
