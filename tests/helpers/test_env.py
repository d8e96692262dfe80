import os
import subprocess
import sys


def test_importing_helpers_keeps_tensorflow_silent():
    code = "import helpers, keras; keras.ops.add(1.0, 2.0)"
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={k: v for k, v in os.environ.items() if not k.startswith(("TF_", "KERAS"))},
    )
    assert out.returncode == 0 and out.stderr == "", out.stderr


def test_grading_flag_follows_nbgrader(monkeypatch):
    from helpers.env import grading

    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    assert not grading()
    monkeypatch.setenv("NBGRADER_EXECUTION", "autograde")
    assert grading()
