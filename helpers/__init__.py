"""Shared helpers for the chapter "Optimization, Initialization, Regularization".

Every notebook starts with ``import helpers``: importing the package first sets TensorFlow's
environment (quiet logs, deterministic CPU kernels) before anything loads TensorFlow, so the
notebooks show no start-up noise. Each submodule is one concern:

- ``helpers.env``             seeds, TensorFlow quieting, thread limits, "is nbgrader grading?"
- ``helpers.data``            bundled data (scikit-learn's digits), splits, noisy labels
- ``helpers.models``          small Keras models, and a model's copy with the same weights
- ``helpers.training``        the training loops: ``fit`` (Keras), ``train_with_update`` (a NumPy
                              optimizer function updating a Keras model), evaluation
- ``helpers.plotting``        labelled learning curves and one colour per method (optimizer or
                              initialization)
- ``helpers.compat``          the matplotlib internals the animations rely on, and their check
- ``helpers.schedules``       notebook 1: learning-rate schedules
- ``helpers.compare``         notebook 1: your optimizer functions trained next to Keras's
- ``helpers.landscapes``      notebook 2: 2-D test functions with analytic gradients
- ``helpers.trajectories``    notebook 2: any optimizer (Keras's or yours) run on a 2-D function
- ``helpers.animation``       notebook 2: optimizer races as JavaScript-player animations
- ``helpers.widgets``         notebook 2: step-size and momentum sliders
- ``helpers.initialization``  notebook 3: signal statistics layer by layer, symmetry, saddles
- ``helpers.regularization``  notebook 4: noisy small data, callbacks, weight statistics, MC dropout
- ``helpers.sweeps``          notebooks 1, 3, 4: the sweeps over seeds too long for a notebook,
                              computed by ``python -m helpers.sweeps``, results in ``helpers/results/``

Nothing here answers a graded exercise: the optimizers, initializers and dropout the students
write exist only in their notebooks (and in Keras, which the autograder compares them with).
"""

from helpers.env import quiet_tensorflow

quiet_tensorflow()

__all__ = ["quiet_tensorflow"]
