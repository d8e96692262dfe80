"""The penalties family: the student's number against ``keras.regularizers.L1L2`` summed over the kernels.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake from its table, ``crafted.py`` holds crafted answers.
"""

from __future__ import annotations

from autograder.exercises.penalties import cases, student
from autograder.family import Exercise, Family


class Penalties(Family):
    name = "penalties"
    exercises = (Exercise("l1_l2_penalty", "penalties", "04_regularization", "keras.regularizers.L1L2"),)
    case_builders = (cases.penalty_cases,)
    cases, student = cases, student
    judge_module = f"{__name__}.judge"
