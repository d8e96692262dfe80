"""The dropout layer family: the student's Keras layer ``MyDropout(rate)`` against ``keras.layers.Dropout``."""

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
    cases, student, judge_module = cases, student, f"{__name__}.judge"

    def forbidden_code(self):
        return student.forbidden_code()
