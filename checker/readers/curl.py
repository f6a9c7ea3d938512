"""Parse a curl command line into the request it would send."""

from __future__ import annotations

import dataclasses
import re

from checker import secrets
from checker.readers import credentials
from checker.readers.shellwords import UnbalancedQuote, Word, split_words

# Options that take a value, so the next word is not a URL (`curl --help all`, curl 7.88).
_SHORT_WITH_VALUE = set("AbcCdDeEFhHKmoPQrtTuUwxXyYz")
_LONG_WITH_VALUE = {
    "url", "user", "header", "request", "data", "data-raw", "data-binary", "data-ascii",
    "data-urlencode", "json", "form", "form-string", "user-agent", "referer", "cookie", "cookie-jar",
    "output", "cacert", "capath", "cert", "key", "cert-type", "key-type", "pass", "proxy", "proxy-user",
    "proxy-header", "max-time", "connect-timeout", "retry", "retry-delay", "retry-max-time",
    "resolve", "connect-to", "interface", "config", "write-out", "oauth2-bearer", "aws-sigv4",
    "dump-header", "trace", "trace-ascii", "stderr", "limit-rate", "max-redirs", "range",
    "upload-file", "tls-max", "ciphers", "pinnedpubkey", "noproxy", "variable", "expand-header",
    "expand-url", "expand-data", "expand-user", "unix-socket", "abstract-unix-socket",
}
_SHORT_NAMES = {
    "u": "user", "H": "header", "X": "request", "d": "data", "k": "insecure", "L": "location",
    "v": "verbose", "I": "head", "G": "get", "x": "proxy", "o": "output", "b": "cookie", "A": "user-agent",
    "e": "referer", "E": "cert", "F": "form", "T": "upload-file", "K": "config", "w": "write-out",
    "s": "silent", "S": "show-error", "i": "include", "f": "fail", "m": "max-time", "U": "proxy-user",
}
_DATA_OPTIONS = {"data", "data-raw", "data-binary", "data-ascii", "data-urlencode", "json", "form", "form-string"}
_AUTH_SCHEMES = {"basic", "digest", "ntlm", "negotiate", "anyauth", "aws-sigv4"}


@dataclasses.dataclass
class Option:
    name: str
    value: str | None
    word: Word | None  # the word that carries the value
    raw: str | None = None  # the value as written, quotes included

    def __post_init__(self) -> None:
        if self.raw is None and self.word is not None:
            self.raw = self.word.raw


@dataclasses.dataclass
class CurlCommand:
    line: int
    text: str
    options: list[Option] = dataclasses.field(default_factory=list)
    urls: list[str] = dataclasses.field(default_factory=list)
    problems: list[str] = dataclasses.field(default_factory=list)

    def values(self, name: str) -> list[str]:
        return [option.value for option in self.options if option.name == name and option.value is not None]

    def has(self, name: str) -> bool:
        return any(option.name == name for option in self.options)

    @property
    def user_option(self) -> Option | None:
        found = [option for option in self.options if option.name == "user"]
        return found[-1] if found else None  # curl uses the last -u

    @property
    def headers(self) -> list[tuple[str, str]]:
        pairs = []
        for value in self.values("header"):
            name, _, rest = value.partition(":")
            pairs.append((name.strip(), rest.lstrip(" \t")))
        return pairs

    @property
    def method(self) -> str:
        explicit = self.values("request")
        if explicit:
            return explicit[-1].upper()
        if self.has("head"):
            return "HEAD"
        if any(self.has(name) for name in _DATA_OPTIONS) and not self.has("get"):
            return "POST"
        return "GET"

    @property
    def auth_scheme(self) -> str:
        chosen = [option.name for option in self.options if option.name in _AUTH_SCHEMES]
        return chosen[-1] if chosen else "basic"

    @property
    def body(self) -> str | None:
        for option in self.options:
            if option.name in _DATA_OPTIONS:
                return option.value
        return None

    def line_of(self, word: Word | None) -> int:
        if word is None:
            return self.line
        return self.line + self.text.count("\n", 0, word.offset)


def parse_curl(text: str, line: int = 1) -> CurlCommand:
    """Parse one curl command; a quote that never closes is recorded in `problems` and closed."""
    start = re.search(r"curl(?:\.exe)?(?=\s|$)", text)
    prefix = text[:start.start()] if start else ""
    command = CurlCommand(line=line, text=text)
    try:
        words = split_words(text[len(prefix):])
    except UnbalancedQuote as error:
        opened = len(prefix) + error.offset
        opened_line = line + text.count("\n", 0, opened)
        column = opened - (text.rfind("\n", 0, opened) + 1) + 1
        command.problems.append(
            f"the curl command at line {line} has a {error.quote} quote at line {opened_line}, "
            f"column {column} that never closes; it was read as if the quote closed at the end"
        )
        words = split_words(text[len(prefix):], close_quote=True)
    _read_words(command, words[1:] if words and words[0].value.startswith("curl") else words)
    _register_secrets(command)
    return command


def _read_words(command: CurlCommand, words: list[Word]) -> None:
    index = 0
    while index < len(words):
        word = words[index]
        value = word.value
        if value.startswith("--") and len(value) > 2:
            index = _read_long(command, words, index)
        elif value.startswith("-") and len(value) > 1:
            index = _read_short(command, words, index)
        else:
            if value not in ("|", "&&", ";", "\\"):
                command.urls.append(value)
            index += 1


def _read_long(command: CurlCommand, words: list[Word], index: int) -> int:
    name, equals, attached = words[index].value[2:].partition("=")
    if name in _LONG_WITH_VALUE:
        if equals:
            raw = words[index].raw
            command.options.append(Option(name, attached, words[index], raw[raw.find("=") + 1:]))
            return index + 1
        value_word = words[index + 1] if index + 1 < len(words) else None
        command.options.append(Option(name, value_word.value if value_word else None, value_word))
        if name == "url" and value_word:
            command.urls.append(value_word.value)
        return index + 2
    command.options.append(Option(name, None, None))
    return index + 1


def _read_short(command: CurlCommand, words: list[Word], index: int) -> int:
    cluster = words[index].value[1:]
    for position, letter in enumerate(cluster):
        name = _SHORT_NAMES.get(letter, letter)
        if letter in _SHORT_WITH_VALUE:
            attached = cluster[position + 1:]
            if attached:
                raw = words[index].raw
                command.options.append(Option(name, attached, words[index], raw[position + 2:]))
                return index + 1
            value_word = words[index + 1] if index + 1 < len(words) else None
            command.options.append(Option(name, value_word.value if value_word else None, value_word))
            return index + 2
        command.options.append(Option(name, None, None))
    return index + 1


def _register_secrets(command: CurlCommand) -> None:
    user = command.user_option
    if user and user.value:
        credentials.register_user_option(user.value)
    for name, value in command.headers:
        if name.lower() == "authorization":
            credentials.register_authorization(value)
    for token in command.values("oauth2-bearer"):
        credentials.register_authorization("Bearer " + token)
    for url in command.urls:
        userinfo = re.match(r"^[a-z][a-z0-9+.-]*://([^/@\s]*)@", url, re.IGNORECASE)
        if userinfo:
            register_userinfo(userinfo.group(1))


def register_userinfo(userinfo: str) -> None:
    """Register the `id:key` of a URL's userinfo, both as written and percent-decoded."""
    from urllib.parse import unquote

    credentials.register_user_option(unquote(userinfo))
    for key in userinfo.split(":", 1)[1:]:
        secrets.register(key, userinfo)
