"""The optimizers family: the student's trajectory against the Keras optimizer's, stepped on the same gradients."""

from autograder.exercises.optimizers import cases, student
from autograder.family import Exercise, Family

EXERCISES = (
    Exercise("sgd", "optimizers", "01_optimizers", "keras.optimizers.SGD"),
    Exercise("adagrad", "optimizers", "01_optimizers", "keras.optimizers.Adagrad"),
    Exercise("rmsprop", "optimizers", "01_optimizers", "keras.optimizers.RMSprop"),
    Exercise("adadelta", "optimizers", "01_optimizers", "keras.optimizers.Adadelta"),
    Exercise("adam", "optimizers", "01_optimizers", "keras.optimizers.Adam"),
)


class Optimizers(Family):
    name = "optimizers"
    exercises = EXERCISES
    case_builders = (cases.optimizer_cases,)
    cases, student, judge_module = cases, student, f"{__name__}.judge"
    judges_errors = True
