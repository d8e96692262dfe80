"""The dropout family: the student's NumPy ``dropout(x, rate, training=False, rng=None)`` against Keras's Dropout."""

from autograder.exercises.dropout import cases, student
from autograder.family import Exercise, Family


class Dropout(Family):
    name = "dropout"
    exercises = (Exercise("dropout", "dropout", "04_regularization", "keras.layers.Dropout"),)
    case_builders = (cases.dropout_cases,)
    cases, student, judge_module = cases, student, f"{__name__}.judge"
