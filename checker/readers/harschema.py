"""Validate a HAR document against schemas/har.schema.json without importing jsonschema.

The HAR schema uses a handful of JSON Schema keywords, and this module
implements exactly those. jsonschema would cost about 100 ms to import and
440 ms to validate a 10 MB HAR file (measured on the 2-core machine of
docs/benchmarks.md), more than the whole time budget of a typical ticket. A
test checks that this validator and jsonschema agree on valid and invalid
documents, and an unknown keyword in the schema raises instead of being
skipped.
"""

from __future__ import annotations

_TYPES = {
    "object": dict, "array": list, "string": str, "null": type(None), "boolean": bool,
}
_ANNOTATIONS = {"$schema", "$id", "title", "description", "$defs"}
_CHECKED = {"type", "required", "properties", "items", "$ref", "minLength", "minimum", "maximum"}


class UnsupportedKeyword(Exception):
    """The schema uses a keyword this validator does not implement."""


def first_error(instance: object, schema: dict) -> tuple[list[str | int], str] | None:
    """Return (path, message) of the first violation of `schema` in `instance`, or None when valid."""
    return _check(instance, schema, schema, [])


def _check(instance, node: dict, root: dict, path: list) -> tuple[list, str] | None:
    unknown = set(node) - _ANNOTATIONS - _CHECKED
    if unknown:
        raise UnsupportedKeyword(f"har.schema.json uses {sorted(unknown)}, which checker.readers.harschema lacks")
    if "$ref" in node:
        return _check(instance, _resolve(node["$ref"], root), root, path)

    problem = _check_type(instance, node.get("type"))
    if problem:
        return path, problem
    if isinstance(instance, str) and len(instance) < node.get("minLength", 0):
        return path, f"{_describe(instance)} is shorter than the minimum length of {node['minLength']}"
    if _is_number(instance):
        if "minimum" in node and instance < node["minimum"]:
            return path, f"{instance} is less than the minimum of {node['minimum']}"
        if "maximum" in node and instance > node["maximum"]:
            return path, f"{instance} is greater than the maximum of {node['maximum']}"
    if isinstance(instance, dict):
        return _check_object(instance, node, root, path)
    if isinstance(instance, list) and "items" in node:
        for index, item in enumerate(instance):
            error = _check(item, node["items"], root, path + [index])
            if error:
                return error
    return None


def _check_object(instance: dict, node: dict, root: dict, path: list) -> tuple[list, str] | None:
    for name in node.get("required", ()):
        if name not in instance:
            return path, f"{name!r} is a required property"
    for name, child in node.get("properties", {}).items():
        if name in instance:
            error = _check(instance[name], child, root, path + [name])
            if error:
                return error
    return None


def _check_type(instance: object, expected: str | list[str] | None) -> str | None:
    if expected is None:
        return None
    names = [expected] if isinstance(expected, str) else expected
    for name in names:
        if name == "integer" and isinstance(instance, int) and not isinstance(instance, bool):
            return None
        if name == "number" and _is_number(instance):
            return None
        if name in _TYPES and isinstance(instance, _TYPES[name]) and not (name != "boolean" and isinstance(instance, bool)):
            return None
    return f"{_describe(instance)} is not of type {' or '.join(repr(name) for name in names)}"


def _describe(instance: object) -> str:
    """Name a value by its type, and show it only when it is a number, a boolean or null.

    A string in the wrong place may be an Authorization value, so its text never
    reaches the error message.
    """
    if isinstance(instance, str):
        return f"a string of {len(instance)} characters" if instance else "an empty string"
    if isinstance(instance, (dict, list)):
        return type(instance).__name__
    return repr(instance)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _resolve(reference: str, root: dict) -> dict:
    if not reference.startswith("#/"):
        raise UnsupportedKeyword(f"only local $ref values are supported, not {reference!r}")
    node = root
    for part in reference[2:].split("/"):
        node = node[part]
    return node
