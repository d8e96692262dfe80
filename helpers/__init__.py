"""Shared helpers for the chapter "Optimization, Initialization, Regularization".

Every notebook starts with ``import helpers``: importing the package first sets TensorFlow's
environment (quiet logs, deterministic CPU kernels) before anything loads TensorFlow, so the
notebooks show no start-up noise. Each submodule is one concern:

- ``helpers.env``       seeds, TensorFlow quieting, thread limits, "is nbgrader grading?"
- ``helpers.data``      bundled data (scikit-learn's digits), splits, noisy labels
- ``helpers.models``    small Keras models
- ``helpers.training``  training loops (Keras models updated by NumPy optimizer functions)
- ``helpers.plotting``  labelled learning curves and a shared colour per optimizer

Nothing here answers a graded exercise: the optimizers, initializers and dropout the students
write exist only in their notebooks (and in Keras, which the autograder compares them with).
"""
from helpers.env import quiet_tensorflow

quiet_tensorflow()

__all__ = ["quiet_tensorflow"]
