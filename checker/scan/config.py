"""Read `scan` settings from `setup.cfg` `[enablex-authcheck]` or `pyproject.toml` `[tool.enablex-authcheck]`.

The search starts in the current directory and goes up to the directory
that contains `.git` (or the file system root). The first file with the
section wins; in one directory `pyproject.toml` is read before `setup.cfg`.
"""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from checker.errors import CheckerError

SECTION = "enablex-authcheck"
KNOWN_KEYS = ("select", "ignore", "exclude")
CODE_PREFIX = re.compile(r"^SRC(6(\d\d?)?)?$")


class ScanConfig(NamedTuple):
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    directory: str = ""           # exclude patterns are relative to it
    source: str | None = None     # the file the settings came from


def load(explicit: str | None = None) -> ScanConfig:
    """Return the settings of `explicit`, or of the nearest config file, or defaults."""
    if explicit:
        return _load_file(explicit, required=True) or ScanConfig(directory=os.path.dirname(os.path.abspath(explicit)))
    for directory in _search_directories(os.getcwd()):
        for name in ("pyproject.toml", "setup.cfg"):
            config = _load_file(os.path.join(directory, name), required=False)
            if config is not None:
                return config
    return ScanConfig(directory=os.getcwd())


def _search_directories(start: str):
    directory = os.path.abspath(start)
    while True:
        yield directory
        parent = os.path.dirname(directory)
        if os.path.isdir(os.path.join(directory, ".git")) or parent == directory:
            return
        directory = parent


def _load_file(path: str, required: bool) -> ScanConfig | None:
    if not os.path.isfile(path):
        if required:
            raise CheckerError(f"config file {path} not found; check the --config path")
        return None
    if path.endswith(".toml"):
        values = _read_pyproject(path)
    else:
        values = _read_setup_cfg(path)
    if values is None:
        if required:
            raise CheckerError(f"{path} has no [{_section_name(path)}] section")
        return None
    return _build(values, path)


def _section_name(path: str) -> str:
    return f"tool.{SECTION}" if path.endswith(".toml") else SECTION


def _read_setup_cfg(path: str) -> dict | None:
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read(path, encoding="utf-8")
    except (configparser.Error, UnicodeDecodeError) as error:
        raise CheckerError(f"{path} is not a valid setup.cfg ({_first_line(error)}); fix the file") from None
    if not parser.has_section(SECTION):
        return None
    return {key: _split(value) for key, value in parser.items(SECTION)}


def _read_pyproject(path: str) -> dict | None:
    toml = _toml_module()
    try:
        with open(path, "rb") as handle:
            data = toml.load(handle)
    except (toml.TOMLDecodeError, UnicodeDecodeError) as error:
        raise CheckerError(f"{path} is not valid TOML ({_first_line(error)}); fix the file") from None
    table = data.get("tool", {}).get(SECTION)
    if table is None:
        return None
    if not isinstance(table, dict):
        raise CheckerError(f"{path}: [tool.{SECTION}] must be a table")
    return {key: _as_list(path, key, value) for key, value in table.items()}


def _toml_module():
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        try:
            import tomli as tomllib
        except ModuleNotFoundError:
            raise CheckerError(
                "reading pyproject.toml needs Python 3.11 or the tomli package; "
                "install tomli or put the settings in setup.cfg"
            ) from None
    return tomllib


def _as_list(path: str, key: str, value) -> list[str]:
    if isinstance(value, str):
        return _split(value)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return [item.strip() for item in value if item.strip()]
    raise CheckerError(f"{path}: {key} must be a string or a list of strings")


def _split(value: str) -> list[str]:
    return [item.strip() for item in re.split(r"[,\n]", value) if item.strip()]


def _build(values: dict, path: str) -> ScanConfig:
    unknown = sorted(set(values) - set(KNOWN_KEYS))
    if unknown:
        raise CheckerError(
            f"{path}: unknown setting {unknown[0]!r} in [{_section_name(path)}]; "
            f"the settings are {', '.join(KNOWN_KEYS)}"
        )
    return ScanConfig(
        select=tuple(check_codes(values.get("select", []), f"{path}: select")),
        ignore=tuple(check_codes(values.get("ignore", []), f"{path}: ignore")),
        exclude=tuple(values.get("exclude", [])),
        directory=os.path.dirname(os.path.abspath(path)),
        source=path,
    )


def check_codes(codes: list[str], where: str) -> list[str]:
    """Upper-case the code prefixes and reject any that no SRC rule can start with."""
    checked = []
    for code in codes:
        prefix = code.strip().upper()
        if not CODE_PREFIX.match(prefix):
            raise CheckerError(
                f"{where}: {code!r} is not a scan rule code or prefix (SRC, SRC6, SRC601 ... SRC612)"
            )
        checked.append(prefix)
    return checked


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
