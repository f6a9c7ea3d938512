"""SARIF output validated against the OASIS SARIF 2.1.0 schema, in the shape GitHub code scanning reads."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest

from checker.findings import Location
from checker.output import sarif
from checker.registry import make_finding
from checker.report import Report

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def sample_report() -> Report:
    findings = [
        make_finding("SRC601", "App Key literal assigned to APP_KEY",
                     Location("server/app.py", 5, 12), "App Key length 30, sha256:7d5417cc", "sha256:0123456789abcdef"),
        make_finding("SRC612", "the shell expands '$' inside this credential",
                     Location("scripts/call me.sh", 3, 9), None, "sha256:fedcba9876543210"),
        make_finding("SRC601", "App Key literal assigned to APP_KEY",
                     Location("old/config.py", 2, 1, commit="a" * 40), None, "sha256:1111111111111111"),
    ]
    return Report(command="scan", findings=findings)


@pytest.fixture
def document() -> dict:
    return json.loads(sarif.render(sample_report()))


def test_sarif_validates_against_oasis_schema(document):
    jsonschema.Draft4Validator.check_schema(SCHEMA)
    errors = list(jsonschema.Draft4Validator(SCHEMA).iter_errors(document))
    assert errors == []


def test_sarif_empty_report_validates():
    document = json.loads(sarif.render(Report(command="scan")))
    assert list(jsonschema.Draft4Validator(SCHEMA).iter_errors(document)) == []
    assert document["runs"][0]["results"] == []


def test_sarif_driver_lists_every_src_rule(document):
    rules = document["runs"][0]["tool"]["driver"]["rules"]
    from checker.rules import src

    assert [rule["id"] for rule in rules] == list(src.CODES)
    assert rules[0]["id"] == "SRC601"
    assert all(rule["help"]["text"] and rule["shortDescription"]["text"] for rule in rules)


def test_sarif_result_points_at_its_rule(document):
    run = document["runs"][0]
    result = run["results"][0]
    assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"] == "SRC601"
    assert result["level"] == "error"
    assert run["results"][1]["level"] == "warning"


def test_sarif_location_is_relative_with_region(document):
    location = document["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "server/app.py", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {"startLine": 5, "startColumn": 12}


def test_sarif_uri_is_percent_encoded(document):
    uri = document["runs"][0]["results"][1]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "scripts/call%20me.sh"


def test_sarif_fingerprint_is_secret_hash(document):
    result = document["runs"][0]["results"][0]
    assert result["partialFingerprints"] == {"secretHash/v1": "sha256:0123456789abcdef"}


def test_sarif_history_result_names_commit(document):
    assert document["runs"][0]["results"][2]["properties"] == {"commit": "a" * 40}


def test_sarif_security_severity_for_github(document):
    rules = {rule["id"]: rule for rule in document["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["SRC601"]["properties"]["security-severity"] == "8.0"
    assert rules["SRC612"]["properties"]["security-severity"] == "4.0"
    assert float(rules["SRC601"]["properties"]["security-severity"]) <= 10
