"""The hook from .pre-commit-hooks.yaml, run by the real pre-commit framework (`pre-commit try-repo`).

pre-commit installs the hook from this repository into a fresh virtual
environment. pip there reads only the wheelhouse that `make install` builds
beside the test environment (PIP_NO_INDEX), so these tests reach no package
index and keep the loopback-only network guard. try-repo builds from the
committed tree plus uncommitted changes to tracked files, so untracked files
are not part of the build.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

PROJECT = Path(__file__).resolve().parent.parent
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"


def pre_commit_command() -> list[str] | None:
    beside_python = Path(sys.executable).parent / "pre-commit"
    if beside_python.exists():
        return [str(beside_python)]
    found = shutil.which("pre-commit")
    return [found] if found else None


def environment(home: Path) -> dict[str, str]:
    """Return the environment for pre-commit: a private cache, and pip limited to the local wheelhouse."""
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PIP_NO_INDEX": "1", "PIP_FIND_LINKS": str(WHEELHOUSE)}
    env.update(GIT_AUTHOR_NAME="Test", GIT_AUTHOR_EMAIL="test@example.invalid",
               GIT_COMMITTER_NAME="Test", GIT_COMMITTER_EMAIL="test@example.invalid")
    return env


@pytest.fixture(scope="module")
def hook_run(tmp_path_factory):
    command = pre_commit_command()
    if command is None:
        pytest.skip("pre-commit is not installed (pip install pre-commit, or make install)")
    if not WHEELHOUSE.is_dir():
        pytest.skip(f"no wheelhouse at {WHEELHOUSE}: run `make install` to build it")
    if not (PROJECT / ".git").exists():
        pytest.skip("try-repo needs this project as a git checkout")

    user_repository = tmp_path_factory.mktemp("user-repo")
    env = environment(tmp_path_factory.mktemp("pre-commit-home"))
    subprocess.run(["git", "init", "-q"], cwd=user_repository, check=True, env=env)
    (user_repository / "settings.py").write_text(f'APP_KEY = "{APP_KEY}"\n', encoding="utf-8")
    (user_repository / "client.py").write_text('APP_KEY = os.environ["ENABLEX_APP_KEY"]\n', encoding="utf-8")
    subprocess.run(["git", "add", "."], cwd=user_repository, check=True, env=env)

    def run(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [*command, "try-repo", str(PROJECT), "enablex-authcheck", "--files", *files],
            cwd=user_repository, env=env, capture_output=True, text=True, timeout=600,
        )

    return run


def test_hook_blocks_hardcoded_key(hook_run):
    completed = hook_run("settings.py")
    output = completed.stdout + completed.stderr
    assert completed.returncode == 1, output
    assert "settings.py:1:12: SRC601" in output
    assert APP_KEY not in output


def test_hook_passes_clean_file(hook_run):
    completed = hook_run("client.py")
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert "Passed" in completed.stdout


def test_hook_manifest_entry():
    yaml = pytest.importorskip("yaml")

    [hook] = yaml.safe_load((PROJECT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "enablex-authcheck"
    assert hook["entry"] == "enablex-authcheck scan"
    assert hook["language"] == "python"
