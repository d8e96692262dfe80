"""IPython: a shell that keeps no copy of what the student's code prints.

IPython 9's ``InteractiveShell.run_cell`` wraps each cell in ``self._tee("stdout")`` and
``self._tee("stderr")``, which patch the stream's ``write`` to append every printed string to
the history manager's outputs, even with the history disabled: 14 µs a print, and the strings
are never freed (a cell printing in a loop grows the student's process until the memory limit
kills it). ``NoOutputHistory._tee`` replaces the private context manager with one doing nothing.
"""

from __future__ import annotations

import contextlib
import inspect

from autograder.compat import CompatError

WRITTEN_FOR = "IPython 9.18.1"


class NoOutputHistory:
    """Mix in before ``InteractiveShell``: printed output is not stored in the history."""

    def _tee(self, channel):
        return contextlib.nullcontext()


def check() -> None:
    from IPython.core.interactiveshell import InteractiveShell

    tee = getattr(InteractiveShell, "_tee", None)
    if tee is None:
        raise CompatError(
            f"InteractiveShell._tee is gone (written for {WRITTEN_FOR}): find how IPython now stores "
            "printed output and update autograder/compat/ipython.py, or remove it if nothing does"
        )
    parameters = list(inspect.signature(tee).parameters)
    if parameters != ["self", "channel"]:
        raise CompatError(f"InteractiveShell._tee now takes {parameters}, not (self, channel) ({WRITTEN_FOR})")
    if "self._tee(" not in inspect.getsource(InteractiveShell):
        raise CompatError(f"InteractiveShell no longer calls _tee ({WRITTEN_FOR}): the override does nothing")
