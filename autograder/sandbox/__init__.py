"""Running the student's code when grading: one separate, policed process per notebook.

In a notebook the families' collectors run in the student's kernel; when grading they run in
``child``, a process started and policed by ``process.Sandbox`` (the time limits of
``GraderSettings``, restarts after a hung or dead cell). The child confines itself first
(``confinement``: it dies with the grader, resource limits, and Landlock through the ``landlock``
binding: no writes outside its scratch folder, no reads of the course), then sends back what the
student's functions return through ``wire``, a codec that cannot execute anything it decodes.
"""
