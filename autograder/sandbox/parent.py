"""Processes that must not outlive the grader that started them.

The grader starts two kinds: its grading workers (``grade --jobs``) and, in each worker, one
process per student notebook. If the grader itself is killed (``kill -9``, the out-of-memory
killer, a batch job's time limit) it cannot stop them; an orphaned worker would wait forever on
its task queue — it holds the queue's writing end itself, so it never sees end-of-file — keeping
the ~0.7 GB of TensorFlow it imported.
"""

from __future__ import annotations

import ctypes
import os
import signal

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>


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
