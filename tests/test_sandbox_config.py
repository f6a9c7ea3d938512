"""Sandbox config loading: the schema, the defaults, and errors that name the problem."""

from __future__ import annotations

import json

import pytest

from checker.sandbox import SandboxError, load_config, parse_config
from sandbox_support import APP_ID, APP_KEY, EXAMPLE_CONFIG_PATH, example_config

pytestmark = pytest.mark.sandbox


def project(**fields) -> dict:
    return {"app_id": APP_ID, "app_key": APP_KEY, **fields}


def test_example_config_is_valid():
    config = load_config(EXAMPLE_CONFIG_PATH)

    assert config["projects"][0]["app_id"] == APP_ID
    assert {entry["account"] for entry in config["projects"]} == {"active", "suspended", "no_balance"}


def test_defaults_are_filled_in():
    config = parse_config({"projects": [project()]})

    assert config["faults"] == []
    assert config["projects"][0] == {
        "app_id": APP_ID, "app_key": APP_KEY, "previous_keys": [], "voice_enabled": True,
        "account": "active", "domains": [], "token_null": False,
    }


def test_parse_config_leaves_input_unchanged():
    document = {"projects": [project()]}

    parse_config(document)

    assert document == {"projects": [project()]}


def test_empty_project_list_is_valid():
    assert parse_config({"projects": []})["projects"] == []


INVALID_CASES = [
    pytest.param([], "at $:", "is not of type 'object'", id="top-level-list"),
    pytest.param({}, "at $:", "'projects' is a required property", id="projects-missing"),
    pytest.param({"projects": [], "extra": 1}, "at $:", "'extra' was unexpected", id="unknown-top-level-key"),
    pytest.param({"projects": {}}, "at $.projects:", "is not of type 'array'", id="projects-not-list"),
    pytest.param({"projects": [{"app_key": APP_KEY}]}, "at $.projects[0]:", "'app_id' is a required", id="app-id-missing"),
    pytest.param({"projects": [{"app_id": APP_ID}]}, "at $.projects[0]:", "'app_key' is a required", id="app-key-missing"),
    pytest.param({"projects": [project(app_id="")]}, "at $.projects[0].app_id:", "non-empty", id="app-id-empty"),
    pytest.param({"projects": [project(app_id="a:b")]}, "at $.projects[0].app_id:", "must not contain ':'", id="app-id-colon"),
    pytest.param({"projects": [project(account="paused")]}, "at $.projects[0].account:", "'paused' is not one of",
                 id="account-unknown"),
    pytest.param({"projects": [project(voice_enabled="yes")]}, "at $.projects[0].voice_enabled:",
                 "is not of type 'boolean'", id="voice-enabled-string"),
    pytest.param({"projects": [project(domains="example.com")]}, "at $.projects[0].domains:",
                 "is not of type 'array'", id="domains-string"),
    pytest.param({"projects": [project(token_null=1)]}, "at $.projects[0].token_null:", "'boolean'",
                 id="token-null-number"),
    pytest.param({"projects": [project(colour="red")]}, "at $.projects[0]:", "'colour' was unexpected",
                 id="unknown-project-key"),
    pytest.param({"projects": [project(), project(app_key="other")]}, "at $.projects[1].app_id:",
                 "same App ID as $.projects[0].app_id", id="duplicate-app-id"),
    pytest.param({"projects": [project(previous_keys=[APP_KEY])]}, "at $.projects[0].previous_keys:",
                 "lists the current app_key", id="current-key-listed-as-previous"),
    pytest.param({"projects": [], "faults": [{"kind": "reset"}]}, "at $.faults[0]:", "'path_prefix' is a required",
                 id="fault-prefix-missing"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "voice", "kind": "reset"}]},
                 "at $.faults[0].path_prefix:", "must start with '/'", id="fault-prefix-relative"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "explode"}]}, "at $.faults[0].kind:",
                 "'explode' is not one of", id="fault-kind-unknown"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "latency"}]}, "at $.faults[0]:",
                 "'ms' is a required", id="latency-without-ms"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "latency", "ms": -1}]},
                 "at $.faults[0].ms:", "minimum", id="latency-negative"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "latency", "ms": 5, "status": 500}]},
                 "at $.faults[0]:", "property 'status' is not allowed for kind 'latency'", id="latency-with-status"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "status"}]}, "at $.faults[0]:",
                 "'status' is a required", id="status-without-status"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "status", "status": 200}]},
                 "at $.faults[0].status:", "minimum", id="status-not-an-error"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "status", "status": 503,
                                              "retry_after": "1\r\nX-Injected: 1"}]},
                 "at $.faults[0].retry_after:", "printable ASCII on one line", id="retry-after-with-line-break"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "redirect"}]}, "at $.faults[0]:",
                 "'location' is a required", id="redirect-without-location"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "redirect", "location": "/x",
                                              "status": 200}]},
                 "at $.faults[0].status:", "is not one of", id="redirect-status-not-3xx"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "html", "status": 204}]},
                 "at $.faults[0].status:", "a 204 answer has no body", id="html-status-without-body"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "reset", "after_bytes": "10"}]},
                 "at $.faults[0].after_bytes:", "'integer'", id="reset-after-bytes-string"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "no_challenge", "ms": 1}]},
                 "at $.faults[0]:", "property 'ms' is not allowed for kind 'no_challenge'", id="no-challenge-with-ms"),
    pytest.param({"projects": [], "faults": [{"path_prefix": "/", "kind": "slow_body"}]}, "at $.faults[0]:",
                 "'ms' is a required", id="slow-body-without-ms"),
]


@pytest.mark.parametrize(("document", "location", "fragment"), INVALID_CASES)
def test_invalid_config_names_path(document, location, fragment):
    with pytest.raises(SandboxError) as raised:
        parse_config(document, source="cases.json")

    message = str(raised.value)
    assert message.startswith("invalid sandbox config cases.json ")
    assert location in message
    assert fragment in message
    assert "\n" not in message


SECRET_CASES = [
    pytest.param({"app_key": "K" * 1025}, "is longer than 1024 characters", id="key-too-long"),
    pytest.param({"previous_keys": ["Old1Secret9Value", "Old1Secret9Value"]}, "lists the same key twice",
                 id="previous-key-repeated"),
    pytest.param({"previous_keys": "Old1Secret9Value"}, "must be of type array", id="previous-keys-string"),
]


@pytest.mark.parametrize(("fields", "fragment"), SECRET_CASES)
def test_config_error_never_shows_a_key(fields, fragment):
    document = {"projects": [project(**fields)]}
    secrets_in_document = [APP_KEY, "K" * 1025, "Old1Secret9Value"]

    with pytest.raises(SandboxError) as raised:
        parse_config(document)

    message = str(raised.value)
    assert fragment in message
    for secret in secrets_in_document:
        assert secret not in message


def test_error_listing_project_masks_its_key():
    document = {"projects": [project(app_key="Visible1Secret2Key", token_null="Visible1Secret2Key")]}

    with pytest.raises(SandboxError) as raised:
        parse_config(document)

    assert "$.projects[0].token_null" in str(raised.value)
    assert "Visible1Secret2Key" not in str(raised.value)


def test_load_config_missing_file(tmp_path):
    with pytest.raises(SandboxError, match=r"sandbox config .*nope\.json not found; check the --config path"):
        load_config(tmp_path / "nope.json")


def test_load_config_directory(tmp_path):
    with pytest.raises(SandboxError, match="is a directory"):
        load_config(tmp_path)


def test_load_config_not_json(tmp_path):
    path = tmp_path / "config.json"
    path.write_text('{"projects": [\n  {"app_id": "x",}\n]}', encoding="utf-8")

    with pytest.raises(SandboxError, match=r"config\.json is not valid JSON: .* at line 2 column"):
        load_config(path)


def test_load_config_not_utf8(tmp_path):
    path = tmp_path / "config.json"
    path.write_bytes(b'{"projects": [{"app_id": "\xff"}]}')

    with pytest.raises(SandboxError, match="is not UTF-8 text"):
        load_config(path)


def test_load_config_names_file_in_schema_error(tmp_path):
    path = tmp_path / "support-ticket.json"
    path.write_text(json.dumps({"projects": [project(account="frozen")]}), encoding="utf-8")

    with pytest.raises(SandboxError) as raised:
        load_config(path)

    assert f"invalid sandbox config {path} at $.projects[0].account:" in str(raised.value)


def test_example_config_has_one_project_per_state():
    projects = example_config()["projects"]

    assert any(entry.get("previous_keys") for entry in projects)
    assert any(entry.get("voice_enabled") is False for entry in projects)
    assert any(entry.get("account") == "suspended" for entry in projects)
    assert any(entry.get("account") == "no_balance" for entry in projects)
    assert any(entry.get("token_null") is True for entry in projects)
    assert projects[0]["domains"] == ["example.com"]


def test_header_value_ending_in_newline_is_rejected():
    from checker.sandbox import SandboxError, parse_config

    config = {"projects": [], "faults": [{"path_prefix": "/", "kind": "redirect", "location": "/voice/v1/call\n"}]}
    with pytest.raises(SandboxError) as raised:
        parse_config(config, source="test.json")
    message = str(raised.value)
    assert "printable ASCII on one line" in message
    assert "\n" not in message
