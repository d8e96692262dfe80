"""The early stopping family: the student's ``(stopped_epoch or None, best_epoch)`` against Keras's callback.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake, ``crafted.py`` holds the crafted mistakes.
"""

from __future__ import annotations

from autograder.exercises.early_stopping import cases, student
from autograder.family import Family


class EarlyStopping(Family):
    name = "early_stopping"
    exercises = tuple(cases.EXERCISES)
    case_builders = (cases.early_stopping_cases,)

    def visible(self, exercise):
        return cases.visible(exercise)

    def materialize(self, case):
        return cases.materialize(case)

    def collect(self, fn, inputs):
        return student.collect(fn, inputs)

    def mistakes(self):
        from autograder.exercises.early_stopping import judge

        return judge.MISTAKES

    def judge(self, case, inputs, collected):
        from autograder.exercises.early_stopping import (
            judge,
        )  # the trusted side only: not imported in the student's process

        return judge.judge(case, inputs, collected)
