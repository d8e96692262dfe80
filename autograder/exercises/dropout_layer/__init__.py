"""The dropout layer family: the student's Keras layer against ``keras.layers.Dropout``.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake, ``crafted.py`` holds the crafted mistakes.
"""

from __future__ import annotations

from autograder.exercises.dropout_layer import cases, student
from autograder.family import Family


class DropoutLayer(Family):
    name = "dropout_layer"
    exercises = tuple(cases.EXERCISES)
    case_builders = (cases.dropout_layer_cases,)

    def visible(self, exercise):
        return cases.visible(exercise)

    def materialize(self, case):
        return cases.materialize(case)

    def collect(self, fn, inputs):
        return student.collect(fn, inputs)

    def forbidden_code(self):
        return student.forbidden_code()

    def mistakes(self):
        from autograder.exercises.dropout_layer import judge

        return judge.MISTAKES

    def judge(self, case, inputs, collected):
        from autograder.exercises.dropout_layer import (
            judge,
        )  # the trusted side only: not imported in the student's process

        return judge.judge(case, inputs, collected)
