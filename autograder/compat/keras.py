"""Keras and TensorFlow: the code objects of their own dropout functions.

A student's dropout layer must do the work itself. ``guard`` recognises a call by the callee's
code object, so the list names the functions every public dropout ends in: the layer's
``call``, ``keras.random.dropout`` and the TensorFlow backend's ``dropout`` it dispatches to
(private, under ``keras.src``), ``tf.nn.dropout`` and its variants, and TensorFlow's internal
``nn_ops._dropout`` they share (private, under ``tensorflow.python``).
"""

from __future__ import annotations

import ast
import glob
import inspect
import os
from functools import cache

from autograder.compat import CompatError

WRITTEN_FOR = "keras 3.15.1, tensorflow 2.21.0"


def _dropout_functions() -> dict:
    import keras
    import tensorflow as tf
    from keras.src.backend.tensorflow import random as tf_backend_random
    from keras.src.random import random as keras_random
    from tensorflow.python.ops import nn_ops

    return {
        "keras.layers.Dropout": keras.layers.Dropout.call,
        "keras.random.dropout": keras_random.dropout,
        "Keras's TensorFlow-backend dropout (keras.src.backend.tensorflow.random.dropout)": tf_backend_random.dropout,
        "tf.nn.dropout": tf.nn.dropout,
        "tf.compat.v1.nn.dropout": tf.compat.v1.nn.dropout,
        "tf.nn.experimental.stateless_dropout": tf.nn.experimental.stateless_dropout,
        "TensorFlow's dropout (tensorflow.python.ops.nn_ops._dropout)": nn_ops._dropout,
    }


def _code(function):
    return getattr(inspect.unwrap(function), "__code__", None)


@cache
def dropout_code() -> dict:
    """``{code object: description}`` of Keras's and TensorFlow's dropout functions (for ``guard``).

    Runs in the student's process (imports Keras and TensorFlow); a function that is not plain
    Python is left out here and reported by ``check``.
    """
    codes = {}
    for description, function in _dropout_functions().items():
        code = _code(function)
        if code is not None:
            codes.setdefault(code, description)
    return codes


def check() -> None:
    try:
        functions = _dropout_functions()
    except (ImportError, AttributeError) as exc:
        raise CompatError(
            f"a dropout function moved ({WRITTEN_FOR}): {exc}; find it again and update autograder/compat/keras.py"
        ) from None
    missing = [description for description, function in functions.items() if _code(function) is None]
    if missing:
        raise CompatError(f"no Python code to watch for {missing} ({WRITTEN_FOR}): guard cannot see these calls")


@cache
def dropout_sources() -> dict[str, dict[str, str]]:
    """``{source file: {qualified name: description}}`` of the same functions, plus every Keras
    backend's ``random.dropout`` (the NumPy backend's is plain NumPy, importable without its
    framework): what ``sandbox.views`` disables for the Keras-layer exercise."""
    import keras

    sources: dict[str, dict[str, str]] = {}
    for description, function in _dropout_functions().items():
        function = inspect.unwrap(function)
        sources.setdefault(function.__code__.co_filename, {})[function.__qualname__] = description
    backends = os.path.join(os.path.dirname(keras.__file__), "src", "backend")
    for path in sorted(glob.glob(os.path.join(backends, "*", "random.py"))):
        tree = ast.parse(open(path, encoding="utf-8").read())
        if any(isinstance(node, ast.FunctionDef) and node.name == "dropout" for node in tree.body):
            backend = os.path.basename(os.path.dirname(path))
            sources.setdefault(path, {})["dropout"] = f"Keras's dropout (keras.src.backend.{backend}.random.dropout)"
    return sources
