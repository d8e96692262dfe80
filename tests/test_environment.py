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


def test_binder_postbuild_merges_the_student_page_config_into_the_environments(tmp_path):
    """postBuild, run as repo2docker runs it (from the repository, with the image's python and
    pip), leaves the environment's page config with the student plugins off and what was there."""
    import json
    import os
    import subprocess
    import sys

    env_dir = tmp_path / "env"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(env_dir)], check=True)
    (env_dir / "bin" / "pip").write_text("#!/bin/sh\nexit 0\n")  # the project's install is not under test
    (env_dir / "bin" / "pip").chmod(0o755)
    existing = env_dir / "etc" / "jupyter" / "labconfig" / "page_config.json"
    existing.parent.mkdir(parents=True)
    existing.write_text(json.dumps({"disabledExtensions": {"some-other:plugin": True}}))
    path = f"{env_dir / 'bin'}:/usr/bin:/bin"
    run = subprocess.run(
        ["bash", str(ROOT / "binder" / "postBuild")],
        cwd=ROOT,
        env={**os.environ, "PATH": path, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    disabled = json.loads(existing.read_text())["disabledExtensions"]
    student = json.loads((ROOT / "jupyter-config" / "labconfig" / "page_config.json").read_text())
    assert disabled == {"some-other:plugin": True, **student["disabledExtensions"]}
