"""Confining a process the grader starts: it dies with its parent, stays within its resource
limits and, where the kernel has Landlock, touches only its scratch folder.

The grader starts two kinds of process: its grading workers (``grade --jobs``) and, in each
worker, one student process per notebook (``sandbox.child``). Both call ``die_with_parent``: if
the grader is killed (``kill -9``, the out-of-memory killer, a batch job's time limit) it cannot
stop them, and an orphaned worker would wait forever on its task queue (it holds the queue's
writing end itself, so it never sees end-of-file), keeping the ~0.7 GB of TensorFlow it imported.
The student's process then calls ``confine``, before any student code runs.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import resource
import signal
import sys

from autograder.sandbox import landlock
from autograder.settings import GraderSettings

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
_SYSTEM = ("/usr", "/lib", "/lib64", "/bin", "/etc", "/proc", "/sys", "/opt")  # what an interpreter reads


def die_with_parent(parent_pid: int) -> None:
    """Have the kernel SIGKILL this process when ``parent_pid`` exits (Linux's
    ``prctl(PR_SET_PDEATHSIG)``; nothing elsewhere).

    The kernel watches the parent only from this call on: if ``parent_pid`` is no longer this
    process's parent, it died in between, and this process exits now.
    """
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux
        return
    if os.getppid() != parent_pid:
        os._exit(1)


def limit_resources(settings: GraderSettings, isolated: bool) -> None:
    """Address space, CPU time and file size, as hard limits the process cannot raise again, and,
    in a bubblewrap sandbox (its own user namespace, where the kernel counts its processes apart
    from the grader's), the number of processes and threads.

    A write past ``file_bytes`` would deliver SIGXFSZ, which kills; ignored, the write fails with
    an ``OSError`` the student's cell reports instead.
    """
    limits = [
        (resource.RLIMIT_AS, settings.memory_bytes),
        (resource.RLIMIT_CPU, settings.cpu_seconds),
        (resource.RLIMIT_FSIZE, settings.file_bytes),
    ]
    if isolated:
        limits.append((resource.RLIMIT_NPROC, settings.processes))
    for limit, value in limits:
        resource.setrlimit(limit, (int(value), int(value)))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)


def readable_paths(extra: list[str]) -> list[str]:
    """What the student's process may read: the interpreter and its packages, the ``autograder`` and
    ``helpers`` packages (wherever they are installed), the system folders, and ``extra``."""
    packages = {os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}  # autograder/
    packages |= set(importlib.util.find_spec("helpers").submodule_search_locations)
    return sorted({sys.prefix, sys.base_prefix, sys.exec_prefix, *packages, *_SYSTEM, *extra})


def confine(
    scratch: str, settings: GraderSettings, readable: list[str], parent_pid: int | None, isolated: bool
) -> str | None:
    """Everything above, for the student's process. Returns why file-system confinement is off
    (Landlock disabled or unsupported), ``None`` when it is on. ``parent_pid`` is ``None`` in a
    bubblewrap sandbox, whose PID namespace dies with the grader."""
    if parent_pid is not None:
        die_with_parent(parent_pid)
    limit_resources(settings, isolated)
    if not settings.landlock:
        return "disabled by configuration"
    return landlock.restrict([scratch], readable_paths(readable))
