import sys

import numpy as np

from autograder import guard


def test_numpy_code_is_not_flagged():
    with guard.watch() as w:
        np.linalg.norm(np.ones(3)) + np.sqrt(2.0)
    assert w.hit is None


def test_a_call_into_keras_is_flagged():
    import keras

    with guard.watch() as w:
        keras.ops.add(1.0, 2.0)
    assert w.hit is not None and "keras" in w.hit


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
    with guard.watch({forbidden.__code__: "forbidden()"}) as w:
        forbidden()
    assert w.hit == "forbidden()"
