"""ENV3xx: env files, read the way python-dotenv, docker --env-file and shells read them."""

from __future__ import annotations

from checker.envfile import EnvFile
from checker.findings import Hit
from checker.registry import rule


@rule(
    "ENV301", "bom", "error",
    summary="UTF-8 byte-order mark glued to the first variable name",
    cause="The file starts with a UTF-8 byte-order mark (U+FEFF); python-dotenv and docker --env-file skip it, but a shell that `source`s the file reads it as part of the first variable's name (`command not found`), so that variable is never set there.",
    fix="Save the file as UTF-8 without BOM (most editors call it \"UTF-8\", not \"UTF-8 with BOM\"), or remove the first three bytes.",
    bad="\\ufeffENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646",
    good="ENABLEX_APP_ID=5f1e99bf90ce3c3c0c52e646",
)
def bom(env_file: EnvFile):
    if env_file.has_bom:
        first = env_file.lines[0].name if env_file.lines else "the first line"
        yield Hit(f"the file starts with U+FEFF ZERO WIDTH NO-BREAK SPACE (byte-order mark), glued to {first}",
                  location=env_file.location(env_file.lines[0] if env_file.lines else None, 1))


@rule(
    "ENV302", "crlf", "error",
    summary="Windows line endings",
    cause="Lines end with CR LF; shells that `source` the file and `export $(cat .env | xargs)` keep the CR at the end of every value, so the key sent ends with U+000D.",
    fix="Convert the file to LF line endings (`dos2unix .env`, or set the editor's line endings to LF), and add `*.env text eol=lf` to .gitattributes.",
    bad="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa\\r\\n",
    good="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa\\n",
)
def crlf(env_file: EnvFile):
    affected = [line for line in env_file.lines if line.ending == "\r\n" or line.text.endswith("\r")]
    if not affected and "\r\n" in env_file.text:
        yield Hit("the file uses CR LF line endings", location=env_file.location())
        return
    if affected:
        names = ", ".join(line.name for line in affected[:3]) + (" and more" if len(affected) > 3 else "")
        yield Hit(f"{len(affected)} line(s) end with CR LF ({names})", location=env_file.location(affected[0]))


def _watched(env_file: EnvFile):
    return [line for line in env_file.lines if line.watched]


@rule(
    "ENV303", "inline-comment", "warning",
    summary="`KEY=value # note`: docker `--env-file` keeps the comment in the value",
    cause="An unquoted value is followed by a `# comment`; python-dotenv drops it, but docker --env-file keeps it as part of the value.",
    fix="Put the comment on its own line above the variable.",
    bad="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa # production key",
    good="# production key\nENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def inline_comment(env_file: EnvFile):
    for line in _watched(env_file):
        if line.quote is None and " #" in line.value.replace("\t#", " #"):
            column = len(line.text) - len(line.value) + line.value.replace("\t#", " #").index(" #") + 2
            yield Hit(f"{line.name} has an inline comment after its value", location=env_file.location(line, column))


@rule(
    "ENV304", "dollar-interpolation", "warning",
    summary="`$` in an unquoted or double-quoted value: Compose and shells expand it",
    cause="The value contains `$`; Docker Compose, shells and python-dotenv's interpolation replace `$NAME` or `${NAME}` with another variable's value, so the key changes.",
    fix="Put the value in single quotes (`KEY='va$lue'`), or write `$$` for Compose.",
    bad="ENABLEX_APP_KEY=Ry3uEury$deSyTuReXa",
    good="ENABLEX_APP_KEY='Ry3uEury$deSyTuReXa'",
)
def dollar_interpolation(env_file: EnvFile):
    for line in _watched(env_file):
        if line.quote != "'" and "$" in line.value:
            column = len(line.text) - len(line.value) + line.value.index("$") + 1
            yield Hit(f"{line.name} contains U+0024 DOLLAR SIGN in a value that loaders expand",
                      location=env_file.location(line, column))


@rule(
    "ENV305", "quotes-loader-dependent", "warning",
    summary="quoted values that python-dotenv strips but docker `--env-file` keeps",
    cause="The value is wrapped in quotes; python-dotenv and shells remove them, but `docker run --env-file` keeps them as part of the value.",
    fix="Write the value without quotes (App IDs and keys contain no spaces), so every loader reads the same value.",
    bad="ENABLEX_APP_KEY=\"Ry3uEurydeSyTuReXaDuMe9u7ysasa\"",
    good="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def quotes_loader_dependent(env_file: EnvFile):
    for line in _watched(env_file):
        if line.quote:
            kind = "double" if line.quote == '"' else "single"
            yield Hit(f"{line.name} is wrapped in {kind} quotes, which docker --env-file keeps",
                      location=env_file.location(line, len(line.text) - len(line.value) + 1))


@rule(
    "ENV306", "export-prefix", "warning",
    summary="`export KEY=...` lines some loaders reject",
    cause="The line starts with `export`; shells and python-dotenv accept it, but docker --env-file reads the name as `export KEY` and the variable is never set.",
    fix="Remove the `export ` prefix; export the variables in the shell with `set -a; . ./.env; set +a` if needed.",
    bad="export ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
    good="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def export_prefix(env_file: EnvFile):
    for line in _watched(env_file):
        if line.exported:
            yield Hit(f"{line.name} is assigned with an `export` prefix", location=env_file.location(line, 1))


@rule(
    "ENV307", "duplicate-key", "warning",
    summary="the same variable set twice; says which wins",
    cause="The variable is assigned more than once; python-dotenv and docker --env-file keep the last assignment, which is easy to miss when editing the first.",
    fix="Delete all but one assignment.",
    bad="ENABLEX_APP_KEY=old...\nENABLEX_APP_KEY=new...",
    good="ENABLEX_APP_KEY=new...",
)
def duplicate_key(env_file: EnvFile):
    seen: dict[str, list[int]] = {}
    for line in _watched(env_file):
        seen.setdefault(line.name, []).append(line.number)
    for line in _watched(env_file):
        numbers = seen.get(line.name, [])
        if len(numbers) > 1 and line.number == numbers[-1]:
            listed = ", ".join(str(number) for number in numbers)
            yield Hit(f"{line.name} is set on lines {listed}; the last one (line {numbers[-1]}) wins",
                      location=env_file.location(line, 1))


@rule(
    "ENV308", "trailing-whitespace", "warning",
    summary="unquoted value ending in spaces or tabs: python-dotenv strips them, docker `--env-file` keeps them",
    cause="An unquoted value ends with spaces or tabs; python-dotenv removes them, but docker --env-file keeps them as part of the value, so the container sends a different key.",
    fix="Delete the whitespace after the value (many editors can show or trim trailing whitespace on save).",
    bad="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa  ",
    good="ENABLEX_APP_KEY=Ry3uEurydeSyTuReXaDuMe9u7ysasa",
)
def trailing_whitespace(env_file: EnvFile):
    for line in _watched(env_file):
        value = line.value.rstrip("\r")
        if line.quote is None and value and value != value.rstrip(" \t") and "#" not in value:
            column = len(line.text.rstrip("\r").rstrip(" \t")) + 1
            count = len(value) - len(value.rstrip(" \t"))
            yield Hit(f"{line.name} ends with {count} space or tab character(s)", location=env_file.location(line, column))
