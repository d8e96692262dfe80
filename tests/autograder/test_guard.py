import subprocess
import sys

import numpy as np
import pytest

from autograder import guard


def test_numpy_code_is_not_flagged():
    with guard.watch() as w:
        np.linalg.norm(np.ones(3)) + np.sqrt(2.0)
    assert w.hit is None


def test_a_call_into_keras_is_flagged_and_ends_the_function():
    import keras

    after = []
    with pytest.raises(guard.ForbiddenCall), guard.watch() as w:
        keras.ops.add(1.0, 2.0)
        after.append("ran on")
    assert w.hit is not None and "keras" in w.hit
    assert not after and sys.getprofile() is None


def test_importing_keras_inside_the_function_is_stopped_before_it_finishes():
    """On a busy machine importing TensorFlow takes longer than an exercise's budget: the import is
    where the function stops, and the verdict is 'calls Keras', not a timeout (a fresh process,
    where Keras was never imported)."""
    code = (
        "import sys\n"
        "from autograder import guard\n"
        "try:\n"
        "    with guard.watch() as w:\n"
        "        import keras\n"
        "        print('ran on')\n"
        "except guard.ForbiddenCall:\n"
        "    print('stopped at', w.hit, 'tensorflow' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert out.stdout.startswith("stopped at import keras") and "ran on" not in out.stdout, out.stdout + out.stderr
    assert out.stdout.split()[-1] == "False"  # stopped before TensorFlow's import


def test_switching_the_watch_off_is_flagged():
    with guard.watch() as w:
        sys.setprofile(None)
    assert w.hit and "setprofile" in w.hit


def test_forbidden_code_only_flags_those_functions():
    def allowed():
        return 1

    def forbidden():
        return 2

    with guard.watch({forbidden.__code__: "forbidden()"}) as w:
        allowed()
    assert w.hit is None
    with pytest.raises(guard.ForbiddenCall), guard.watch({forbidden.__code__: "forbidden()"}) as w:
        forbidden()
    assert w.hit == "forbidden()"
