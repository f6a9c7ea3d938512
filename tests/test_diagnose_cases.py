"""The catalogue of real failure kinds: each paste must produce its codes, and show no secret."""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest

from checker import schema
from checker.diagnose.analyze import analyze_text
from cli_support import run_cli

SHARED_CASES = Path(__file__).parent.parent.parent / "shared" / "cases" / "diagnose.json"
VENDORED_CASES = Path(__file__).parent / "data" / "cases_diagnose.json"


def load_cases() -> list[dict]:
    path = SHARED_CASES if SHARED_CASES.is_file() else VENDORED_CASES
    return json.loads(path.read_text(encoding="utf-8"))


CASES = load_cases()


def secrets_in(text: str) -> set[str]:
    """Return the tokens, keys and decoded pairs a case's input contains, as output must never show them."""
    found = set()
    for token in re.findall(r"(?i)basic[ :=]+([A-Za-z0-9+/=_-]{16,})", text):
        found.add(token)
        try:
            decoded = base64.b64decode(token + "=" * (-len(token) % 4)).decode("utf-8")
        except ValueError:
            continue
        if ":" in decoded:
            found.add(decoded)
            found.add(decoded.split(":", 1)[1].strip())
    for pair in re.findall(r"[0-9a-f]{24}:[A-Za-z0-9]{20,}", text):
        found.add(pair)
        found.add(pair.split(":", 1)[1])
    for key in re.findall(r"(?i)bearer\s+([A-Za-z0-9]{20,})", text):
        found.add(key)
    for key in re.findall(r"ENABLEX_APP_KEY=[\"“]?([A-Za-z0-9]{20,})", text):
        found.add(key)
    return {value for value in found if len(value) >= 8}


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case_expected_codes(case):
    diagnosis = analyze_text(case["input"], "<stdin>")
    codes = [finding.code for finding in diagnosis.findings]

    for code in case["expect"]:
        assert code in codes, f"{case['id']}: expected {code}, got {codes}"
    for prefix in case.get("forbid", []):
        assert not [code for code in codes if code.startswith(prefix)], f"{case['id']}: forbidden {prefix} in {codes}"
    if case.get("no_errors"):
        assert not [finding.code for finding in diagnosis.findings if finding.is_error]


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_case_output_hides_secrets(case, output_format):
    result = run_cli(["diagnose", "--format", output_format, "-v"], input=case["input"].encode("utf-8"))

    assert result.exit_code in (0, 1, 3), result.output
    for secret in secrets_in(case["input"]):
        assert secret not in result.output, f"{case['id']}: a secret leaked into {output_format} output"


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_case_json_report_validates(case):
    result = run_cli(["diagnose", "--format", "json"], input=case["input"].encode("utf-8"))
    report = result.json()

    schema.validate(report, "report.schema.json")
    assert report["command"] == "diagnose"
    assert report["summary"]["exit_code"] == result.exit_code
    for code in case["expect"]:
        assert code in [finding["code"] for finding in report["findings"]]


def test_vendored_cases_match_shared():
    if not SHARED_CASES.is_file():
        pytest.skip("no upstream case catalogue beside this clone to compare with; the vendored copy in tests/data ran")
    assert json.loads(VENDORED_CASES.read_text(encoding="utf-8")) == json.loads(SHARED_CASES.read_text(encoding="utf-8"))
