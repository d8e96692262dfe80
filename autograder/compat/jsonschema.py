"""jsonschema: no IRI grammar compiled in the processes that read notebooks.

``jsonschema._format`` imports ``rfc3987_syntax`` when it is installed (jupyter-events brings it)
to check the "iri" format, and that module compiles ~40 lark grammars on import: 1.5 s of every
``import nbformat`` (measured), in the CLI and in each grading worker. No notebook schema uses the
"iri" format. A ``None`` entry in ``sys.modules`` makes the import raise ``ImportError``, which
jsonschema suppresses, leaving the format unchecked.

Applied by ``autograder.course`` (the package every notebook-reading process imports first), not
in the student's kernel, which may use jsonschema for its own purposes.
"""

from __future__ import annotations

import importlib
import inspect
import re
import sys

from autograder.compat import CompatError

WRITTEN_FOR = "jsonschema 4.26.0"


def skip_iri_grammars() -> None:
    """Have ``import rfc3987_syntax`` fail (before jsonschema is imported: it reads it once)."""
    sys.modules.setdefault("rfc3987_syntax", None)


def check() -> None:
    try:
        source = inspect.getsource(importlib.import_module("jsonschema._format"))
    except ModuleNotFoundError:
        raise CompatError(f"jsonschema._format is gone ({WRITTEN_FOR}): is rfc3987_syntax still imported?") from None
    if "rfc3987_syntax" not in source:
        raise CompatError(f"jsonschema no longer imports rfc3987_syntax ({WRITTEN_FOR}): remove the workaround")
    if not re.search(r"with suppress\(ImportError\):\s*\n\s*from rfc3987_syntax import", source):
        raise CompatError(
            f"jsonschema imports rfc3987_syntax without suppressing ImportError ({WRITTEN_FOR}): "
            "blocking the module would break jsonschema"
        )
