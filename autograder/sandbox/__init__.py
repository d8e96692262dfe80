"""Running the student's code.

``collect``: one collector per exercise family calls a student's function on a case's inputs and
returns plain data (arrays, numbers, strings) — whatever the function does, including raising,
returning garbage or calling Keras (``guard`` watches for that). In a notebook the collectors run
in the student's kernel; when grading they run in ``child``, a separate process started and
policed by ``sandbox`` (time and memory limits, no writes outside its scratch folder), which
sends the data back through ``wire``, a codec that cannot execute anything it decodes.
"""
