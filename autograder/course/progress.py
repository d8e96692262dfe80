"""What ``grade`` tells the instructor while it runs, from its first second.

The phases: the submissions found; setting up the course (each step, with the time it has taken:
the first run, or one after the source or the grader changed, generates every assignment); then
the students graded out of the total, the time elapsed and an estimate of the time left. On a
terminal the current phase is one line, rewritten every second; in a pipe or a CI log each step
is one plain line, and each student graded one line, except in a class of more than
``PLAIN_ALL`` students: a line at most every ``PLAIN_EVERY`` seconds then (the first and the last
student, and any whose grading failed, always), so that a class of 300 stays readable. Lines that
must stay (warnings, notes) are written above the rewritten one.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable

# in a pipe: a line for every student up to this many students, beyond it
PLAIN_ALL = 50
# a line at most every this many seconds
PLAIN_EVERY = 10.0
# seconds between two redraws of the line on a terminal
TICK = 1.0


def printable(name: str) -> str:
    """``name`` (a student folder's, chosen by whoever made it) with its control characters
    written as escapes, so that it cannot move the cursor or rewrite the terminal."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in name)


def duration(seconds: float) -> str:
    """``seconds`` as a person reads it: ``8 s``, ``2 min 05 s``, ``1 h 03 min``."""
    seconds = round(seconds)
    if seconds < 60:
        return f"{seconds} s"
    if seconds < 3600:
        return f"{seconds // 60} min {seconds % 60:02d} s"
    return f"{seconds // 3600} h {seconds % 3600 // 60:02d} min"


class Progress:
    """The progress of one ``grade`` run on ``stream``; a context manager (on a terminal, a thread
    redraws the current line every ``TICK`` seconds until it exits)."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.start = time.monotonic()
        self.tty = stream.isatty()
        self._line: Callable[[], str] | None = None  # the current phase's line, computed when drawn
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None
        self.total = self.done = 0
        self._grading_start = self._last_plain = 0.0

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
        with self._lock:
            if self.tty and self._line is not None:
                self.stream.write("\r\x1b[2K" + self._line() + "\n")
                self.stream.flush()
            self._line = None

    def elapsed(self) -> str:
        return duration(time.monotonic() - self.start)

    def say(self, text: str) -> None:
        """A line that stays, above the current phase's line."""
        with self._lock:
            self.stream.write(("\r\x1b[2K" if self.tty else "") + text + "\n")
            self._draw()

    def _draw(self) -> None:
        if self.tty and self._line is not None:
            # cut to the terminal's width: a wrapped line could not be rewritten in place
            self.stream.write("\r\x1b[2K" + self._line()[: self._width() - 1])
        self.stream.flush()

    def _width(self) -> int:
        try:
            return os.get_terminal_size(self.stream.fileno()).columns
        except (OSError, ValueError, AttributeError):  # not a real terminal (a test's stand-in)
            return 200

    def _tick(self) -> None:
        while not self._stop.wait(TICK):
            with self._lock:
                self._draw()

    def phase(self, line: Callable[[], str], plain: bool = True) -> None:
        """``line()`` is now the current phase: on a terminal, the line redrawn every second; in a
        pipe, printed once if ``plain``."""
        with self._lock:
            self._line = line
            if self.tty:
                self._draw()
                if self._ticker is None:
                    self._ticker = threading.Thread(target=self._tick, daemon=True)
                    self._ticker.start()
            elif plain:
                self.stream.write(line() + "\n")
                self.stream.flush()

    def step(self, what: str) -> None:
        """A step of setting up the course has begun."""
        started = time.monotonic()
        so_far = (lambda: f" | {duration(time.monotonic() - started)} so far") if self.tty else str
        self.phase(lambda: f"setting up the course: {what}{so_far()}")

    def grading(self, total: int, jobs: int) -> None:
        """Grading ``total`` students, ``jobs`` at a time, begins."""
        self.total, self.done = total, 0
        self._grading_start = self._last_plain = time.monotonic()
        self.phase(lambda: self._status(f"grading {total} student(s), {min(jobs, total)} at a time"))

    def _status(self, last: str) -> str:
        now = time.monotonic()
        if self.done:
            rate = (now - self._grading_start) / self.done
            left = f"~{duration(rate * (self.total - self.done))} left"
        else:
            left = "time left known after the first student"
        width = len(str(self.total))
        return f"[{self.done:>{width}}/{self.total}] {last} | elapsed {self.elapsed()}, {left}"

    def update(self, student: str, seconds: float, status: str = "") -> None:
        """``student`` is graded (in ``seconds``); ``status`` says how it went, if not well."""
        self.done += 1
        last = f"{printable(student)} {seconds:.1f}s{status}"
        now = time.monotonic()
        plain = (
            bool(status)
            or self.total <= PLAIN_ALL
            or self.done in (1, self.total)
            or now - self._last_plain >= PLAIN_EVERY
        )
        if plain:
            self._last_plain = now
        self.phase(lambda: self._status(last), plain)
