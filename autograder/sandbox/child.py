"""The student's process: ``python -I -m autograder.sandbox.child FD_IN FD_OUT SCRATCH LIMITS_JSON``.

Started by ``autograder.sandbox.process`` for one notebook. It first confines itself (memory, CPU and
file-size limits, Landlock: writes only in SCRATCH, no reads of the course's solutions, death
with its parent), keeps its own references to the codec and the collectors, sends everything the
student's code prints to a counting sink, and then obeys the grader:

- ``{"op": "exec", "cells": [...]}``: run the cells in an IPython shell (magics work), reporting
  ``cell_start`` before and ``cell_done`` (with the error, if any) after each one;
- ``{"op": "collect", ...}``: call the family's ``collect`` on a name from the shell's
  namespace and send back what it returned;
- ``{"op": "exit"}``.

Nothing in here decides a grade: it only produces data, which the grader judges elsewhere.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys


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


def _confine(scratch: str, limits: dict) -> str | None:
    from autograder.sandbox.parent import die_with_parent

    die_with_parent(limits["parent_pid"])  # even if the grader is killed
    for name, key in (("RLIMIT_AS", "memory_bytes"), ("RLIMIT_CPU", "cpu_seconds"), ("RLIMIT_FSIZE", "file_bytes")):
        value = limits.get(key)
        if value:
            resource.setrlimit(getattr(resource, name), (int(value), int(value)))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # an over-long file write fails instead of killing us
    if not limits.get("landlock", True):
        return "disabled by configuration"
    import importlib.util

    from autograder.sandbox.landlock import restrict

    packages = {os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}  # autograder/
    packages |= set(importlib.util.find_spec("helpers").submodule_search_locations)
    readable = {sys.prefix, sys.base_prefix, sys.exec_prefix, *packages, *limits.get("readable", [])}
    readable |= {"/usr", "/lib", "/lib64", "/bin", "/etc", "/proc", "/sys", "/opt"}
    return restrict([scratch], sorted(readable))


def _cell_error(result) -> dict | None:
    from autograder.calling import StudentError

    exc = result.error_before_exec or result.error_in_exec
    if exc is None:
        return None
    if isinstance(exc, SyntaxError):
        return {"kind": type(exc).__name__, "message": f"{exc.msg} (line {exc.lineno})"}
    return StudentError.from_exception(exc).as_dict()


def main(argv: list[str]) -> None:
    fd_in, fd_out, scratch, limits = int(argv[1]), int(argv[2]), argv[3], json.loads(argv[4])
    os.chdir(scratch)
    sandboxing = _confine(scratch, limits)

    # references taken before any student code runs
    from autograder.errors import ErrorKind
    from autograder.exercises import collect
    from autograder.sandbox import wire

    send, receive, exit_now = wire.send, wire.receive, os._exit
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    class Shell(InteractiveShell):
        def enable_gui(self, gui=None):  # "%matplotlib inline" needs no GUI here
            pass

        def _tee(self, channel):  # IPython 9 keeps every printed string for its history: 14 µs a print, never freed
            return contextlib.nullcontext()

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
