"""The HAR validator used at run time agrees with jsonschema on the HAR subset schema."""

from __future__ import annotations

import copy

import jsonschema
import pytest

from checker import schema
from checker.readers.harschema import UnsupportedKeyword, first_error

VALID = {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "132.0"}, "entries": [
    {"startedDateTime": "2026-11-30T10:00:00Z",
     "request": {"method": "GET", "url": "https://api.enablex.io/voice/v1/call", "httpVersion": "HTTP/1.1",
                 "headers": [{"name": "Authorization", "value": "Basic abc"}], "postData": {"text": "{}"}},
     "response": {"status": 0, "statusText": "", "headers": [], "content": {"text": "", "mimeType": "x"},
                  "_error": None, "_extra": [1, 2]}},
]}}


def mutated(change) -> dict:
    document = copy.deepcopy(VALID)
    change(document)
    return document


INVALID = {
    "no-log": {},
    "log-not-object": {"log": []},
    "no-entries": {"log": {"version": "1.2"}},
    "entries-not-array": mutated(lambda d: d["log"].update(entries={})),
    "no-url": mutated(lambda d: d["log"]["entries"][0]["request"].pop("url")),
    "empty-method": mutated(lambda d: d["log"]["entries"][0]["request"].update(method="")),
    "status-string": mutated(lambda d: d["log"]["entries"][0]["response"].update(status="401")),
    "status-bool": mutated(lambda d: d["log"]["entries"][0]["response"].update(status=True)),
    "status-negative": mutated(lambda d: d["log"]["entries"][0]["response"].update(status=-1)),
    "status-too-big": mutated(lambda d: d["log"]["entries"][0]["response"].update(status=1000)),
    "header-value-number": mutated(lambda d: d["log"]["entries"][0]["request"]["headers"].append({"name": "a", "value": 1})),
    "header-no-name": mutated(lambda d: d["log"]["entries"][0]["request"]["headers"].append({"value": "x"})),
    "error-number": mutated(lambda d: d["log"]["entries"][0]["response"].update(_error=5)),
    "content-text-null": mutated(lambda d: d["log"]["entries"][0]["response"]["content"].update(text=None)),
}


def jsonschema_accepts(document: dict) -> bool:
    validator = jsonschema.Draft202012Validator(schema.load("har.schema.json"))
    return validator.is_valid(document)


def test_valid_document_accepted():
    assert jsonschema_accepts(VALID)
    assert first_error(VALID, schema.load("har.schema.json")) is None


@pytest.mark.parametrize("name", sorted(INVALID))
def test_invalid_document_rejected(name):
    document = INVALID[name]

    assert not jsonschema_accepts(document)
    assert first_error(document, schema.load("har.schema.json")) is not None


def test_error_path_and_message():
    path, message = first_error(INVALID["no-url"], schema.load("har.schema.json"))

    assert path == ["log", "entries", 0, "request"]
    assert message == "'url' is a required property"


def test_unknown_keyword_raises():
    with pytest.raises(UnsupportedKeyword, match="pattern"):
        first_error("x", {"type": "string", "pattern": "^a"})
