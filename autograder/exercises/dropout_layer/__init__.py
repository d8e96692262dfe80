"""The dropout layer family: the student's Keras layer ``MyDropout(rate)`` against ``keras.layers.Dropout``.

``cases.py`` builds the inputs, ``student.py`` calls the student's code on them, ``judge.py``
compares with Keras and names the mistake from its table (the NumPy exercise's forward rows and
the layer's own), ``crafted.py`` holds crafted answers.
"""

from __future__ import annotations

from autograder.compat.keras import dropout_code
from autograder.exercises.dropout_layer import cases, student
from autograder.family import Exercise, Family


class DropoutLayer(Family):
    name = "dropout_layer"
    exercises = (
        Exercise(
            "MyDropout", "dropout_layer", "04_regularization", "keras.layers.Dropout", numpy_only=False, kind="class"
        ),
    )
    case_builders = (cases.dropout_layer_cases,)
    cases, student = cases, student
    judge_module = f"{__name__}.judge"

    def forbidden_code(self):
        return dropout_code()
