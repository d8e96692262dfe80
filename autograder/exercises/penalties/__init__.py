"""The penalties family: the student's number against ``keras.regularizers.L1L2`` summed over the kernels.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake, ``crafted.py`` holds the crafted mistakes.
"""

from __future__ import annotations

from autograder.exercises.penalties import cases, student
from autograder.family import Family


class Penalties(Family):
    name = "penalties"
    exercises = tuple(cases.EXERCISES)
    case_builders = (cases.penalty_cases,)

    def visible(self, exercise):
        return cases.visible(exercise)

    def materialize(self, case):
        return cases.materialize(case)

    def collect(self, fn, inputs):
        return student.collect(fn, inputs)

    def mistakes(self):
        from autograder.exercises.penalties import judge

        return judge.MISTAKES

    def judge(self, case, inputs, collected):
        from autograder.exercises.penalties import judge  # the trusted side only: not imported in the student's process

        return judge.judge(case, inputs, collected)
