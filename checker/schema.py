"""Load the JSON Schemas in `schemas/`, from a source checkout or an installed wheel."""

from __future__ import annotations

import functools
import json
from pathlib import Path

_SOURCE_DIR = Path(__file__).resolve().parent.parent / "schemas"


@functools.lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Return the parsed schema `name` (for example `report.schema.json`)."""
    return json.loads(_read(name))


def _read(name: str) -> str:
    try:
        from importlib.resources import files

        resource = files("checker.schemas").joinpath(name)
        if resource.is_file():
            return resource.read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        pass
    # A source checkout run without installing: the schemas sit beside the package.
    return (_SOURCE_DIR / name).read_text(encoding="utf-8")


def validate(instance: object, name: str) -> None:
    """Raise jsonschema.ValidationError when `instance` does not match schema `name`."""
    import jsonschema

    schema = load(name)
    validator_class = jsonschema.validators.validator_for(schema)
    validator_class(schema, format_checker=validator_class.FORMAT_CHECKER).validate(instance)
