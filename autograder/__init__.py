"""The course's autograder: students' NumPy/Keras code checked against the real Keras.

Layers, each importing only the ones listed before it:

- ``exercises``  what is graded: every graded function, its family and its notebook
- ``cases``      the inputs of each check, built from a small JSON-able spec (trusted side)
- ``run``        running the student's code: collectors that call a student's function on case
                 inputs and return plain data, and the sandbox process they run in when grading
- ``compare``    the Keras references and the verdicts (which mistake, from which step)
- ``report``     what a student reads: HTML/text reports and plots
- ``checks``     the API the notebooks call (``check(adam)``): cases -> run -> compare -> report
- ``course``     the nbgrader course: build, grade (gradebook, autograde, feedback), bundle, demo
- ``cli``        ``python -m autograder {build,grade,demo,bundle,slides}``
"""

import sys

from helpers.env import quiet_tensorflow

# jsonschema imports rfc3987_syntax when it is installed (jupyter-events brings it), and that
# module compiles ~40 lark grammars on import: most of a second in every process that reads a
# notebook (the CLI, each grading worker). No notebook schema uses the "iri" format it checks.
sys.modules.setdefault("rfc3987_syntax", None)

quiet_tensorflow()  # before any of the layers above loads TensorFlow
