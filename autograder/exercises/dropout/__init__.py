"""The dropout family: the student's NumPy ``dropout(x, rate, training=False, rng=None)`` against
``keras.layers.Dropout`` on the same activations.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake from its table, ``crafted.py`` holds crafted answers.
"""

from __future__ import annotations

from autograder.exercises.dropout import cases, student
from autograder.family import Exercise, Family


class Dropout(Family):
    name = "dropout"
    exercises = (Exercise("dropout", "dropout", "04_regularization", "keras.layers.Dropout"),)
    case_builders = (cases.dropout_cases,)
    cases, student = cases, student
    judge_module = f"{__name__}.judge"
