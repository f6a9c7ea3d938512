"""Unusable and unusual input: a clear message and exit 2, or a report; never a traceback."""

from __future__ import annotations

import json
import os

import pytest

from cli_support import run_cli

APP_ID = "64a1f0c2b7e94d3a8c5e1f27"
APP_KEY = "Qm7Zt2LxVb9NcR4sWp8YhK3dFj6GuE"
GOOD_HEADER = "Authorization: Basic NjRhMWYwYzJiN2U5NGQzYThjNWUxZjI3OlFtN1p0Mkx4VmI5TmNSNHNXcDhZaEszZEZqNkd1RQ=="


def assert_clean_failure(result, *words):
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert "internal error" not in result.output
    for word in words:
        assert word in result.output


@pytest.mark.parametrize("data", [b"", b"   \n\t\r\n", "\ufeff".encode("utf-8")], ids=["empty", "blank", "bom-only"])
def test_empty_input_rejected(data):
    result = run_cli(["diagnose"], input=data)

    assert_clean_failure(result, "is empty")


def test_binary_input_rejected():
    result = run_cli(["diagnose"], input=bytes(range(256)) * 8)

    assert_clean_failure(result, "binary")


def test_binary_without_nul_rejected():
    noise = bytes(value for value in range(1, 32) if value not in (9, 10, 12, 13)) * 40

    assert_clean_failure(run_cli(["diagnose"], input=noise), "binary")


def test_gzip_input_rejected():
    import gzip

    result = run_cli(["diagnose"], input=gzip.compress(GOOD_HEADER.encode()))

    assert_clean_failure(result)
    assert "gunzip" in result.output or "binary" in result.output


def test_oversized_paste_rejected():
    paste = (GOOD_HEADER + "\n").encode() * (50 * 1024 * 1024 // (len(GOOD_HEADER) + 1) + 1)

    result = run_cli(["diagnose"], input=paste)

    assert_clean_failure(result, "larger than 32 MiB")


def test_oversized_file_rejected(tmp_path):
    path = tmp_path / "big.har"
    with open(path, "wb") as stream:
        stream.truncate(50 * 1024 * 1024)

    assert_clean_failure(run_cli(["diagnose", str(path)]), "larger than 32 MiB")


def test_invalid_har_json_rejected():
    text = '{"log": {"version": "1.2", "entries": [{"request": {"method": "GET",}]}}'

    result = run_cli(["diagnose"], input=text.encode())

    assert_clean_failure(result, "HAR", "not valid JSON", "line 1")


def test_har_missing_fields_rejected():
    document = {"log": {"entries": [{"request": {"method": "GET", "headers": []}, "response": {"status": 401, "headers": []}}]}}

    result = run_cli(["diagnose"], input=json.dumps(document).encode())

    assert_clean_failure(result, "not a HAR 1.2 file", "'url' is a required property")


def test_har_without_voice_entries_reports_nothing():
    document = {"log": {"entries": [{"request": {"method": "GET", "url": "https://cdn.example.org/a.js", "headers": []},
                                     "response": {"status": 200, "headers": []}}]}}

    result = run_cli(["diagnose"], input=json.dumps(document).encode())

    assert_clean_failure(result, "Nothing relevant found", "1 entries")


def test_unbalanced_quote_reported():
    command = f"curl -u '{APP_ID}:{APP_KEY} https://api.enablex.io/voice/v1/call"

    result = run_cli(["diagnose"], input=command.encode())

    assert "Traceback" not in result.output
    assert "never closes" in result.output
    assert APP_KEY not in result.output


def test_unbalanced_double_quote_multiline():
    command = 'curl https://api.enablex.io/voice/v1/call \\\n  -H "Authorization: Basic abc\n'

    result = run_cli(["diagnose", "--format", "json"], input=command.encode())

    assert "Traceback" not in result.output
    assert any("never closes" in note for note in result.json().get("notes", []))


def test_prose_only_reports_nothing():
    result = run_cli(["diagnose"], input=b"Hello, calls fail since yesterday. Please help.\n")

    assert_clean_failure(result, "Nothing relevant found")


def test_prose_only_json_report():
    result = run_cli(["diagnose", "--format", "json"], input=b"Hello, calls fail since yesterday.\n")

    assert result.exit_code == 2
    assert result.json()["summary"]["exit_code"] == 2
    assert result.json()["diagnosis"]["lead"] is None


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-8-sig"])
def test_unicode_encodings_read(encoding):
    text = "Bonjour, voici l'en-tête :\n" + GOOD_HEADER.replace("Basic", "basic") + "\n"

    result = run_cli(["diagnose", "--format", "json"], input=text.encode(encoding))

    assert result.exit_code == 1, result.output
    assert "AUTH103" in [finding["code"] for finding in result.json()["findings"]]


def test_windows_1252_read():
    text = "Grüße – the header: " + GOOD_HEADER.replace("Basic", "Bearer") + "\n"

    result = run_cli(["diagnose", "--format", "json"], input=text.encode("cp1252"))

    assert "AUTH102" in [finding["code"] for finding in result.json()["findings"]]


def test_missing_file_rejected(tmp_path):
    assert_clean_failure(run_cli(["diagnose", str(tmp_path / "nope.txt")]), "not found")


def test_directory_rejected(tmp_path):
    assert_clean_failure(run_cli(["diagnose", str(tmp_path)]), "is a directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_rejected(tmp_path):
    path = tmp_path / "ticket.txt"
    path.write_text(GOOD_HEADER)
    path.chmod(0)

    assert_clean_failure(run_cli(["diagnose", str(path)]), "permission denied")


def test_unknown_kind_rejected():
    result = run_cli(["diagnose", "--kind", "pdf"], input=GOOD_HEADER.encode())

    assert result.exit_code == 2
    assert "pdf" in result.output


def test_kind_override_reads_whole_input():
    text = "ENABLEX_APP_ID=" + APP_ID + "\nENABLEX_APP_KEY=" + APP_KEY + " # from the portal\n"

    result = run_cli(["diagnose", "--kind", "env", "--format", "json"], input=text.encode())

    assert "ENV303" in [finding["code"] for finding in result.json()["findings"]]
    assert APP_KEY not in result.output


def test_cli_kinds_match_readers():
    from checker.cli.diagnose import KINDS
    from checker.readers.pieces import KINDS as READER_KINDS

    assert KINDS == READER_KINDS
