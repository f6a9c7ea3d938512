"""`scan` on awkward trees: huge files, long lines, odd encodings, binaries, unreadable
files, symbolic links, vanishing directories and FIFOs.

Each test checks that the rest of the tree is still scanned, so the key in
settings.py is reported. It also checks that -v names each skipped file, that
the exit status follows the findings (never 2) and that no traceback is shown.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from cli_support import run_cli
from checker.scan import engine, walker

APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"
OTHER_KEY = "Zq8wPlmnBvCx7TyuIoKj5HgfDsAe2R"
KEY_FILE = f'APP_KEY = "{APP_KEY}"\n'
PNG_HEADER = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    root = tmp_path / "project"
    root.mkdir()
    (root / "settings.py").write_text(KEY_FILE, encoding="utf-8")
    monkeypatch.chdir(root)
    return root


def scan_verbose(*paths: str):
    result = run_cli(["scan", "-v", *(paths or (".",))])
    assert "Traceback" not in result.output
    return result


def assert_key_file_flagged(result) -> None:
    assert result.exit_code == 1, result.output
    assert "settings.py:1:12: SRC601" in result.stdout
    assert APP_KEY not in result.output


def run_in_subprocess(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    """Run the CLI in a child process, so a scan that blocks fails the test instead of hanging it."""
    completed = subprocess.run([sys.executable, "-m", "checker", "scan", "-v", *arguments], cwd=cwd,
                               capture_output=True, text=True, timeout=60)
    assert "Traceback" not in completed.stdout + completed.stderr
    return completed


# 1. A file over the size limit

def test_200_mb_file_skipped_by_size(project):
    with open(project / "dump.sql", "wb") as handle:
        handle.write(b"-- enablex app_key\n")
        handle.truncate(200 * 1024 * 1024)

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "skipped dump.sql: larger than the size limit (209715200 > 2097152 bytes)" in result.stderr


def test_size_limit_note_without_verbose(project):
    with open(project / "dump.sql", "wb") as handle:
        handle.write(b"x")
        handle.truncate(200 * 1024 * 1024)

    result = run_cli(["scan"])

    assert_key_file_flagged(result)
    assert "note: 1 file(s) skipped; rerun with -v to list them" in result.stderr


# 2. A 1 MB line that the regular expressions must run on

def test_one_megabyte_line_scanned(project):
    pieces = ["enablex ", "Basic ", "app_key", "=", '"', "QWxhZGRpbjpvcGVuIHNlc2FtZQ", "+/", "x9Yz" * 20, " "]
    line = ("".join(pieces) * (1_000_000 // len("".join(pieces)) + 1))[:1_000_000]
    (project / "long.py").write_text(line + "\n", encoding="utf-8")

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "skipped" not in result.stderr.replace("binary file(s) skipped", "")
    assert "scanned 2 file(s)" in result.stderr


@pytest.mark.parametrize("line", [
    "app_key=" + "A" * 1_000_000,
    "Basic " + "A" * 1_000_000,
    "app_key=" * 125_000,
    ('enablex "' + "A" * 70) * 12_500,
], ids=["key-name-then-run", "basic-then-run", "repeated-names", "quoted-runs"])
def test_adversarial_megabyte_line_completes(project, line):
    (project / "long.py").write_text(line + "\n", encoding="utf-8")

    result = scan_verbose()

    assert result.exit_code in (0, 1), result.output
    assert "settings.py:1:12: SRC601" in result.stdout
    assert "scanned 2 file(s)" in result.stderr


# 3. Encodings other than UTF-8

def test_latin1_file_scanned(project):
    (project / "legacy.py").write_bytes("# enablex café, clé\napp_key = load()\n".encode("latin-1"))

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "scanned 2 file(s)" in result.stderr


def test_key_after_invalid_utf8_found(project):
    (project / "mixed.py").write_bytes(
        "# réglages\n".encode("utf-8") + b"\xff\xfe\x80 \xc3( broken\n" + f'APP_KEY = "{OTHER_KEY}"\n'.encode()
    )

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "mixed.py:3:12: SRC601" in result.stdout
    assert OTHER_KEY not in result.output


def test_utf16_bom_key_found(project):
    (project / "config.ps1.py").write_bytes(f'APP_KEY = "{OTHER_KEY}"\r\n'.encode("utf-16"))

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "config.ps1.py:1:12: SRC601" in result.stdout
    assert "0 binary file(s) skipped" in result.stderr


def test_cp1252_smart_quotes_scan_continues(project):
    # The quotes decode to U+FFFD and the scan goes on.
    # NOTE: SRC601 does not report this key, because its pattern accepts only ASCII quotes.
    (project / "pasted.py").write_bytes(b"APP_KEY = \x93" + OTHER_KEY.encode() + b"\x94\n")

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "scanned 2 file(s)" in result.stderr
    assert OTHER_KEY not in result.output


# 4. Binary files

def test_png_skipped_as_binary(project):
    (project / "logo.png").write_bytes(PNG_HEADER + f'enablex APP_KEY = "{OTHER_KEY}"'.encode())

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "logo.png" not in result.stdout
    assert "scanned 1 file(s); 1 binary file(s) skipped" in result.stderr


# 5. Unreadable files

def test_unreadable_file_noted(project, monkeypatch):
    secret = project / "secret.py"
    secret.write_text(f'APP_KEY = "{OTHER_KEY}"\n', encoding="utf-8")
    real_open = open

    def denying_open(path, *arguments, **keywords):
        if os.fspath(path).endswith("secret.py"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_open(path, *arguments, **keywords)

    monkeypatch.setattr(engine, "open", denying_open, raising=False)

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "skipped secret.py: cannot be read (Permission denied)" in result.stderr
    assert "secret.py:" not in result.stdout


def test_unlistable_directory_noted(project, monkeypatch):
    (project / "locked").mkdir()
    (project / "locked" / "app.py").write_text(f'APP_KEY = "{OTHER_KEY}"\n', encoding="utf-8")
    real_scandir = os.scandir

    def denying_scandir(path="."):
        if isinstance(path, str) and path.endswith("locked"):
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", denying_scandir)

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "skipped locked: cannot be listed (Permission denied)" in result.stderr


# 6. Symbolic links

def test_symlink_loop_and_dangling_link(project):
    (project / "pkg").mkdir()
    (project / "pkg" / "clean.py").write_text("import os\n", encoding="utf-8")
    os.symlink("..", project / "pkg" / "up")
    os.symlink("missing.py", project / "dangling.py")

    result = run_in_subprocess(cwd=project)

    assert result.returncode == 1, result.stderr
    assert "settings.py:1:12: SRC601" in result.stdout
    assert "skipped pkg/up: symbolic link loop: this directory is already being walked" in result.stderr
    assert "skipped dangling.py: cannot be read (broken symbolic link)" in result.stderr


def test_self_loop_link_as_argument(project):
    os.symlink("loop", project / "loop")

    result = scan_verbose("loop", "settings.py")

    assert_key_file_flagged(result)
    assert "skipped loop: cannot be read" in result.stderr


# 7. Things that vanish during the scan

def test_directory_vanishing_during_walk(project, monkeypatch):
    (project / "gone").mkdir()
    (project / "gone" / "app.py").write_text(f'APP_KEY = "{OTHER_KEY}"\n', encoding="utf-8")
    (project / "zzz.py").write_text(f'app_key = "{OTHER_KEY}"\n', encoding="utf-8")
    real_scandir = os.scandir

    def vanishing_scandir(path="."):
        if isinstance(path, str) and path.endswith("gone"):  # rmtree lists by file descriptor
            shutil.rmtree(path)
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", vanishing_scandir)

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "zzz.py:1:" in result.stdout
    assert "gone/app.py" not in result.stdout
    assert "skipped gone: cannot be listed (No such file or directory)" in result.stderr


def test_file_vanishing_before_read(project, monkeypatch):
    (project / "temp.py").write_text(f'APP_KEY = "{OTHER_KEY}"\n', encoding="utf-8")
    real_collect = walker.collect

    def collect_then_delete(paths, options):
        collected = real_collect(paths, options)
        os.remove(project / "temp.py")
        return collected

    monkeypatch.setattr(walker, "collect", collect_then_delete)

    result = scan_verbose()

    assert_key_file_flagged(result)
    assert "skipped temp.py: cannot be read (No such file or directory)" in result.stderr


# 8. FIFOs

def test_fifo_in_tree_not_blocking(project):
    os.mkfifo(project / "pipe")

    result = run_in_subprocess(cwd=project)

    assert result.returncode == 1, result.stderr
    assert "settings.py:1:12: SRC601" in result.stdout
    assert "skipped pipe: not a regular file" in result.stderr


def test_fifo_argument_not_blocking(project):
    # Regression: a FIFO named on the command line was opened and the scan waited for a writer.
    os.mkfifo(project / "pipe")

    result = run_in_subprocess("pipe", "settings.py", cwd=project)

    assert result.returncode == 1, result.stderr
    assert "settings.py:1:12: SRC601" in result.stdout
    assert "skipped pipe: not a regular file" in result.stderr
