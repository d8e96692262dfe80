"""One settings object: the CLI, nbgrader's configuration and the sandbox read the same defaults."""

from dataclasses import asdict, fields

import pytest
from traitlets.config import Config

from autograder.cli import _settings, parser
from autograder.course.config import config_file_text, configure
from autograder.course.preprocessors import GradeInSandbox
from autograder.settings import DEFAULTS, GraderSettings

CHANGED = GraderSettings(cell_seconds=7.0, exercise_seconds=9.0, memory_bytes=3 * 2**30, landlock=False)


def test_the_defaults():
    assert asdict(DEFAULTS) == {
        "cell_seconds": 30.0,
        "exercise_seconds": 60.0,
        "start_seconds": 60.0,
        "memory_bytes": 4 * 2**30,
        "cpu_seconds": 900,
        "file_bytes": 64 * 2**20,
        "notebook_seconds": 600.0,
        "processes": 256,
        "disk_bytes": 256 * 2**20,
        "isolation": True,
        "landlock": True,
    }


@pytest.mark.parametrize("changes", [{"cell_seconds": 0.0}, {"memory_bytes": -1}])
def test_a_limit_must_be_positive(changes):
    with pytest.raises(ValueError, match=next(iter(changes))):
        GraderSettings(**changes)


def test_the_command_line_defaults_are_the_settings_defaults():
    assert _settings(parser().parse_args(["grade", "subs", "--out", "out"])) == DEFAULTS
    args = parser().parse_args(["grade", "subs", "--out", "out", "--cell-timeout", "7", "--memory-gb", "3"])
    assert _settings(args) == GraderSettings(cell_seconds=7.0, memory_bytes=3 * 2**30)


def test_every_setting_is_a_trait_of_grade_in_sandbox_with_its_default():
    traits = GradeInSandbox.class_own_traits(config=True)
    for f in fields(GraderSettings):
        assert traits[f.name].default_value == getattr(DEFAULTS, f.name)
        assert traits[f.name].help == GraderSettings.help(f.name)
    assert GradeInSandbox().settings() == DEFAULTS


def test_configure_hands_the_settings_and_notes_to_grade_in_sandbox(tmp_path):
    c = configure(Config(), tmp_path, CHANGED, {"01_optimizers": ["a note"]})
    preprocessor = GradeInSandbox(config=c)
    assert preprocessor.settings() == CHANGED and preprocessor.notes == {"01_optimizers": ["a note"]}


def test_the_course_folders_config_file_carries_the_same_settings(tmp_path):
    path = tmp_path / "nbgrader_config.py"
    path.write_text(config_file_text(CHANGED))
    c = Config()
    exec(compile(path.read_text(), str(path), "exec"), {"get_config": lambda: c, "__file__": str(path)})
    assert GradeInSandbox(config=c).settings() == CHANGED
    assert c.CourseDirectory.root == str(tmp_path.resolve())
