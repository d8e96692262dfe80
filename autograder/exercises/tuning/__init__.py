"""The tuning family: the student's best constant step size (and momentum) for a quadratic, against
the optimum of Keras's own ``SGD`` step on it."""

from autograder.exercises.tuning import cases, student
from autograder.family import Exercise, Family


class Tuning(Family):
    name = "tuning"
    exercises = (
        Exercise("tuned_gd", "tuning", "02_landscapes", "keras.optimizers.SGD (best learning_rate)"),
        Exercise("tuned_momentum", "tuning", "02_landscapes", "keras.optimizers.SGD (best learning_rate, momentum)"),
    )
    case_builders = (cases.tuning_cases,)
    cases, student, judge_module = cases, student, f"{__name__}.judge"
