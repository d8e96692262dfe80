"""Isolating the student's process with bubblewrap (``bwrap``), the sandbox Flatpak uses.

``command(argv, view, settings)`` wraps the child's command line so that it runs in new user, PID,
network, mount, IPC, UTS and cgroup namespaces, with:

- a file system made of read-only binds of what ``view`` lists (the interpreter, the allowed
  packages, ``autograder`` and ``helpers``), and nothing else: not the course, not the other
  students, not the solutions; its only writable place is ``/scratch``, a tmpfs of
  ``settings.disk_bytes`` (the cap on the total bytes it writes, its files included);
- ``/dev`` holding only ``null``, ``zero``, ``random`` and ``urandom`` (no ``/dev/shm``: the
  grader's semaphores are out of reach), ``/proc`` of its own PID namespace (it can name, signal,
  trace or wait on no process outside), no network but a loopback of its own;
- its own session (no terminal to write into), and death with the grader (``--die-with-parent``):
  when the sandbox's first process dies, the kernel kills every process of its PID namespace, so a
  double-forked ``setsid`` process cannot outlive it.

When the grader runs as root, the sandbox runs as ``nobody`` (uid 65534): a root process mapped
into a user namespace would still be root to the kernel's resource limits (``RLIMIT_NPROC`` does
not apply to root). An unprivileged bwrap can only bind what ``nobody`` can reach, so paths it
cannot traverse (a Python installed under ``/root``) are first bound, in a mount namespace
private to the launching process, onto empty folders ``nobody`` can reach (``_expose``).

``unavailable()`` says why isolation cannot be used here (no bwrap, no user namespaces, not
Linux); the grader then falls back on the child's own confinement and says so in the grades.
"""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
import tempfile
from functools import cache

from autograder.sandbox.views import View
from autograder.settings import GraderSettings

NOBODY = 65534
# what a student's code can do when the sandbox is off (only the child's own confinement applies)
WITHOUT = (
    "the student's code may reach TensorFlow/Keras from a thread or a subprocess, see and signal the "
    "grader's processes, use the network and leave processes running; time, memory and file-size limits "
    "and Landlock's file confinement still apply"
)
SCRATCH = "/scratch"
_DEVICES = ("/dev/null", "/dev/zero", "/dev/random", "/dev/urandom")
_SYSTEM = ("/usr", "/etc/ld.so.cache", "/etc/localtime", "/etc/passwd", "/etc/group", "/etc/nsswitch.conf")
_USR_MERGED = ("bin", "lib", "lib64", "sbin")  # /bin -> usr/bin on merged-/usr systems
# Run as root, the launcher binds unreachable paths (positional pairs) in a private mount
# namespace, then drops to nobody and becomes bwrap.
_LAUNCHER = (
    'n=$1; shift; while [ "$n" -gt 0 ]; do mount --bind "$1" "$2" || exit 125; shift 2; n=$((n-1)); done; '
    f'exec setpriv --reuid={NOBODY} --regid={NOBODY} --clear-groups -- "$@"'
)


@cache
def unavailable() -> str | None:
    """Why bubblewrap isolation cannot run on this machine, or ``None`` when it can."""
    if sys.platform != "linux":
        return f"bubblewrap is Linux-only (this is {sys.platform})"
    if shutil.which("bwrap") is None:
        return "bubblewrap is not installed (apt-get install bubblewrap, or conda install -c conda-forge bubblewrap)"
    if os.geteuid() == 0 and not (shutil.which("unshare") and shutil.which("setpriv")):
        return "running as root needs util-linux's unshare and setpriv to drop to an unprivileged user"
    probe = command(["/bin/true"], View(), GraderSettings())
    try:
        result = subprocess.run(probe.argv, capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"bubblewrap could not start: {exc}"
    finally:
        probe.cleanup()
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        return f"bubblewrap could not create its namespaces ({detail[-1] if detail else result.returncode})"
    return None


def _reachable(path: str) -> bool:
    """Whether an unprivileged user can traverse every folder down to ``path`` (and read it)."""
    path = os.path.abspath(path)
    parts = path.split(os.sep)
    for depth in range(2, len(parts) + 1):
        st = os.stat(os.sep.join(parts[:depth]) or os.sep)
        if stat.S_ISDIR(st.st_mode) and not st.st_mode & stat.S_IXOTH:
            return False
    return bool(os.stat(path).st_mode & stat.S_IROTH)


class Command:
    """The wrapped command line, and the folder of mount points it needs while it runs."""

    def __init__(self, argv: list[str], staging: str | None = None):
        self.argv, self._staging = argv, staging

    def cleanup(self) -> None:
        if self._staging:
            shutil.rmtree(self._staging, ignore_errors=True)
            self._staging = None


def command(argv: list[str], view: View, settings: GraderSettings) -> Command:
    """``argv`` wrapped in bwrap, seeing ``view``; as root, also dropped to ``nobody``."""
    as_root = os.geteuid() == 0
    staging = tempfile.mkdtemp(prefix="sandbox-mounts-") if as_root else None
    if staging:
        os.chmod(staging, 0o755)
    exposed: list[tuple[str, str]] = []

    def source(path: str) -> str:
        if not as_root or _reachable(path):
            return path
        point = os.path.join(staging, str(len(exposed)))
        if os.path.isdir(path):
            os.mkdir(point)
        else:
            open(point, "w").close()
        os.chmod(point, 0o755)
        exposed.append((path, point))
        return point

    args = ["bwrap", "--unshare-all", "--die-with-parent", "--new-session", "--cap-drop", "ALL"]
    for name in _USR_MERGED:
        if os.path.islink(f"/{name}"):
            args += ["--symlink", os.readlink(f"/{name}"), f"/{name}"]
        elif os.path.isdir(f"/{name}"):
            args += ["--ro-bind", f"/{name}", f"/{name}"]
    for path in _SYSTEM:
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    args += ["--proc", "/proc", "--dir", "/dev"]
    for device in _DEVICES:
        args += ["--dev-bind", device, device]
    args += ["--size", str(int(settings.disk_bytes)), "--tmpfs", SCRATCH, "--chdir", SCRATCH]
    for path in view.readable:
        if os.path.exists(path):
            args += ["--ro-bind", source(path), path]
    for path in view.hidden:  # an empty folder over it, holding only what is revealed in it
        args += ["--tmpfs", path]
    for origin, path in view.revealed:
        args += ["--ro-bind", source(origin), path]
    for path in view.hidden:
        args += ["--remount-ro", path]
    for replacement, path in view.replaced:
        args += ["--ro-bind", replacement, path]
    args += ["--", *argv]
    if not as_root:
        return Command(args)
    pairs = [p for pair in exposed for p in pair]
    launcher = ["unshare", "--mount", "--propagation", "private", "--", "sh", "-c", _LAUNCHER, "sh"]
    return Command([*launcher, str(len(exposed)), *pairs, *args], staging=staging)
