"""The early stopping family: the student's ``(stopped_epoch or None, best_epoch)`` against Keras's callback."""

from autograder.exercises.early_stopping import cases, student
from autograder.family import Exercise, Family


class EarlyStopping(Family):
    name = "early_stopping"
    exercises = (
        Exercise("early_stopping_epoch", "early_stopping", "04_regularization", "keras.callbacks.EarlyStopping"),
    )
    case_builders = (cases.early_stopping_cases,)
    cases, student, judge_module = cases, student, f"{__name__}.judge"
