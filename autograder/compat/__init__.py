"""Workarounds that reach into a library's private internals, one module per library.

Each module names the version it was written for (``WRITTEN_FOR``) and has a ``check()`` that
raises ``CompatError`` saying what changed when the library no longer looks the way the
workaround assumes: ``tests/autograder/test_compat.py`` calls every one, so an upgrade fails
there rather than silently undoing the workaround.

- ``ipython``     the student's shell keeps no copy of what it prints (``_tee``)
- ``jsonschema``  no IRI grammar compiled in processes that read notebooks (``rfc3987_syntax``)
- ``keras``       the code objects of Keras's and TensorFlow's own dropout (``keras.src``,
                  ``tensorflow.python``), which a student's dropout layer must not call

The modules import their library only inside their functions: ``keras`` is shipped to students
(the dropout check runs in their kernel) and importing this package costs nothing.
"""


class CompatError(RuntimeError):
    """The library changed under a workaround: the message says what to look at."""
