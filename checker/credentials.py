"""Gather the App ID and App Key the way the service will see them, and remember where each came from.

Precedence follows an application that calls python-dotenv's `load_dotenv()`
with its default `override=False`: the process environment wins over the env
file. Options given to the tool (`--app-id`, `--app-key-stdin`, the prompt)
win over both. The App Key never comes from a command-line value.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from checker import secrets
from checker.envfile import EnvAnalysis, analyze_env_text, read_env_file
from checker.errors import CheckerError
from checker.rules.cred import Conflict

ID_VARIABLE = "ENABLEX_APP_ID"
KEY_VARIABLE = "ENABLEX_APP_KEY"


@dataclasses.dataclass
class Credentials:
    app_id: str | None
    app_key: str | None
    id_source: str
    key_source: str
    env: EnvAnalysis | None = None
    conflicts: list[Conflict] = dataclasses.field(default_factory=list)
    key_on_command_line: str | None = None


def gather(*, app_id_option: str | None, key_from_stdin: str | None, env_file: str | None,
           environ: dict[str, str] | None = None, prompt_key=None) -> Credentials:
    """Collect both credentials with their sources.

    `env_file` is the --env-file path, or None to use ./.env when it exists.
    `prompt_key` is a callable that asks for the key, or None when no prompt is possible.
    """
    environ = dict(os.environ if environ is None else environ)
    env = _load_env_file(env_file)
    file_values = env.values if env else {}
    file_label = f"env-file:{env.env_file.path}" if env else ""

    app_id, id_source = _pick(ID_VARIABLE, app_id_option, "option --app-id", environ, file_values, file_label)
    app_key, key_source = _pick(KEY_VARIABLE, key_from_stdin, "stdin", environ, file_values, file_label)
    if app_key is None and prompt_key is not None:
        app_key, key_source = prompt_key(), "prompt"

    secrets.register_pair(app_id, app_key)
    for name, value, source in ((ID_VARIABLE, app_id, id_source), (KEY_VARIABLE, app_key, key_source)):
        _reject_nul(name, value, source)

    return Credentials(
        app_id=app_id, app_key=app_key, id_source=id_source, key_source=key_source, env=env,
        conflicts=_conflicts(environ, file_values, env),
        key_on_command_line=_key_on_command_line(app_id_option, app_key),
    )


def _load_env_file(env_file: str | None) -> EnvAnalysis | None:
    if env_file is None:
        default = Path(".env")
        if not default.is_file():
            return None
        env_file = ".env"
    text, label = read_env_file(env_file)
    return analyze_env_text(text, label)


def _pick(name: str, option_value: str | None, option_source: str, environ: dict[str, str],
          file_values: dict[str, str], file_label: str) -> tuple[str | None, str]:
    if option_value is not None:
        return option_value, option_source
    if name in environ:
        return environ[name], "env"
    if name in file_values:
        return file_values[name], file_label
    return None, "not set"


def _conflicts(environ: dict[str, str], file_values: dict[str, str], env: EnvAnalysis | None) -> list[Conflict]:
    if env is None:
        return []
    found = []
    for name in (ID_VARIABLE, KEY_VARIABLE):
        if name in environ and name in file_values and environ[name] != file_values[name]:
            secrets.register(environ[name] if name == KEY_VARIABLE else None,
                             file_values[name] if name == KEY_VARIABLE else None)
            found.append(Conflict(name, environ[name], file_values[name], env.env_file.path))
    return found


def _reject_nul(name: str, value: str | None, source: str) -> None:
    if value and "\x00" in value:
        raise CheckerError(
            f"{name} from {source} contains U+0000 NULL at position {value.index(chr(0)) + 1};"
            " no HTTP client can send it: remove it from the source"
        )


def _key_on_command_line(app_id_option: str | None, app_key: str | None) -> str | None:
    """Say so when the value given to --app-id carries the key (`--app-id id:key`, or the key itself)."""
    if not app_id_option:
        return None
    if app_key and app_key in app_id_option:
        return "inside the --app-id value"
    if ":" in app_id_option:
        secrets.register(app_id_option.split(":", 1)[1])
        return "after a colon in the --app-id value"
    return None


def read_key_from_stdin(stream) -> str:
    """Read the key from standard input, dropping the one line ending that `echo` adds."""
    data = stream.read()
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8")
        except UnicodeDecodeError as error:
            raise CheckerError(
                f"the App Key on standard input is not valid UTF-8 (byte at offset {error.start}); pipe the key as text"
            ) from None
    for ending in ("\r\n", "\n"):
        if data.endswith(ending):
            data = data[: -len(ending)]
            break
    secrets.register(data)
    return data
