"""Running the student's code when grading: one separate, isolated process per notebook.

In a notebook the families' collectors run in the student's kernel; when grading they run in
``child``, a process started and policed by ``process.Sandbox`` (the time limits of
``GraderSettings``, the notebook's budget, restarts after a hung or dead cell). ``isolation``
wraps it in bubblewrap (its own namespaces, as ``nobody``, a tmpfs scratch, four devices, no
network) over a file system ``views`` composes (no deep-learning framework for a NumPy exercise;
Keras without its dropout for a Keras layer). The child confines itself too (``confinement``:
resource limits, and Landlock through the ``landlock`` binding), then sends back what the
student's functions return through ``wire``, a bounded codec that cannot execute anything it
decodes.
"""
