"""The dropout family: the student's outputs against ``keras.layers.Dropout`` on the same activations.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake, ``crafted.py`` holds the crafted mistakes.
"""

from __future__ import annotations

from autograder.exercises.dropout import cases, student
from autograder.family import Family


class Dropout(Family):
    name = "dropout"
    exercises = tuple(cases.EXERCISES)
    case_builders = (cases.dropout_cases,)

    def visible(self, exercise):
        return cases.visible(exercise)

    def materialize(self, case):
        return cases.materialize(case)

    def collect(self, fn, inputs):
        return student.collect(fn, inputs)

    def mistakes(self):
        from autograder.exercises.dropout import judge

        return judge.MISTAKES

    def judge(self, case, inputs, collected):
        from autograder.exercises.dropout import judge  # the trusted side only: not imported in the student's process

        return judge.judge(case, inputs, collected)
