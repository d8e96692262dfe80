"""The workarounds of ``autograder.compat`` still fit the installed libraries."""

import importlib
import pkgutil
import subprocess
import sys

import pytest

from autograder import compat

MODULES = sorted(m.name for m in pkgutil.iter_modules(compat.__path__))


def test_every_module_names_the_version_it_was_written_for():
    assert MODULES == ["ipython", "jsonschema", "keras"]
    for name in MODULES:
        assert importlib.import_module(f"autograder.compat.{name}").WRITTEN_FOR


@pytest.mark.parametrize("name", MODULES)
def test_the_library_still_looks_as_the_workaround_assumes(name):
    importlib.import_module(f"autograder.compat.{name}").check()


def test_keras_dropout_code_objects():
    from autograder.compat.keras import dropout_code

    codes = dropout_code()
    assert len(codes) >= 5 and all(isinstance(d, str) for d in codes.values())
    assert all(type(code).__name__ == "code" for code in codes)


def _iri_grammars_loaded(imports: str) -> bool:
    probe = f"import sys\n{imports}\nimport nbformat\nprint(sys.modules.get('rfc3987_syntax') is not None)"
    return (
        subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout.strip()
        == "True"
    )


def test_the_iri_grammars_are_skipped_by_the_course_machinery_only():
    assert not _iri_grammars_loaded("import autograder.course")
    assert _iri_grammars_loaded("import autograder")  # the student's kernel: jsonschema untouched
