"""Running one notebook's student code in a separate, policed process, and collecting from it.

``Sandbox(cells, settings)`` starts ``autograder.sandbox.child`` in a bubblewrap sandbox
(``isolation``; where there is none, in its own session with a scratch folder, and says so in
``Sandbox.isolation``), with a clean environment (``NBGRADER_EXECUTION=autograde``, one thread
per library) and two pipes, and makes it execute the cells. ``collect(...)`` then asks it to call
a student's function on each case's inputs. What the student's code can do to this process is
bounded:

- a cell that runs too long, or ends the process (``os._exit``, a crash, the memory limit), is
  skipped, the process restarted without it, and the cell reported;
- an exercise that runs longer than its budget is stopped (the process is killed and restarted
  for the next exercise): only that exercise times out;
- all of it, replays included, within the notebook's ``Budget``;
- the pipe carries only bounded data (``wire``), and this process never executes anything it
  receives.

The time limits of ``GraderSettings`` are enforced here, on the pipe; the others are handed to
the child, which applies them to itself (``confinement``), and to bubblewrap (scratch size).
"""

from __future__ import annotations

import json
import os
import select
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass

from autograder.errors import ErrorKind
from autograder.sandbox import isolation, views, wire
from autograder.settings import DEFAULTS, GraderSettings
from helpers.env import TF_ENVIRONMENT


@dataclass
class CellOutcome:
    label: str
    error: dict | None = None  # {"kind", "message", "where"} or None
    skipped: str | None = None  # why the cell was not run to its end (timeout, process died)
    stopped_by: ErrorKind | None = None  # what ended it: TIMEOUT, PROCESS_DIED or BUDGET


class _Died(Exception):
    def __init__(self, detail: str):
        super().__init__(detail)
        self.detail = detail


class _Refused(_Died):
    """The process sent something that is not a message (too large, undecodable): it is stopped
    as if it had died, and the exercise is told what it sent."""


class _TimedOut(Exception):
    pass


class _OutOfBudget(Exception):
    pass


class Budget:
    """The wall-clock seconds one notebook's grading may take, start-ups and replays included: a
    cell that hangs costs its ``cell_seconds`` once per replay, and without this bound a notebook
    of hanging cells would hold a worker for hours at the default limits."""

    def __init__(self, seconds: float):
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


def _exit_detail(returncode: int | None, isolated: bool) -> str:
    if returncode is None:
        return "it stopped answering"
    if isolated and returncode > 128:  # bwrap exits with 128 + the signal that killed its child
        returncode = 128 - returncode
    if returncode < 0:
        name = signal.Signals(-returncode).name
        hint = {
            "SIGKILL": " — killed, often for using too much memory",
            "SIGXCPU": " — CPU time limit",
            "SIGSEGV": " — a crash in native code",
        }.get(name, "")
        return f"killed by {name}{hint}"
    return f"it exited with code {returncode} (os._exit or a crash)"


class Sandbox:
    """One student's notebook code, executed once, then called case by case."""

    def __init__(
        self,
        cells: list[tuple[str, str]],
        settings: GraderSettings = DEFAULTS,
        readable: list[str] = (),
        course_cells: frozenset[int] = frozenset(),
        keras: bool = False,
        budget: Budget | None = None,
    ):
        """``cells``: ``(label shown to the student, source)``. ``course_cells``: the indexes of the
        course's own cells (the setup cell, restored from the gradebook), which import the libraries
        and so get the start-up's ``start_seconds`` instead of a student cell's ``cell_seconds``:
        Keras alone takes about 5 s to import on 2 cores, more when the machine is busy.
        ``keras``: the student's process sees Keras and TensorFlow, their dropout disabled
        (``views.keras_view``); otherwise no deep-learning framework (``views.numpy_view``).
        ``budget``: the notebook's wall-clock budget, shared by its sandboxes."""
        self.cells = cells
        self.budget = budget or Budget(settings.notebook_seconds)
        self.isolation = isolation.unavailable() if settings.isolation else "disabled by configuration"
        self.view = None if self.isolation else (views.keras_view() if keras else views.numpy_view())
        self._command: isolation.Command | None = None
        self.course_cells = course_cells
        self.settings = settings
        self.readable = list(readable)
        self.outcomes = [CellOutcome(label) for label, _ in cells]
        self.sandboxing: str | None = None  # why file-system confinement is off, if it is
        self._proc: subprocess.Popen | None = None
        self._scratch: str | None = None

    # -- process management --------------------------------------------------------------------

    def _spawn(self) -> None:
        isolated = self.isolation is None
        self._scratch = tempfile.mkdtemp(prefix="student-")
        scratch = isolation.SCRATCH if isolated else self._scratch
        cmd_r, cmd_w = os.pipe()
        res_r, res_w = os.pipe()
        confinement = {
            "settings": asdict(self.settings),
            "readable": self.readable,
            "parent_pid": None if isolated else os.getpid(),
            "isolated": isolated,
        }
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": scratch,
            "TMPDIR": scratch,
            "MPLBACKEND": "Agg",
            "MPLCONFIGDIR": scratch,
            "KERAS_HOME": os.path.join(scratch, ".keras"),
            "NBGRADER_EXECUTION": "autograde",
            "LANG": "C.UTF-8",
            **{k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")},
            **TF_ENVIRONMENT,
        }
        argv = [sys.executable, "-I", "-m", "autograder.sandbox.child", str(cmd_r), str(res_w), scratch]
        argv.append(json.dumps(confinement))
        self._command = isolation.command(argv, self.view, self.settings) if isolated else None
        self._stderr_path = os.path.join(self._scratch, ".startup-stderr")
        with open(self._stderr_path, "wb") as stderr:
            self._proc = subprocess.Popen(
                self._command.argv if isolated else argv,
                pass_fds=(cmd_r, res_w),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=stderr,
                env=env,
                cwd=self._scratch,
                start_new_session=True,
            )
        os.close(cmd_r)
        os.close(res_w)
        self._cmd, self._res = cmd_w, res_r
        ready = self._receive(self.settings.start_seconds)
        self.sandboxing = ready.get("sandbox")

    def _kill(self) -> None:
        if self._proc is not None:
            try:
                os.killpg(self._proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self._proc.wait()
            for fd in (self._cmd, self._res):
                try:
                    os.close(fd)
                except OSError:
                    pass
            self._proc = None
        if self._scratch:
            shutil.rmtree(self._scratch, ignore_errors=True)
            self._scratch = None
        if self._command is not None:
            self._command.cleanup()
            self._command = None

    def close(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            try:
                wire.send(self._cmd, {"op": "exit"})
            except OSError:
                pass
        self._kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- the pipe, with deadlines --------------------------------------------------------------

    def _read(self, n: int, deadline: float) -> bytes:
        chunks, remaining = [], n
        while remaining:
            wait = deadline - time.monotonic()
            if wait <= 0 or not select.select([self._res], [], [], wait)[0]:
                raise _OutOfBudget() if self.budget.remaining() <= 0 else _TimedOut()
            chunk = os.read(self._res, min(remaining, 1 << 20))
            if not chunk:
                self._proc.wait()
                raise _Died(_exit_detail(self._proc.returncode, self._command is not None))
            chunks.append(chunk)
            remaining -= len(chunk)
        return b"".join(chunks)

    def _receive(self, seconds: float) -> dict:
        if self.budget.remaining() <= 0:
            raise _OutOfBudget()
        deadline = time.monotonic() + min(seconds, self.budget.remaining())
        (length,) = struct.unpack(">Q", self._read(8, deadline))
        if length > wire.MAX_FRAME:
            raise _Refused(f"a {length}-byte message")
        try:
            message = wire.decode(self._read(length, deadline))
        except wire.WireError as exc:
            raise _Refused(str(exc)) from None
        if not isinstance(message, dict):
            raise _Refused("a message that is not an object")
        return message

    # -- executing the cells -------------------------------------------------------------------

    def start(self) -> list[CellOutcome]:
        """Execute the cells (again, after a restart), skipping those that killed or hung it, until
        the notebook's budget runs out (the cells not run then are reported as such)."""
        while True:
            runnable = [i for i, o in enumerate(self.outcomes) if o.skipped is None]
            current, finished = None, 0
            try:
                try:
                    self._spawn()
                except (_Died, _TimedOut) as exc:
                    log = self._startup_error()
                    self._kill()
                    raise RuntimeError(f"the student process did not start: {exc}; {log}") from None
                wire.send(self._cmd, {"op": "exec", "cells": [self.cells[i][1] for i in runnable]})
                for _ in runnable:
                    start = self._receive(self.settings.cell_seconds)
                    index = start.get("index")
                    if type(index) is not int or not 0 <= index < len(runnable):
                        raise _Refused("a malformed cell message")
                    current = runnable[index]
                    done = self._receive(self._seconds(current))
                    error = done.get("error")
                    self.outcomes[current].error = error if isinstance(error, dict) else None
                    finished += 1
                return self.outcomes
            except _OutOfBudget:
                self._kill()
                for i in runnable[finished:]:
                    self.outcomes[i].skipped = f"the notebook's {self.budget.seconds:g} s of grading time ran out"
                    self.outcomes[i].stopped_by = ErrorKind.BUDGET
                return self.outcomes
            except _TimedOut:
                reason, stopped_by = f"stopped after {self._seconds(current):g} s", ErrorKind.TIMEOUT
            except _Died as exc:
                reason, stopped_by = f"the process died: {exc.detail}", ErrorKind.PROCESS_DIED
            self._kill()
            if current is None:  # died between cells: nothing to blame, nothing to skip
                raise RuntimeError(f"the student process failed outside any cell ({reason})")
            self.outcomes[current].skipped = reason
            self.outcomes[current].stopped_by = stopped_by

    def _seconds(self, cell: int | None) -> float:
        return self.settings.start_seconds if cell in self.course_cells else self.settings.cell_seconds

    def _startup_error(self) -> str:
        try:
            with open(self._stderr_path, encoding="utf-8", errors="replace") as f:
                return f.read()[-2000:]
        except OSError:
            return ""

    # -- collecting ----------------------------------------------------------------------------

    def collect(self, name: str, inputs: list[dict]) -> list[dict]:
        """What the student's ``name`` gives on each input (its family's ``collect``), within one budget.

        A timeout or a death ends the exercise: the remaining cases get the same error, and the
        process is restarted only for the next exercise.
        """
        if self._proc is None and self.budget.remaining() > 0:
            self.start()
        if self._proc is None:  # the budget ran out
            return [{"error": {"kind": ErrorKind.BUDGET, "limit": self.budget.seconds}}] * len(inputs)
        deadline = time.monotonic() + self.settings.exercise_seconds
        results: list[dict] = []
        for case_inputs in inputs:
            try:
                wire.send(self._cmd, {"op": "collect", "name": name, "inputs": case_inputs})
                reply = self._receive(max(deadline - time.monotonic(), 0.0))
                results.append(
                    reply.get("data")
                    if isinstance(reply.get("data"), dict)
                    else {"error": {"kind": ErrorKind.RETURN_VALUE, "message": "malformed result"}}
                )
            except _OutOfBudget:
                error = {"kind": ErrorKind.BUDGET, "limit": self.budget.seconds}
            except _TimedOut:
                error = {"kind": ErrorKind.TIMEOUT, "limit": self.settings.exercise_seconds}
            except _Refused as exc:
                message = f"its process wrote to the grader's pipe, which refused it ({exc.detail}): return the result"
                error = {"kind": ErrorKind.RETURN_VALUE, "message": message}
            except (_Died, BrokenPipeError) as exc:
                error = {"kind": ErrorKind.PROCESS_DIED, "detail": getattr(exc, "detail", "it closed its pipe")}
            else:
                continue
            self._kill()
            results += [{"error": error}] * (len(inputs) - len(results))
            break
        return results
