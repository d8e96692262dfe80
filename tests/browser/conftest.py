"""What the browser tests share: a JupyterLab server on 127.0.0.1 with a random token and an
isolated home (no settings or workspaces of the machine's user), and Debian's Chromium."""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def serve_lab(root: Path, home: Path, env: dict | None = None, args: tuple[str, ...] = ()):
    """JupyterLab over ``root`` with ``home`` as its home and user config; yields its base URL and
    token, and stops it on exit. ``env`` adds variables, ``args`` command-line options."""
    port, token = free_port(), secrets.token_hex(16)
    environment = {
        **os.environ,
        "HOME": str(home),
        "JUPYTER_CONFIG_DIR": str(home / ".jupyter"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "ws"),
        **(env or {}),
    }
    log_path = root / "jupyterlab.log"
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "jupyter",
                "lab",
                "--no-browser",
                "--ServerApp.ip=127.0.0.1",
                f"--ServerApp.port={port}",
                f"--IdentityProvider.token={token}",
                f"--ServerApp.root_dir={root}",
                "--ServerApp.open_browser=False",
                "--allow-root",
                "--LabApp.expose_app_in_browser=True",  # window.jupyterapp: the commands the menus run
                *args,
            ],
            env=environment,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            deadline = time.monotonic() + 120
            while True:
                try:
                    urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline or server.poll() is not None:
                        pytest.fail(f"JupyterLab did not start: {log_path.read_text()[-2000:]}")
                    time.sleep(0.5)
            yield base, token
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()


@pytest.fixture(scope="session")
def lab_server():
    """``serve_lab``, for the test modules (``--import-mode=importlib`` imports no conftest)."""
    return serve_lab


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium driven by Playwright (Debian's ``/usr/bin/chromium``: nothing is downloaded)."""
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is missing (Debian: apt-get install chromium; .ci/run installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright (the Python package) is not installed")
    with sync_api.sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()
