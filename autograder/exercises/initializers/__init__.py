"""The initializers family: the statistics of the student's weights against those of Keras's own samples."""

from autograder.exercises.initializers import cases, student
from autograder.family import Exercise, Family


class Initializers(Family):
    name = "initializers"
    exercises = (
        Exercise("glorot_uniform", "initializers", "03_initialization", "keras.initializers.GlorotUniform"),
        Exercise("he_normal", "initializers", "03_initialization", "keras.initializers.HeNormal"),
    )
    case_builders = (cases.initializer_cases,)
    cases, student, judge_module = cases, student, f"{__name__}.judge"
