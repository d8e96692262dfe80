"""The nbgrader course around the notebooks: configuration, preprocessors, build, grade, bundle.

``config.configure`` is the one nbgrader configuration (also written into every course folder as
``nbgrader_config.py``, so plain ``nbgrader`` commands run there behave the same). The
preprocessors are each one transformation of a notebook, chained by nbgrader's converters:
``GenerateAssignment`` (release), ``GenerateSolution`` (solutions), ``Autograde`` (grading, with
``GradeInSandbox`` in place of nbgrader's in-kernel ``Execute``) and ``GenerateFeedback``.
"""
