"""Bundled data: scikit-learn's handwritten digits (1,797 images of 8x8 pixels, 10 classes).

The digits ship inside scikit-learn, so nothing is downloaded. Every function takes a ``seed`` and
returns new arrays: the notebooks can call them again and get the same data.
"""

from __future__ import annotations

import numpy as np

N_CLASSES = 10


def load_digits(scale: str | None = "unit") -> tuple[np.ndarray, np.ndarray]:
    """Return ``(x, y)``: ``x`` float32 of shape (1797, 64), ``y`` int64 labels 0-9.

    ``scale``: ``"unit"`` divides the pixel intensities (0..16) by 16; ``"standard"`` gives every
    pixel zero mean and unit variance (pixels that are always 0 stay 0); ``None`` keeps 0..16.
    """
    from sklearn.datasets import load_digits as _load

    bunch = _load()
    x = bunch.data.astype(np.float32)
    if scale == "unit":
        x /= 16.0
    elif scale == "standard":
        std = x.std(axis=0)
        x = (x - x.mean(axis=0)) / np.where(std > 0, std, 1.0)
    elif scale is not None:
        raise ValueError(f"scale must be 'unit', 'standard' or None, not {scale!r}")
    return x.astype(np.float32), bunch.target.astype(np.int64)


def split(x: np.ndarray, y: np.ndarray, val_fraction: float = 0.25, seed: int = 0):
    """Shuffle once and split into ``(x_train, y_train), (x_val, y_val)``, stratified by class."""
    from sklearn.model_selection import train_test_split

    x_tr, x_val, y_tr, y_val = train_test_split(x, y, test_size=val_fraction, random_state=seed, stratify=y)
    return (x_tr, y_tr), (x_val, y_val)


def noisy_labels(y: np.ndarray, fraction: float = 0.1, n_classes: int = N_CLASSES, seed: int = 0):
    """Return a copy of ``y`` where a ``fraction`` of the labels is replaced by a uniform random class.

    A replaced label may by chance equal the true one, so about ``fraction * (1 - 1/n_classes)``
    of the labels end up wrong.
    """
    rng = np.random.default_rng(seed)
    y = np.array(y, copy=True)
    idx = rng.choice(len(y), size=int(round(fraction * len(y))), replace=False)
    y[idx] = rng.integers(0, n_classes, size=len(idx))
    return y
