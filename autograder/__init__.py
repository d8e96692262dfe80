"""The course's autograder: students' NumPy/Keras code checked against the real Keras.

Layers, each importing only the ones listed before it (``tests/test_layers.py`` checks it):

- ``errors``, ``settings``, ``compat``  error kinds, the grader's settings, library workarounds
- ``cases``     ``Case``: the inputs of a check as a small JSON-able spec
- ``guard``, ``calling``  calling a student's function: exceptions and Keras calls become data
- ``judging``   verdicts every family shares (missing, raised, timed out, called Keras)
- ``family``    ``Family``: what a family of exercises provides (the interface)
- ``exercises`` one folder per family (cases, student side, judge with its mistake table,
                crafted mistakes) and the registry listing them
- ``sandbox``   the student's process when grading: process, confinement, wire codec
- ``report``    what a student reads: HTML/text reports and plots
- ``checks``    the API the notebooks call (``check(adam)``)
- ``course``    the nbgrader course: build, grade (prepare, worker, merge, export), bundle, demo
- ``cli``       ``python -m autograder {build,grade,demo,bundle,slides}``
"""

from helpers.env import quiet_tensorflow

quiet_tensorflow()  # before any of the layers above loads TensorFlow
