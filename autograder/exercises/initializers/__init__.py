"""The initializers family: the statistics of the student's weights against those of Keras's own samples.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake (its table ``MISTAKES``), ``crafted.py`` holds the
crafted answers.
"""

from __future__ import annotations

from autograder.exercises.initializers import cases, student
from autograder.family import Exercise, Family

EXERCISES = (
    Exercise("glorot_uniform", "initializers", "03_initialization", "keras.initializers.GlorotUniform"),
    Exercise("he_normal", "initializers", "03_initialization", "keras.initializers.HeNormal"),
)


class Initializers(Family):
    name = "initializers"
    exercises = EXERCISES
    case_builders = (cases.initializer_cases,)
    cases, student = cases, student
    judge_module = f"{__name__}.judge"
