"""The initializers family: the statistics of the student's weights against those of Keras's own samples.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake, ``crafted.py`` holds the crafted mistakes.
"""

from __future__ import annotations

from autograder.exercises.initializers import cases, student
from autograder.family import Family


class Initializers(Family):
    name = "initializers"
    exercises = tuple(cases.EXERCISES)
    case_builders = (cases.initializer_cases,)

    def visible(self, exercise):
        return cases.visible(exercise)

    def materialize(self, case):
        return cases.materialize(case)

    def collect(self, fn, inputs):
        return student.collect(fn, inputs)

    def mistakes(self):
        from autograder.exercises.initializers import judge

        return judge.MISTAKES

    def judge(self, case, inputs, collected):
        from autograder.exercises.initializers import (
            judge,
        )  # the trusted side only: not imported in the student's process

        return judge.judge(case, inputs, collected)
