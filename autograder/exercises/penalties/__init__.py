"""The penalties family: the student's number against ``keras.regularizers.L1L2`` summed over the kernels."""

from autograder.exercises.penalties import cases, student
from autograder.family import Exercise, Family


class Penalties(Family):
    name = "penalties"
    exercises = (Exercise("l1_l2_penalty", "penalties", "04_regularization", "keras.regularizers.L1L2"),)
    case_builders = (cases.penalty_cases,)
    cases, student, judge_module = cases, student, f"{__name__}.judge"
