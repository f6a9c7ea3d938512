"""The fixture tree of real integration mistakes, scanned as a user would scan a project."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "scan_tree"
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"
TOKEN = "NWYxZTk5YmY5MGNlM2MzYzBjNTJlNjQ2OlJ5M3VFdXJ5ZGVTeVR1UmVYYUR1TWU5dTd5c2FzYQ=="

EXPECTED = {
    "config/enablex.yaml": ["SRC601"],
    "deploy/production.env": ["SRC611"],
    "docs/troubleshooting.md": ["SRC603", "SRC608", "SRC609", "SRC610"],
    "public/js/dialer.js": ["SRC606"],
    "scripts/make_call.sh": ["SRC612"],
    "server/csharp/VoiceClient.cs": ["SRC604"],
    "server/go/voice.go": ["SRC607", "SRC610"],
    "server/java/VoiceClient.java": ["SRC608"],
    "server/kotlin/VoiceApi.kt": ["SRC608"],
    "server/node/call.js": ["SRC605", "SRC610"],
    "server/php/VoiceCall.php": ["SRC602", "SRC610"],
    "server/python/legacy_token.py": ["SRC607", "SRC608"],
    "server/python/voice_client.py": ["SRC601", "SRC610"],
    "server/ruby/voice.rb": ["SRC603", "SRC608"],
    "web/call.html": ["SRC606"],
}

CLEAN = [
    ".env.example",
    "README.md",
    "config/enablex.example.json",
    "deploy/laravel.env",
    "public/js/good_dialer.js",
    "scripts/check_call.sh",
    "server/go/good_voice.go",
    "server/java/GoodVoiceClient.java",
    "server/node/good_call.js",
    "server/php/GoodVoiceCall.php",
    "server/python/good_client.py",
]


@pytest.fixture(scope="module")
def tree(tmp_path_factory) -> Path:
    """Copy the fixture tree out of this repository, whose config excludes tests/fixtures."""
    copy = tmp_path_factory.mktemp("project") / "scan_tree"
    shutil.copytree(FIXTURE, copy)
    subprocess.run(["git", "init", "-q", str(copy)], check=True)
    return copy


def run_scan(*arguments: str, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "checker", "scan", *arguments],
        cwd=cwd, capture_output=True, text=True, timeout=120,
    )


@pytest.fixture(scope="module")
def tree_report(tree) -> dict:
    completed = run_scan(".", "--format", "json", cwd=tree)
    assert completed.returncode == 1, completed.stderr
    return json.loads(completed.stdout)


@pytest.fixture(scope="module")
def codes_by_path(tree_report) -> dict[str, list[str]]:
    found = defaultdict(set)
    for finding in tree_report["findings"]:
        found[finding["location"]["path"]].add(finding["code"])
    return {path: sorted(codes) for path, codes in found.items()}


def test_tree_lists_every_file():
    on_disk = {path.relative_to(FIXTURE).as_posix() for path in FIXTURE.rglob("*") if path.is_file()}
    assert on_disk == set(EXPECTED) | set(CLEAN)


@pytest.mark.parametrize("path", sorted(EXPECTED))
def test_tree_flags_bad_file(codes_by_path, path):
    assert codes_by_path.get(path) == EXPECTED[path]


@pytest.mark.parametrize("path", CLEAN)
def test_tree_clean_file_has_no_finding(codes_by_path, path):
    assert path not in codes_by_path


def test_tree_report_validates(tree_report):
    from checker import schema

    schema.validate(tree_report, "report.schema.json")
    assert tree_report["command"] == "scan"
    assert tree_report["summary"]["exit_code"] == 1


@pytest.mark.parametrize("output_format", ["text", "json", "sarif", "github"])
def test_tree_output_shows_no_secret(tree, output_format):
    completed = run_scan(".", "--format", output_format, "-v", cwd=tree)
    printed = completed.stdout + completed.stderr
    assert completed.returncode == 1
    for secret in (APP_KEY, TOKEN, TOKEN.rstrip("="), f"5f1e99bf90ce3c3c0c52e646:{APP_KEY}"):
        assert secret not in printed


def test_tree_sarif_validates(tree):
    import jsonschema

    schema_path = Path(__file__).parent / "data" / "sarif-schema-2.1.0.json"
    completed = run_scan(".", "--format", "sarif", cwd=tree)
    document = json.loads(completed.stdout)
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    assert list(jsonschema.Draft4Validator(schema).iter_errors(document)) == []
    assert len(document["runs"][0]["results"]) == sum(len(codes) for codes in EXPECTED.values())


def test_tree_paths_relative_to_directory_argument(tree):
    completed = run_scan(str(tree), "--format", "json", cwd=tree.parent)
    paths = {finding["location"]["path"] for finding in json.loads(completed.stdout)["findings"]}
    assert "server/python/voice_client.py" in paths
    assert not any(path.startswith(("/", "scan_tree")) for path in paths)


def test_tree_keeps_public_when_rooted_inside(tree):
    completed = run_scan("js", "--format", "json", cwd=tree / "public")
    findings = json.loads(completed.stdout)["findings"]
    assert [finding["code"] for finding in findings] == ["SRC606"]
    assert findings[0]["location"]["path"] == "dialer.js"
