"""Split a shell command into words with shlex, keeping where each word came from.

shlex gives the value a POSIX shell would pass (quotes removed, no
expansion). The rules also need the raw text of a word, to see whether a `$`
sat inside single quotes (literal) or double quotes (expanded), so each word
keeps its raw span in the command as pasted.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shlex


class UnbalancedQuote(ValueError):
    """A quote opens and never closes; `offset` is where it opened in the pasted text."""

    def __init__(self, quote: str, offset: int) -> None:
        super().__init__(f"unbalanced {quote} quote")
        self.quote = quote
        self.offset = offset


@dataclasses.dataclass(frozen=True)
class Word:
    value: str
    raw: str
    offset: int  # where `raw` starts in the pasted text


def split_words(command: str, *, close_quote: bool = False) -> list[Word]:
    """Split `command`; raise UnbalancedQuote when a quote never closes.

    With `close_quote`, a quote that never closes is closed at the end instead,
    after any trailing whitespace.
    """
    converted, converted_origins = _convert_ansi_c_quotes(command)
    joined, origins = _join_continuations(converted)
    origins = [converted_origins[origin] for origin in origins]
    quote = _unclosed_quote(joined)
    if quote is not None:
        if not close_quote:
            raise UnbalancedQuote(joined[quote], origins[quote])
        kept = len(joined.rstrip())
        joined, origins = joined[:kept], origins[:kept]
    if _ends_with_escape(joined):
        # A line continuation whose next line was not pasted: the backslash escapes
        # nothing, and shlex would raise ValueError on it.
        joined, origins = joined[:-1], origins[:-1]
    if quote is not None:
        joined, origins = joined + joined[quote], origins + [len(command)]

    stream = io.StringIO(joined)
    lexer = shlex.shlex(stream, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words = []
    position = 0
    while True:
        start = _skip_whitespace(joined, position)
        value = lexer.get_token()
        if value is None or value == lexer.eof:
            break
        end = stream.tell()
        if end > start and end <= len(joined) and joined[end - 1] in lexer.whitespace:
            end -= 1
        raw = joined[start:end]
        words.append(Word(value, raw, origins[start] if start < len(origins) else len(command)))
        position = end
    return words


_ANSI_C_ESCAPES = {
    "a": "\a", "b": "\b", "e": "\x1b", "E": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
    "\\": "\\", "'": "'", '"': '"', "?": "?",
}
# Escape letter: (base, maximum number of digits). Octal escapes start with a digit instead.
_ANSI_C_NUMBERS = {"x": (16, 2), "u": (16, 4), "U": (16, 8)}
_DIGITS = {8: "01234567", 16: "0123456789abcdefABCDEF"}


def _convert_ansi_c_quotes(command: str) -> tuple[str, list[int]]:
    """Rewrite bash's `$'...'` strings as plain single-quoted strings, which shlex reads.

    Chrome DevTools' "Copy as cURL (bash)" writes a value in `$'...'` when it
    contains `'`, `!` or a control character (escapeStringPosix in
    devtools-frontend). Returns the rewritten text and, for each of its
    characters, the offset in `command`. An `$'` that never closes is left as it is.
    """
    chars: list[str] = []
    origins: list[int] = []
    quote = None
    index = 0
    while index < len(command):
        char = command[index]
        if quote is None and char == "$" and command.startswith("'", index + 1):
            decoded = _decode_ansi_c(command, index + 2)
            if decoded is not None:
                end, pieces = decoded
                chars.append("'")
                origins.append(index)
                for value, origin in pieces:
                    for part in ("'\\''" if value == "'" else value):
                        chars.append(part)
                        origins.append(origin)
                chars.append("'")
                origins.append(end - 1)
                index = end
                continue
        if char == "\\" and quote != "'" and index + 1 < len(command):
            chars += [char, command[index + 1]]
            origins += [index, index + 1]
            index += 2
            continue
        if char in "'\"" and quote in (None, char):
            quote = None if quote == char else char
        chars.append(char)
        origins.append(index)
        index += 1
    return "".join(chars), origins


def _decode_ansi_c(command: str, start: int) -> tuple[int, list[tuple[str, int]]] | None:
    """Decode a `$'...'` body from `start`; return the offset after the closing quote and (character, offset) pairs."""
    pieces: list[tuple[str, int]] = []
    index = start
    while index < len(command):
        char = command[index]
        if char == "'":
            return index + 1, pieces
        if char != "\\" or index + 1 >= len(command):
            pieces.append((char, index))
            index += 1
            continue
        letter = command[index + 1]
        if letter in _ANSI_C_ESCAPES:
            pieces.append((_ANSI_C_ESCAPES[letter], index))
            index += 2
        elif letter in _ANSI_C_NUMBERS or letter in _DIGITS[8]:
            value, end = _decode_ansi_c_number(command, index)
            pieces.append((value, index))
            index = end
        elif letter == "c" and index + 2 < len(command):
            pieces.append((chr(ord(command[index + 2]) & 0x1F), index))
            index += 3
        else:
            pieces.append(("\\" + letter, index))
            index += 2
    return None


def _decode_ansi_c_number(command: str, index: int) -> tuple[str, int]:
    """Decode `\\nnn`, `\\xHH`, `\\uHHHH` or `\\UHHHHHHHH` at `index`; return the character and the offset after it."""
    letter = command[index + 1]
    base, max_digits = _ANSI_C_NUMBERS.get(letter, (8, 3))
    start = index + 2 if letter in _ANSI_C_NUMBERS else index + 1
    end = start
    while end - start < max_digits and end < len(command) and command[end] in _DIGITS[base]:
        end += 1
    if end == start:
        return "\\" + letter, index + 2  # `\x` without digits stays as written
    code = int(command[start:end], base)
    if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
        return command[index:end], end
    return chr(code), end


def _join_continuations(command: str) -> tuple[str, list[int]]:
    """Remove backslash-newline pairs outside single quotes, as the shell does.

    Returns the joined text and, for each of its characters, the offset in `command`.
    Windows `^` and PowerShell backtick line ends are treated the same way.
    """
    chars: list[str] = []
    origins: list[int] = []
    quote = None
    index = 0
    while index < len(command):
        char = command[index]
        if quote != "'" and char in "\\^`":
            rest = command[index + 1:index + 3]
            skip = 0
            if rest.startswith("\r\n"):
                skip = 2
            elif rest.startswith("\n"):
                skip = 1
            if skip and (char == "\\" or quote is None):
                index += 1 + skip
                continue
        if char in "'\"" and (quote is None or quote == char) and not _escaped(command, index, quote):
            quote = None if quote == char else char
        chars.append(char)
        origins.append(index)
        index += 1
    return "".join(chars), origins


def _escaped(text: str, index: int, quote: str | None) -> bool:
    if quote == "'":
        return False
    backslashes = 0
    while index - backslashes - 1 >= 0 and text[index - backslashes - 1] == "\\":
        backslashes += 1
    return backslashes % 2 == 1


def _unclosed_quote(text: str) -> int | None:
    quote_at = None
    quote = None
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and quote != "'":
            index += 2
            continue
        if quote is None and char in "'\"":
            quote, quote_at = char, index
        elif char == quote:
            quote, quote_at = None, None
        index += 1
    return quote_at


def _ends_with_escape(text: str) -> bool:
    """Return True when `text` ends with a backslash that escapes nothing (outside single quotes)."""
    quote = None
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\" and quote != "'":
            if index == len(text) - 1:
                return True
            index += 2
            continue
        if quote is None and char in "'\"":
            quote = char
        elif char == quote:
            quote = None
        index += 1
    return False


def _skip_whitespace(text: str, position: int) -> int:
    while position < len(text) and text[position] in " \t\r\n":
        position += 1
    return position


@dataclasses.dataclass(frozen=True)
class Expansion:
    """A character the shell treats as an expansion inside a word, and where its value goes."""

    char: str
    value_index: int  # index in the word's value as shlex returns it (no expansion done)
    context: str  # "double quotes" or "no quotes"


_NAME_START = set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_{(0123456789@*#?$!-")


def find_expansions(raw: str) -> list[Expansion]:
    """Return the `$`, backtick and `!` characters a POSIX shell (bash for `!`) would expand in `raw`.

    Characters inside single quotes or escaped by a backslash are literal and not returned.
    """
    found = []
    quote = None
    index = 0
    produced = 0
    while index < len(raw):
        char = raw[index]
        following = raw[index + 1] if index + 1 < len(raw) else ""
        if quote == "'":
            if char == "'":
                quote = None
            else:
                produced += 1
        elif char == "\\" and following and (quote is None or following in '$`"\\\n'):
            produced += 1
            index += 1
        elif char in "'\"" and quote is None:
            quote = char
        elif char == '"' and quote == '"':
            quote = None
        else:
            context = "double quotes" if quote == '"' else "no quotes"
            if (char == "$" and following in _NAME_START) or char == "`" \
                    or (char == "!" and following and following not in " \t=(\"'"):
                found.append(Expansion(char, produced, context))
            produced += 1
        index += 1
    return found


_REFERENCE = re.compile(r"\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*|\$[0-9@*#?$!-]|`[^`]*`")


def is_only_references(value: str) -> bool:
    """Return True when `value` is made of variable references alone (`$ID`, `${KEY}`, `$(cat f)`)."""
    return bool(value.strip()) and not _REFERENCE.sub("", value).strip()
