"""The process environment the notebooks, the grader and the tests share.

TensorFlow reads its logging and oneDNN switches once, at import: ``quiet_tensorflow`` must run
before the first ``import tensorflow``/``import keras``, which is why ``import helpers`` calls it.
Disabling oneDNN also removes its "slightly different numerical results" banner and makes CPU
results repeatable from run to run.
"""

from __future__ import annotations

import logging
import os
import random
import sys
import warnings

TF_ENVIRONMENT = {
    "TF_CPP_MIN_LOG_LEVEL": "3",  # C++ INFO/WARNING/ERROR lines on stderr
    "TF_ENABLE_ONEDNN_OPTS": "0",  # the oneDNN banner, and run-to-run float noise
    "KERAS_BACKEND": "tensorflow",
}


def quiet_tensorflow() -> None:
    """Set TensorFlow's environment (without importing it) and mute its Python-side loggers."""
    for key, value in TF_ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    logging.getLogger("tensorflow").setLevel(logging.ERROR)
    logging.getLogger("absl").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore", module=r"keras(\..*)?$", category=UserWarning)


def set_seed(seed: int = 0) -> None:
    """Seed Python, NumPy and (when it is loaded) Keras/TensorFlow, for repeatable runs."""
    import numpy as np

    random.seed(seed)
    np.random.seed(seed)
    if "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)


def grading() -> bool:
    """True while nbgrader executes a notebook for grading (it sets ``NBGRADER_EXECUTION``).

    Long experiments check this and skip themselves: grading needs the students' functions,
    not the lesson's training runs.
    """
    return bool(os.environ.get("NBGRADER_EXECUTION"))


def limit_threads(n: int = 1) -> None:
    """Cap the threads of TensorFlow and the BLAS libraries (a shared server, or parallel grading).

    Call before TensorFlow runs its first operation; environment variables only help when set
    before NumPy/TensorFlow are imported.
    """
    for key in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ[key] = str(n)
    if "tensorflow" in sys.modules:
        import tensorflow as tf

        try:
            tf.config.threading.set_intra_op_parallelism_threads(n)
            tf.config.threading.set_inter_op_parallelism_threads(n)
        except RuntimeError:  # TensorFlow already initialised its thread pools: keep them
            pass
