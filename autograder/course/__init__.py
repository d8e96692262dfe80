"""The nbgrader course around the notebooks: configuration, preprocessors, build, grade, bundle.

``config.configure`` is the one nbgrader configuration (also written into every course folder as
``nbgrader_config.py``, so plain ``nbgrader`` commands run there behave the same). The
preprocessors are each one transformation of a notebook, chained by nbgrader's converters:
``GenerateAssignment`` (release), ``GenerateSolution`` (solutions), ``Autograde`` (grading, with
``GradeInSandbox`` in place of nbgrader's in-kernel ``Execute``) and ``GenerateFeedback``.
``grade`` is the command; ``prepare``, ``worker``, ``merge``, ``export`` and ``progress`` its steps.

Every process that imports this package reads notebooks (the CLI, the grading workers, the
tests), so it first spares them jsonschema's IRI grammars (``compat.jsonschema``); the student's
kernel and the sandbox never import it.
"""

from autograder.compat.jsonschema import skip_iri_grammars

skip_iri_grammars()  # before anything imports nbformat, which imports jsonschema
