"""The progress line of ``grade``."""

from __future__ import annotations

import sys
import time


def printable(name: str) -> str:
    """``name`` (a student folder's, chosen by whoever made it) with its control characters
    written as escapes, so that it cannot move the cursor or rewrite the terminal."""
    return "".join(ch if ch.isprintable() else ascii(ch)[1:-1] for ch in name)


class Progress:
    """``[done/total] student  seconds | elapsed, remaining`` — one rewritten line on a terminal,
    plain lines in a log."""

    def __init__(self, total: int, stream=sys.stderr):
        self.total, self.done, self.stream = total, 0, stream
        self.start = time.monotonic()
        self.tty = stream.isatty()

    def update(self, student: str, seconds: float, status: str = "") -> None:
        self.done += 1
        elapsed = time.monotonic() - self.start
        remaining = elapsed / self.done * (self.total - self.done)
        line = (
            f"[{self.done:>{len(str(self.total))}}/{self.total}] {printable(student)} {seconds:.1f}s{status} "
            f"| elapsed {elapsed:.0f}s, ~{remaining:.0f}s left"
        )
        if self.tty:
            self.stream.write("\r\x1b[2K" + line + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(line + "\n")
        self.stream.flush()
