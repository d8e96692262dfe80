"""The optimizers family: the student's trajectory against the Keras optimizer's, stepped on the same gradients.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake, ``crafted.py`` holds the crafted mistakes.
"""

from __future__ import annotations

from autograder.exercises.optimizers import cases, student
from autograder.family import Family


class Optimizers(Family):
    name = "optimizers"
    exercises = tuple(cases.EXERCISES)
    case_builders = (cases.optimizer_cases,)
    judges_errors = True

    def visible(self, exercise):
        return cases.visible(exercise)

    def materialize(self, case):
        return cases.materialize(case)

    def collect(self, fn, inputs):
        return student.collect(fn, inputs)

    def mistakes(self):
        from autograder.exercises.optimizers import judge

        return judge.MISTAKES

    def judge(self, case, inputs, collected):
        from autograder.exercises.optimizers import (
            judge,
        )  # the trusted side only: not imported in the student's process

        return judge.judge(case, inputs, collected)
