"""Tickets written the way customers paste them: the first line of the report must name the cause."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from cli_support import run_cli

TICKETS = Path(__file__).parent / "data" / "tickets"
EXPECTED = json.loads((TICKETS / "expected.json").read_text(encoding="utf-8"))
# The credentials used throughout the tickets; they belong to no real project.
TICKET_KEYS = ("Qm7Zt2LxVb9NcR4sWp8YhK3dFj6GuE", "Qm7Zt2Lx$Vb9NcR4sWp8YhK3dFj6Gu")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ticket_lead_and_exit(name):
    expected = EXPECTED[name]
    result = run_cli(["diagnose", "--format", "json", str(TICKETS / name)])
    report = result.json()

    assert report["diagnosis"]["lead"] == expected["lead"], report["diagnosis"]["summary"]
    assert result.exit_code == expected["exit"]
    for word in expected["headline"]:
        assert word.lower() in report["diagnosis"]["summary"].lower()


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_ticket_text_first_line(name):
    expected = EXPECTED[name]
    result = run_cli(["diagnose", str(TICKETS / name)])
    first_line = result.stdout.splitlines()[0]

    assert first_line.startswith("Diagnosis: ")
    for word in expected["headline"]:
        assert word.lower() in first_line.lower()


@pytest.mark.parametrize("name", sorted(EXPECTED))
@pytest.mark.parametrize("output_format", ["text", "json", "markdown"])
def test_ticket_hides_key(name, output_format):
    result = run_cli(["diagnose", "--format", output_format, "-v", str(TICKETS / name)])

    for key in TICKET_KEYS:
        assert key not in result.output
    assert not re.search(r"[0-9a-f]{24}:", result.output), "a decoded id:key pair was printed"


def test_ticket_fingerprint_in_markdown():
    result = run_cli(["diagnose", "--format", "markdown", str(TICKETS / "email-403-good-header.txt")])

    assert "sha256:" in result.stdout
    assert "length 30" in result.stdout
    assert "`64a1…1f27`" in result.stdout
