"""Load a sandbox config file, validate it and fill in the defaults.

The shape is defined by `schemas/sandbox.schema.json`. Validation errors name
the file and the JSON path of the problem, and never show an App Key: values
under `app_key` and `previous_keys` are described, not printed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

from checker import schema
from checker.sandbox.errors import SandboxError

SCHEMA_NAME = "sandbox.schema.json"

PROJECT_DEFAULTS: dict[str, Any] = {
    "previous_keys": [],
    "voice_enabled": True,
    "account": "active",
    "domains": [],
    "token_null": False,
}

_SECRET_FIELDS = ("app_key", "previous_keys")
_REDACTED = "[redacted]"

# The meaning of each schema pattern, for messages clearer than the regular expression.
_PATTERN_MEANINGS = {
    "^[^:]+$": "must not contain ':' (Basic authentication splits id and key at the first colon)",
    # The lookahead rejects a final line break, which `$` alone lets through under Python's re.
    "^(?![^\\r\\n]*[\\r\\n])[\\x20-\\x7e]+$": "must be printable ASCII on one line, because it is sent as a header value",
    "^/": "must start with '/'",
}


def load_config(path: str | Path) -> dict:
    """Read, validate and complete the config in `path`; raise SandboxError when it is unusable."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SandboxError(f"sandbox config {path} not found; check the --config path") from None
    except IsADirectoryError:
        raise SandboxError(f"sandbox config {path} is a directory; pass the JSON file inside it") from None
    except UnicodeDecodeError as error:
        raise SandboxError(f"sandbox config {path} is not UTF-8 text (byte {error.start}); save it as UTF-8") from None
    except OSError as error:
        raise SandboxError(f"cannot read sandbox config {path}: {error.strerror}; check its permissions") from None

    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise SandboxError(
            f"sandbox config {path} is not valid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        ) from None
    return parse_config(document, source=str(path))


def parse_config(document: Any, source: str = "the sandbox config") -> dict:
    """Validate a parsed config and return a deep copy with every default filled in."""
    _validate(document, source)
    _check_consistency(document, source)

    config = copy.deepcopy(document)
    config.setdefault("faults", [])
    for index, project in enumerate(config["projects"]):
        config["projects"][index] = {**copy.deepcopy(PROJECT_DEFAULTS), **project}
    return config


def _validate(document: Any, source: str) -> None:
    import jsonschema
    from jsonschema.exceptions import best_match

    loaded = schema.load(SCHEMA_NAME)
    validator = jsonschema.validators.validator_for(loaded)(loaded)
    # best_match picks the most specific error, so `account` is blamed rather than
    # the whole project when only the account value is wrong.
    error = best_match(validator.iter_errors(document))
    if error is None:
        return
    description = _describe(error, document)
    for secret in _secret_strings(document):
        description = description.replace(secret, _REDACTED).replace(repr(secret)[1:-1], _REDACTED)
    raise SandboxError(
        f"invalid sandbox config {source} at {error.json_path}: {description}; "
        f"see schemas/{SCHEMA_NAME} for the format"
    )


def _describe(error, document: Any) -> str:
    if any(field in error.path for field in _SECRET_FIELDS):
        return _describe_secret_error(error)
    if "propertyNames" in error.schema_path:
        # A propertyNames error points at the fault object, and its instance is the rejected name.
        fault = _value_at(document, error.path)
        allowed = ", ".join(error.validator_value)
        return f"property {error.instance!r} is not allowed for kind {fault.get('kind')!r} (allowed: {allowed})"
    if error.validator == "pattern" and error.validator_value in _PATTERN_MEANINGS:
        return f"{error.instance!r} {_PATTERN_MEANINGS[error.validator_value]}"
    if error.validator == "not":
        # The only "not" in the schema: html faults need a status that carries a body.
        return f"{error.instance!r} is not allowed here, because a {error.instance} answer has no body"
    return error.message


def _value_at(document: Any, path) -> Any:
    for step in path:
        document = document[step]
    return document


def _describe_secret_error(error) -> str:
    """Describe a problem in a key field without its value."""
    descriptions = {
        "type": f"must be of type {error.validator_value}",
        "minLength": "must not be empty",
        "maxLength": f"is longer than {error.validator_value} characters",
        "uniqueItems": "lists the same key twice",
    }
    return descriptions.get(error.validator, f"fails the {error.validator!r} check")


def _secret_strings(document: Any) -> list[str]:
    """Collect every key string in the document, whatever its shape, to mask it in messages."""
    found: list[str] = []
    if isinstance(document, dict):
        for name, value in document.items():
            if name in _SECRET_FIELDS:
                found.extend(_strings_in(value))
            else:
                found.extend(_secret_strings(value))
    elif isinstance(document, list):
        for item in document:
            found.extend(_secret_strings(item))
    # Longest first, so a key that contains another key is masked whole.
    return sorted((value for value in found if value), key=len, reverse=True)


def _strings_in(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def _check_consistency(document: dict, source: str) -> None:
    """Reject what the schema cannot express: a repeated App ID, a current key listed as previous."""
    first_index_by_id: dict[str, int] = {}
    for index, project in enumerate(document["projects"]):
        app_id = project["app_id"]
        if app_id in first_index_by_id:
            raise SandboxError(
                f"invalid sandbox config {source} at $.projects[{index}].app_id: the same App ID as "
                f"$.projects[{first_index_by_id[app_id]}].app_id; give each project a distinct App ID"
            )
        first_index_by_id[app_id] = index
        if project["app_key"] in project.get("previous_keys", []):
            raise SandboxError(
                f"invalid sandbox config {source} at $.projects[{index}].previous_keys: it lists the "
                "current app_key; a key is either current or previous, so remove it from one of them"
            )
