"""`enablex-authcheck scan` end to end: walking, suppression, baselines, config, formats and git."""

from __future__ import annotations

import base64
import json
import os
import subprocess
from pathlib import Path

import pytest

from checker import schema
from checker.cli import main
from checker.output.github import escape_data, escape_property

APP_ID = "5f1e99bf90ce3c3c0c52e646"
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"
OTHER_KEY = "Zq8wPlmnBvCx7TyuIoKj5HgfDsAe2R"
BAD_PY = f'APP_KEY = "{APP_KEY}"\n'
GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_NOSYSTEM": "1", "HOME": "/nonexistent",
}


def scan(capsys, *arguments: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stopped:
        main(["scan", *arguments])
    captured = capsys.readouterr()
    return stopped.value.code, captured.out, captured.err


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def git(repository: Path, *arguments: str) -> str:
    completed = subprocess.run(["git", *arguments], cwd=repository, capture_output=True, text=True,
                               env={**os.environ, **GIT_ENV}, check=True)
    return completed.stdout.strip()


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    monkeypatch.chdir(root)
    return root


@pytest.fixture
def repository(project) -> Path:
    git(project, "init", "-q")
    return project


# Text format and exit status

def test_text_line_then_fix(project, capsys):
    write(project / "app.py", BAD_PY)
    status, out, _ = scan(capsys, "app.py")
    lines = out.splitlines()
    assert status == 1
    assert lines[0].startswith("app.py:1:12: SRC601 App Key literal assigned to APP_KEY [App Key length 30, sha256:")
    assert lines[1].startswith("    fix: Read the key from the ENABLEX_APP_KEY environment variable")
    assert lines[-1] == "1 error, 0 warnings; exit 1"
    assert APP_KEY not in out


def test_clean_tree_exits_zero(project, capsys):
    write(project / "app.py", 'APP_KEY = os.environ["ENABLEX_APP_KEY"]\n')
    status, out, _ = scan(capsys)
    assert status == 0
    assert out.strip() == "0 errors, 0 warnings; exit 0"


def test_warning_passes_unless_strict(project, capsys):
    write(project / "call.sh", f'curl -u "{APP_ID}:Ry3u$EurydeSy" https://api.enablex.io/voice/v1/call\n')
    assert scan(capsys, ".")[0] == 0
    assert scan(capsys, ".", "--strict")[0] == 1


def test_json_keeps_exit_status_and_validates(project, capsys):
    write(project / "app.py", BAD_PY)
    status, out, _ = scan(capsys, ".", "--format", "json")
    report = json.loads(out)
    schema.validate(report, "report.schema.json")
    assert status == 1
    assert report["summary"]["exit_code"] == 1
    assert report["findings"][0]["location"] == {"path": "app.py", "line": 1, "column": 12}
    assert report["scan"]["files_scanned"] == 1


def test_missing_path_is_usage_error(project, capsys):
    status, _, err = scan(capsys, "nowhere.py")
    assert status == 2
    assert "error: path 'nowhere.py' not found" in err


# GitHub workflow commands

def test_github_escapes_data():
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"


def test_github_escapes_properties():
    assert escape_property("dir,a:b%.py") == "dir%2Ca%3Ab%25.py"


def test_github_format_error_command(project, capsys):
    write(project / "a,b.py", BAD_PY)
    status, out, _ = scan(capsys, ".", "--format", "github")
    first = out.splitlines()[0]
    assert status == 1
    assert first.startswith("::error file=a%2Cb.py,line=1,col=12,title=SRC601 hardcoded-app-key::App Key literal")
    assert "%0AFix: Read the key" in first
    assert APP_KEY not in out


def test_github_format_warning_command(project, capsys):
    write(project / "call.sh", f'curl -u "{APP_ID}:Ry3u$EurydeSy" https://api.enablex.io/voice/v1/call\n')
    _, out, _ = scan(capsys, ".", "--format", "github")
    assert out.startswith("::warning file=call.sh,line=1,col=6,title=SRC612 shell-expansion::")


# Walking

def test_gitignored_files_skipped(project, capsys):
    write(project / ".gitignore", ".env\nbuild/\n")
    write(project / ".env", f"ENABLEX_APP_KEY={APP_KEY}\n")
    write(project / "build" / "app.py", BAD_PY)
    write(project / "sub" / ".gitignore", "*.local.py\n")
    write(project / "sub" / "x.local.py", BAD_PY)
    write(project / "sub" / "kept.py", BAD_PY)
    _, out, _ = scan(capsys, ".", "--format", "json")
    paths = [finding["location"]["path"] for finding in json.loads(out)["findings"]]
    assert paths == ["sub/kept.py"]


def test_parent_gitignore_applies_to_subdirectory(repository, capsys):
    write(repository / ".gitignore", "src/generated/\n")
    write(repository / ".git" / "info" / "exclude", "*.local.py\n")
    write(repository / "src" / "generated" / "app.py", BAD_PY)
    write(repository / "src" / "settings.local.py", BAD_PY)
    write(repository / "src" / "app.py", BAD_PY)
    _, out, _ = scan(capsys, "src", "--format", "json")
    paths = [finding["location"]["path"] for finding in json.loads(out)["findings"]]
    assert paths == ["app.py"]


def test_ignored_directory_named_is_scanned(repository, capsys):
    write(repository / ".gitignore", "vendor/\n*.log\n")
    write(repository / "vendor" / "lib" / "app.py", BAD_PY)
    write(repository / "vendor" / "lib" / "debug.log", BAD_PY)
    _, out, _ = scan(capsys, "vendor", "--format", "json")
    paths = [finding["location"]["path"] for finding in json.loads(out)["findings"]]
    assert paths == ["lib/app.py"]


def test_no_gitignore_scans_ignored_files(repository, capsys):
    write(repository / ".gitignore", "build/\n")
    write(repository / "build" / "app.py", BAD_PY)
    assert scan(capsys, ".")[0] == 0
    assert scan(capsys, ".", "--no-gitignore")[0] == 1


def test_binary_file_skipped(project, capsys):
    write(project / "blob.bin", b"\x00\x01" + BAD_PY.encode())
    status, _, err = scan(capsys, ".", "-v")
    assert status == 0
    assert "1 binary file(s) skipped" in err


def test_utf16_script_scanned(project, capsys):
    write(project / "call.ps1", ("\ufeff" + BAD_PY).encode("utf-16-le"))
    status, out, _ = scan(capsys, ".")
    assert status == 1
    assert out.startswith("call.ps1:1:12: SRC601")


def test_large_file_skipped_and_listed(project, capsys):
    write(project / "big.py", BAD_PY + "#" * 4096)
    write(project / "small.py", BAD_PY)
    status, out, err = scan(capsys, ".", "--max-size", "2", "-v")
    assert status == 1
    assert "skipped big.py: larger than the size limit" in err
    assert "small.py:1:12" in out
    assert "big.py" not in out


def test_large_file_note_without_verbose(project, capsys):
    write(project / "big.py", "#" * 4096)
    _, _, err = scan(capsys, ".", "--max-size", "2")
    assert "note: 1 file(s) skipped; rerun with -v to list them" in err


def test_symlink_loop_ends_branch(project, capsys):
    write(project / "a" / "app.py", BAD_PY)
    os.symlink("..", project / "a" / "loop")
    status, out, err = scan(capsys, ".", "-v")
    assert status == 1
    assert "symbolic link loop" in err
    assert out.count("SRC601") == 1


def test_dangling_symlink_skipped(project, capsys):
    os.symlink("missing.py", project / "gone.py")
    write(project / "app.py", BAD_PY)
    status, out, err = scan(capsys, ".", "-v")
    assert status == 1
    assert "skipped gone.py: cannot be read" in err


def test_parallel_workers_match_one_process(project, capsys):
    for number in range(30):
        write(project / f"m{number:02d}.py", BAD_PY if number % 3 == 0 else "x = 1\n")
    single_process = scan(capsys, ".", "--jobs", "1", "--format", "json")[1]
    two_workers = scan(capsys, ".", "--jobs", "2", "--format", "json")[1]
    assert json.loads(single_process)["findings"] == json.loads(two_workers)["findings"]
    assert len(json.loads(two_workers)["findings"]) == 10


def test_parallel_workers_register_secrets(project, capsys):
    from checker import secrets

    write(project / "app.py", BAD_PY)
    scan(capsys, ".", "--jobs", "2")
    assert secrets.scrub(APP_KEY) == "[redacted]"


def test_no_progress_when_piped(project, capsys):
    for number in range(5):
        write(project / f"m{number}.py", "x = 1\n")
    _, _, err = scan(capsys, ".")
    assert "\r" not in err


# Inline suppression

@pytest.mark.parametrize("text", [
    pytest.param(BAD_PY.rstrip("\n") + "  # enablex-authcheck: ignore[SRC601]\n", id="same-line-code"),
    pytest.param("# enablex-authcheck: ignore[SRC601]\n" + BAD_PY, id="line-before"),
    pytest.param(BAD_PY.rstrip("\n") + "  # enablex-authcheck: ignore\n", id="bare"),
    pytest.param(BAD_PY.rstrip("\n") + "  # enablex-authcheck: ignore[SRC6]\n", id="prefix"),
])
def test_inline_ignore_suppresses(project, capsys, text):
    write(project / "app.py", text)
    assert scan(capsys, ".")[0] == 0


def test_ignore_of_other_code_keeps_finding(project, capsys):
    write(project / "app.py", BAD_PY.rstrip("\n") + "  # enablex-authcheck: ignore[SRC603]\n")
    assert scan(capsys, ".")[0] == 1


def test_ignore_two_lines_above_has_no_effect(project, capsys):
    write(project / "app.py", "# enablex-authcheck: ignore\n\n" + BAD_PY)
    assert scan(capsys, ".")[0] == 1


# Baseline

def test_baseline_round_trip(project, capsys):
    write(project / "app.py", BAD_PY)
    status, _, err = scan(capsys, ".", "--baseline", "baseline.json", "--update-baseline")
    assert status == 0
    assert "wrote 1 finding(s) to baseline baseline.json" in err

    stored = (project / "baseline.json").read_text()
    assert APP_KEY not in stored
    assert json.loads(stored)["findings"][0]["code"] == "SRC601"
    assert scan(capsys, ".", "--baseline", "baseline.json")[0] == 0


def test_baseline_survives_edits_above(project, capsys):
    write(project / "app.py", BAD_PY)
    scan(capsys, ".", "--baseline", "baseline.json", "--update-baseline")
    write(project / "app.py", "import os\n\n\n" + BAD_PY)
    assert scan(capsys, ".", "--baseline", "baseline.json")[0] == 0


def test_baseline_reports_new_secret(project, capsys):
    write(project / "app.py", BAD_PY)
    scan(capsys, ".", "--baseline", "baseline.json", "--update-baseline")
    write(project / "app.py", BAD_PY + f'APP_KEY_2 = "{OTHER_KEY}"\nappKey = "{OTHER_KEY}"\n')
    status, out, _ = scan(capsys, ".", "--baseline", "baseline.json")
    assert status == 1
    assert "app.py:3:" in out
    assert "app.py:1:" not in out


@pytest.mark.parametrize("content", ["{not json", '{"version": 99, "findings": []}', '{"version": 1, "findings": [{}]}'])
def test_invalid_baseline_is_usage_error(project, capsys, content):
    write(project / "baseline.json", content)
    status, _, err = scan(capsys, ".", "--baseline", "baseline.json")
    assert status == 2
    assert "baseline baseline.json" in err


def test_missing_baseline_is_usage_error(project, capsys):
    status, _, err = scan(capsys, ".", "--baseline", "nope.json")
    assert status == 2
    assert "create it with --update-baseline" in err


def test_update_baseline_needs_file(project, capsys):
    status, _, err = scan(capsys, ".", "--update-baseline")
    assert status == 2
    assert "--update-baseline needs --baseline FILE" in err


# Configuration

def test_verbose_names_settings_file(project, capsys):
    write(project / "setup.cfg", "[enablex-authcheck]\nignore = SRC612\n")
    _, _, err = scan(capsys, ".", "-v")
    assert "settings from " in err
    assert "setup.cfg" in err


def test_setup_cfg_exclude_and_ignore(project, capsys):
    write(project / "setup.cfg", "[enablex-authcheck]\nexclude =\n    vendor\nignore = SRC603\n")
    write(project / "vendor" / "app.py", BAD_PY)
    write(project / "client.py", 'URL = "http://api.enablex.io/voice/v1/call"\n')
    assert scan(capsys, ".")[0] == 0


def test_setup_cfg_exclude_applies_to_named_files(project, capsys):
    write(project / "setup.cfg", "[enablex-authcheck]\nexclude = vendor/\n")
    write(project / "vendor" / "app.py", BAD_PY)
    assert scan(capsys, "vendor/app.py")[0] == 0


def test_pyproject_select(project, capsys):
    write(project / "pyproject.toml", '[tool.enablex-authcheck]\nselect = ["SRC603"]\n')
    write(project / "app.py", BAD_PY)
    assert scan(capsys, ".")[0] == 0
    write(project / "client.py", 'URL = "http://api.enablex.io/voice/v1/call"\n')
    assert scan(capsys, ".")[0] == 1


def test_config_found_from_subdirectory(project, capsys, monkeypatch):
    git(project, "init", "-q")
    write(project / "setup.cfg", "[enablex-authcheck]\nexclude = /legacy/\n")
    write(project / "src" / "legacy" / "app.py", BAD_PY)
    write(project / "legacy" / "app.py", BAD_PY)
    monkeypatch.chdir(project / "src")
    assert scan(capsys, ".")[0] == 1
    monkeypatch.chdir(project)
    assert scan(capsys, "legacy")[0] == 0


def test_cli_select_and_ignore(project, capsys):
    write(project / "app.py", BAD_PY + 'URL = "http://api.enablex.io/voice/v1/call"\n')
    _, out, _ = scan(capsys, ".", "--select", "SRC603", "--format", "json")
    assert [finding["code"] for finding in json.loads(out)["findings"]] == ["SRC603"]
    _, out, _ = scan(capsys, ".", "--ignore", "SRC601,SRC603", "--format", "json")
    assert json.loads(out)["findings"] == []


@pytest.mark.parametrize("name,content,message", [
    pytest.param("setup.cfg", "[enablex-authcheck]\nselect = AUTH101\n", "'AUTH101' is not a scan rule code", id="foreign-code"),
    pytest.param("setup.cfg", "[enablex-authcheck]\nexclud = x\n", "unknown setting 'exclud'", id="unknown-key"),
    pytest.param("setup.cfg", "[enablex-authcheck\nselect = SRC6\n", "is not a valid setup.cfg", id="broken-ini"),
    pytest.param("pyproject.toml", "[tool.enablex-authcheck]\nselect = [\n", "is not valid TOML", id="broken-toml"),
    pytest.param("pyproject.toml", "[tool.enablex-authcheck]\nselect = 6\n", "select must be a string or a list", id="wrong-type"),
])
def test_invalid_config_is_usage_error(project, capsys, name, content, message):
    write(project / name, content)
    status, _, err = scan(capsys, ".")
    assert status == 2
    assert message in err


def test_explicit_config_without_section(project, capsys):
    write(project / "other.cfg", "[flake8]\nmax-line-length = 100\n")
    status, _, err = scan(capsys, ".", "--config", "other.cfg")
    assert status == 2
    assert "has no [enablex-authcheck] section" in err


def test_invalid_cli_code_is_usage_error(project, capsys):
    status, _, err = scan(capsys, ".", "--select", "SRC7")
    assert status == 2
    assert "--select: 'SRC7' is not a scan rule code" in err


# Git: staged content and history

def test_staged_reads_index_not_work_tree(repository, capsys):
    write(repository / "app.py", BAD_PY)
    git(repository, "add", "app.py")
    write(repository / "app.py", "x = 1\n")
    write(repository / "unstaged.py", BAD_PY)
    status, out, _ = scan(capsys, "--staged")
    assert status == 1
    assert out.startswith("app.py:1:12: SRC601")
    assert "unstaged.py" not in out


def test_staged_clean_index_passes(repository, capsys):
    write(repository / "app.py", "x = 1\n")
    git(repository, "add", "app.py")
    write(repository / "app.py", BAD_PY)
    assert scan(capsys, "--staged")[0] == 0


def test_staged_outside_repository_is_usage_error(project, capsys):
    status, _, err = scan(capsys, "--staged")
    assert status == 2
    assert "error: git rev-parse failed" in err


def test_history_finds_removed_key(repository, capsys):
    write(repository / "config.py", "import os\n" + BAD_PY)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "add config")
    first = git(repository, "rev-parse", "HEAD")
    write(repository / "config.py", 'import os\nAPP_KEY = os.environ["ENABLEX_APP_KEY"]\n')
    git(repository, "commit", "-q", "-am", "read the key from the environment")

    assert scan(capsys, ".")[0] == 0
    status, out, _ = scan(capsys, "--history", "--format", "json")
    [finding] = json.loads(out)["findings"]
    assert status == 1
    assert finding["location"] == {"path": "config.py", "commit": first, "line": 2, "column": 12}
    assert finding["fix"].startswith("Regenerate the App Key in the EnableX portal now: git history keeps")
    assert APP_KEY not in out


@pytest.mark.parametrize("text,regenerate", [
    pytest.param(f'URL = "https://{APP_ID}:{APP_KEY}@api.enablex.io/voice/v1/call"\n', True, id="literal-password"),
    pytest.param('URL = f"https://{app_id}:{app_key}@api.enablex.io/voice/v1/call"\n', False, id="interpolated"),
])
def test_history_fix_for_url_credentials(repository, capsys, text, regenerate):
    write(repository / "client.py", text)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "one")
    _, out, _ = scan(capsys, "--history", "--select", "SRC604", "--format", "json")
    [finding] = json.loads(out)["findings"]
    assert finding["fix"].startswith("Regenerate the App Key") is regenerate


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_git_modes_show_no_secret(repository, capsys, output_format):
    token = base64.b64encode(f"{APP_ID}:{APP_KEY}".encode()).decode()
    write(repository / "client.py", BAD_PY + f'H = {{"Authorization": "Basic {token}"}}\n')
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "one")
    write(repository / "client.py", "x = 1\n")
    git(repository, "commit", "-q", "-am", "two")
    write(repository / "client.py", BAD_PY)
    git(repository, "add", ".")
    for mode in ("--history", "--staged"):
        status, out, err = scan(capsys, mode, "-v", "--format", output_format)
        assert status == 1
        for secret in (APP_KEY, token, f"{APP_ID}:{APP_KEY}"):
            assert secret not in out + err


def test_history_reports_first_commit_once(repository, capsys):
    write(repository / "config.py", BAD_PY)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "one")
    first = git(repository, "rev-parse", "HEAD")
    write(repository / "config.py", "# moved\n" + BAD_PY)
    git(repository, "commit", "-q", "-am", "two")
    _, out, _ = scan(capsys, "--history", "--format", "json")
    findings = json.loads(out)["findings"]
    assert [finding["location"]["commit"] for finding in findings] == [first]


def test_history_finds_key_added_in_merge(repository, capsys):
    write(repository / "config.py", "x = 1\n")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "base")
    git(repository, "checkout", "-q", "-b", "feature")
    write(repository / "feature.py", "y = 2\n")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "feature")
    git(repository, "checkout", "-q", "-")
    git(repository, "merge", "-q", "--no-ff", "--no-commit", "feature")
    write(repository / "config.py", "x = 1\n" + BAD_PY)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "merge feature")
    merge = git(repository, "rev-parse", "HEAD")
    _, out, _ = scan(capsys, "--history", "--format", "json")
    [finding] = json.loads(out)["findings"]
    assert finding["location"]["commit"] == merge
    assert finding["location"]["path"] == "config.py"


def test_history_limited_to_paths(repository, capsys):
    write(repository / "src" / "config.py", BAD_PY)
    write(repository / "docs" / "notes.py", BAD_PY)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "one")
    _, out, _ = scan(capsys, "--history", "docs", "--format", "json")
    paths = [finding["location"]["path"] for finding in json.loads(out)["findings"]]
    assert paths == ["docs/notes.py"]


def test_history_since_skips_older_commits(repository, capsys):
    write(repository / "config.py", BAD_PY)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "one")
    first = git(repository, "rev-parse", "HEAD")
    write(repository / "notes.txt", "clean\n")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "two")
    assert scan(capsys, "--history", "--since", first)[0] == 0


def test_history_text_names_commit(repository, capsys):
    write(repository / "config.py", BAD_PY)
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "one")
    first = git(repository, "rev-parse", "HEAD")
    _, out, _ = scan(capsys, "--history")
    assert f"(commit {first[:12]})" in out.splitlines()[0]


def test_history_unknown_since_is_usage_error(repository, capsys):
    write(repository / "a.txt", "x\n")
    git(repository, "add", ".")
    git(repository, "commit", "-q", "-m", "one")
    status, _, err = scan(capsys, "--history", "--since", "no-such-branch")
    assert status == 2
    assert "--since 'no-such-branch' is not a commit" in err


@pytest.mark.parametrize("arguments,message", [
    pytest.param(("--staged", "--history"), "--staged and --history cannot be combined", id="staged-and-history"),
    pytest.param(("--since", "HEAD"), "--since needs --history", id="since-alone"),
])
def test_conflicting_options_are_usage_errors(repository, capsys, arguments, message):
    status, _, err = scan(capsys, *arguments)
    assert status == 2
    assert message in err


def test_sarif_report_in_tree_is_not_rescanned(tmp_path, monkeypatch):
    from cli_support import run_cli

    monkeypatch.chdir(tmp_path)
    (tmp_path / "settings.py").write_text('APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"\n', encoding="utf-8")
    first = run_cli(["scan", "--format", "sarif", "."])
    (tmp_path / "out.sarif").write_text(first.stdout, encoding="utf-8")
    again = run_cli(["scan", "--format", "json", "."])
    assert [finding["location"]["path"] for finding in again.json()["findings"]] == ["settings.py"]
