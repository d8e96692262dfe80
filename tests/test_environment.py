"""One list of dependencies: environment.yml's pip section repeats pyproject.toml's pins."""

import re
from pathlib import Path

import tomllib

ROOT = Path(__file__).resolve().parents[1]


def _normalise(requirement: str) -> str:
    return re.sub(r"\s+", "", requirement).replace('"', "'").lower()


def pyproject_requirements() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_normalise(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}


def environment_requirements(path="environment.yml") -> set[str]:
    lines = (ROOT / path).read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == "- pip:")
    pip = [line.strip()[2:] for line in lines[start + 1 :] if line.strip().startswith("- ")]
    return {_normalise(r) for r in pip if r != "-e ."}


def test_environment_yml_and_pyproject_pin_the_same_packages():
    assert environment_requirements() == pyproject_requirements()


def test_binder_environment_pins_the_same_packages_and_postbuild_installs_the_project():
    assert environment_requirements("binder/environment.yml") == pyproject_requirements()
    assert "-e ." not in (ROOT / "binder/environment.yml").read_text().replace("`-e .`", "")
    assert "pip install --no-deps -e ." in (ROOT / "binder/postBuild").read_text()


def test_every_dependency_is_pinned_exactly():
    for requirement in pyproject_requirements():
        assert "==" in requirement, requirement


def test_environment_installs_the_project_and_pins_python():
    text = (ROOT / "environment.yml").read_text()
    assert "- -e ." in text and re.search(r"- python=3\.1[0-3]", text)
