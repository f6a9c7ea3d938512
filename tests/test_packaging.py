"""The wheel carries every package and the schemas, so an installed copy runs from any folder."""

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    assert build.returncode == 0, build.stderr
    return next(out.glob("*.whl"))


def test_wheel_contains_schemas(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for schema in ROOT.glob("schemas/*.json"):
        assert f"checker/schemas/{schema.name}" in names


def test_wheel_contains_every_package(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    for init in ROOT.glob("checker/**/__init__.py"):
        assert init.relative_to(ROOT).as_posix() in names


def test_wheel_declares_console_script(wheel):
    with zipfile.ZipFile(wheel) as archive:
        entry_points = next(name for name in archive.namelist() if name.endswith("entry_points.txt"))
        text = archive.read(entry_points).decode()
    assert "enablex-authcheck = checker.cli:main" in text
