"""The early stopping family: the student's ``(stopped_epoch or None, best_epoch)`` against Keras's callback.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake from its table, ``crafted.py`` holds crafted answers.
"""

from __future__ import annotations

from autograder.exercises.early_stopping import cases, student
from autograder.family import Exercise, Family


class EarlyStopping(Family):
    name = "early_stopping"
    exercises = (
        Exercise("early_stopping_epoch", "early_stopping", "04_regularization", "keras.callbacks.EarlyStopping"),
    )
    case_builders = (cases.early_stopping_cases,)
    cases, student = cases, student
    judge_module = f"{__name__}.judge"
