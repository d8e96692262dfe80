"""The student's process: ``python -I -m autograder.sandbox.child FD_IN FD_OUT SCRATCH CONFINEMENT_JSON``.

Started by ``autograder.sandbox.process`` for one notebook, with ``CONFINEMENT_JSON`` holding the
grader's settings, the extra readable paths and the grader's pid. It first confines itself
(``confinement.confine``: death with its parent, memory, CPU and file-size limits, Landlock:
writes only in SCRATCH, no reads of the course's solutions), keeps its own references to the
codec and the collectors, sends everything the student's code prints to a counting sink, and then
obeys the grader:

- ``{"op": "exec", "cells": [...]}``: run the cells in an IPython shell (magics work), reporting
  ``cell_start`` before and ``cell_done`` (with the error, if any) after each one;
- ``{"op": "collect", ...}``: call the family's ``collect`` on a name from the shell's
  namespace and send back what it returned;
- ``{"op": "exit"}``.

Nothing in here decides a grade: it only produces data, which the grader judges elsewhere.
"""

from __future__ import annotations

import json
import os
import sys

from autograder.sandbox.confinement import confine
from autograder.settings import GraderSettings


class _Sink:
    """Where the student's prints go: counted, then dropped."""

    encoding = "utf-8"

    def __init__(self):
        self.count = 0

    def write(self, text):
        self.count += len(text)
        return len(text)

    def flush(self):
        pass

    def isatty(self):
        return False

    def writable(self):
        return True


def _cell_error(result) -> dict | None:
    from autograder.calling import StudentError

    exc = result.error_before_exec or result.error_in_exec
    if exc is None:
        return None
    if isinstance(exc, SyntaxError):
        return {"kind": type(exc).__name__, "message": f"{exc.msg} (line {exc.lineno})"}
    return StudentError.from_exception(exc).as_dict()


def main(argv: list[str]) -> None:
    fd_in, fd_out, scratch, spec = int(argv[1]), int(argv[2]), argv[3], json.loads(argv[4])
    os.chdir(scratch)
    settings = GraderSettings(**spec["settings"])
    sandboxing = confine(scratch, settings, spec["readable"], spec["parent_pid"], spec["isolated"])

    # references taken before any student code runs
    from autograder.errors import ErrorKind
    from autograder.exercises import collect
    from autograder.sandbox import wire

    send, receive, exit_now = wire.send, wire.receive, os._exit
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    from autograder.compat.ipython import NoOutputHistory

    class Shell(NoOutputHistory, InteractiveShell):
        def enable_gui(self, gui=None):  # "%matplotlib inline" needs no GUI here
            pass

    config = Config()
    config.HistoryManager.enabled = False
    shell = Shell.instance(config=config)
    sink = _Sink()
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    sys.stdout = sys.stderr = sink
    send(fd_out, {"op": "ready", "sandbox": sandboxing})

    while True:
        try:
            message = receive(fd_in)
        except (EOFError, wire.WireError):
            exit_now(0)
        op = message.get("op")
        if op == "exec":
            for index, cell in enumerate(message["cells"]):
                send(fd_out, {"op": "cell_start", "index": index})
                result = shell.run_cell(cell, store_history=False, silent=True)
                sys.stdout = sys.stderr = sink  # a cell may have replaced them
                send(fd_out, {"op": "cell_done", "index": index, "error": _cell_error(result), "printed": sink.count})
        elif op == "collect":
            fn = shell.user_ns.get(message["name"])
            data = collect(message["name"], fn, message["inputs"])
            sys.stdout = sys.stderr = sink
            try:
                send(fd_out, {"op": "collected", "data": data})
            except (TypeError, ValueError) as exc:  # the student's values could not be encoded
                send(
                    fd_out,
                    {"op": "collected", "data": {"error": {"kind": ErrorKind.RETURN_VALUE, "message": str(exc)}}},
                )
        else:
            exit_now(0)


if __name__ == "__main__":
    main(sys.argv)
