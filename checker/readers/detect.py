"""Split a paste into pieces and tell what kind each one is.

The splitter walks the lines once. A line either starts a block or is prose
and is skipped. Each block's own grammar decides where it ends: a curl command
with its continuations, a `curl -v` transcript, an HTTP message with its body,
an env file, a code snippet, or a run of header lines. Email quoting
(`> ` in front of every line) is peeled off and the quoted text split again.
"""

from __future__ import annotations

import json
import re

from checker.readers import code as code_reader
from checker.readers import devtools
from checker.readers import messages
from checker.readers.header import INLINE_AUTHORIZATION, find_bare_basic
from checker.readers.pieces import Piece

REQUEST_LINE = re.compile(
    r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)\s+(\S+)(?:\s+HTTP/(\d(?:\.\d)?))?\s*$"
)
STATUS_LINE = re.compile(r"^\s*HTTP/(\d(?:\.\d)?)\s+(\d{3})\b(.*)$")
HEADER_LINE = re.compile(r"^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:(.*)$")
AUTHORIZATION_LINE = re.compile(r"^\s*(?:[-*•]\s+)?authorization\s*:", re.IGNORECASE)
BASE64_CONTINUATION = re.compile(r"^[ \t]*[A-Za-z0-9+/_-]+={0,2}[ \t]*$")
CURL_START = re.compile(r"^\s*(?:[$#%]\s*)?curl(?:\.exe)?(?:\s|$)")
TRANSCRIPT_LINE = re.compile(r"^[<>*](?: |$)")
TRANSCRIPT_MARK = re.compile(r"^(?:> (?:GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) \S+ HTTP/|< HTTP/\d)")
EMAIL_QUOTE = re.compile(r"^>+ ?")
# A status line behind `>`: curl -v marks what it sends with `>` and never sends a status line,
# so such a block is an email quoting a raw HTTP exchange.
QUOTED_STATUS_LINE = re.compile(r"^>+ ?HTTP/\d(?:\.\d)?\s+\d{3}\b")
ENV_LINE = re.compile(r"^\ufeff?[ \t]*(?:export[ \t]+)?([A-Za-z_][A-Za-z0-9_.]*)([ \t]*)=([ \t]*)")
FENCE = re.compile(r"^\s*(```|~~~)\s*([\w+#-]*)\s*$")
JSON_START = re.compile(r"^\s*[{\[]")

# Wrapping encoders break Base64 at these widths: 76 (MIME, GNU base64) and 64 (PEM, OpenSSL).
WRAP_WIDTHS = (64, 76)


def split_pieces(text: str, kind: str | None = None) -> list[Piece]:
    """Return the pieces of `text`; with `kind`, the whole text is one piece of that kind."""
    if kind:
        return [Piece(kind, text, 1, code_reader.detect_language(text) if kind == "code" else None)]

    whole = _whole_document(text)
    if whole is not None:
        return [whole]
    lines = text.split("\n")
    if lines[0].startswith("\ufeff") and not ENV_LINE.match(lines[0]):
        # A byte-order mark is a finding in an env file (ENV301). Before anything
        # else it would hide the first line's kind, so a BOM-prefixed curl command went unread.
        lines[0] = lines[0][1:]
    return _Splitter(lines, 1).run()


def curl_command_spans(text: str) -> list[tuple[int, int, int]]:
    """Return (start offset, end offset, 1-based line) of each curl command in `text`."""
    lines = text.split("\n")
    offsets = [0]
    for line in lines:
        offsets.append(offsets[-1] + len(line) + 1)
    spans = []
    index = 0
    while index < len(lines):
        if CURL_START.match(_strip_cr(lines[index]).lstrip("\ufeff")):
            end = _curl_end(lines, index)
            spans.append((offsets[index], min(offsets[end] - 1, len(text)), index + 1))
            index = end
        else:
            index += 1
    return spans


def _whole_document(text: str) -> Piece | None:
    head = text.lstrip("\ufeff \t\r\n")[:4096]
    if not head.startswith(("{", "[")):
        return None
    if _looks_like_har(head):
        return Piece("har", text, 1)
    try:
        json.loads(text.lstrip("\ufeff"))
    except ValueError:
        return None
    return Piece("json", text, 1)


def _looks_like_har(head: str) -> bool:
    return head.startswith("{") and re.search(r'"log"\s*:', head) is not None


class _Splitter:
    def __init__(self, lines: list[str], first_line: int) -> None:
        self.lines = lines
        self.first_line = first_line
        self.pieces: list[Piece] = []

    def run(self) -> list[Piece]:
        index = 0
        while index < len(self.lines):
            index = self._step(index)
        return self.pieces

    def _step(self, index: int) -> int:
        line = _strip_cr(self.lines[index])

        fence = FENCE.match(line)
        if fence:
            return self._fenced(index, fence.group(1), fence.group(2).lower() or None)
        if CURL_START.match(line):
            return self._take("curl", index, _curl_end(self.lines, index))
        if TRANSCRIPT_LINE.match(line) or line == ">" or line == "<":
            return self._angle_block(index)
        if REQUEST_LINE.match(line) or STATUS_LINE.match(line):
            return self._take("http", index, _http_end(self.lines, index))
        if devtools.START.match(line):
            return self._take("devtools", index, devtools.block_end(self.lines, index))
        if AUTHORIZATION_LINE.match(line):
            return self._take("header", index, _header_block_end(self.lines, index))
        if JSON_START.match(line):
            end = _json_end(self.lines, index)
            if end is not None:
                # A HAR file pasted into an email, after prose or behind `>` quoting.
                head = "\n".join(self.lines[index:end]).lstrip()[:4096]
                kind = "har" if _looks_like_har(head) else "json"
                return self._take(kind, index, end)
        if ENV_LINE.match(line) and _is_env_line(line):
            return self._take("env", index, _env_end(self.lines, index))
        if messages.is_error_line(line):
            return self._take("error", index, index + 1)
        if code_reader.has_code_marker(line):
            return self._take_code(index)
        if find_bare_basic(line) or INLINE_AUTHORIZATION.search(line):
            return self._take("header", index, _continuation_end(self.lines, index + 1, line))
        return index + 1

    def _take(self, kind: str, start: int, end: int, language: str | None = None) -> int:
        end = max(end, start + 1)
        text = "\n".join(self.lines[start:end])
        self.pieces.append(Piece(kind, text, self.first_line + start, language))
        return end

    def _take_code(self, start: int) -> int:
        end = _code_end(self.lines, start)
        text = "\n".join(self.lines[start:end])
        return self._take("code", start, end, code_reader.detect_language(text))

    def _fenced(self, start: int, marker: str, language: str | None) -> int:
        end = start + 1
        while end < len(self.lines) and not _strip_cr(self.lines[end]).strip().startswith(marker):
            end += 1
        inner = self.lines[start + 1:end]
        if language in code_reader.LANGUAGE_ALIASES:
            text = "\n".join(inner)
            if text.strip():
                self.pieces.append(Piece("code", text, self.first_line + start + 1,
                                         code_reader.LANGUAGE_ALIASES[language]))
            # Shell blocks often contain curl commands: split them as well. A curl command in a
            # block labelled with another language (a mislabelled or unclosed fence) is read too.
            shell = code_reader.LANGUAGE_ALIASES[language] == "shell"
            self.pieces.extend(p for p in _Splitter(inner, self.first_line + start + 1).run()
                               if p.kind == "curl" or (shell and p.kind != "code"))
        else:
            self.pieces.extend(_Splitter(inner, self.first_line + start + 1).run())
        return end + 1

    def _angle_block(self, start: int) -> int:
        end = start
        while end < len(self.lines):
            line = _strip_cr(self.lines[end])
            if not (TRANSCRIPT_LINE.match(line) or line in (">", "<") or line.startswith(">")):
                break
            end += 1
        block = [_strip_cr(line) for line in self.lines[start:end]]
        quoted_response = any(QUOTED_STATUS_LINE.match(line) for line in block)
        if not quoted_response and any(TRANSCRIPT_MARK.match(line) for line in block):
            # curl -v prints the response body after the `<` lines, unprefixed.
            end = _transcript_body_end(self.lines, end)
            return self._take("transcript", start, end)
        if not all(line.startswith(">") for line in block):
            # `*` info lines without a request: curl -v output of a connection that failed early.
            return self._take("transcript", start, end)

        # An email reply quoting the customer: peel one level of `>` and split again.
        unquoted = [EMAIL_QUOTE.sub("", line, count=1) for line in self.lines[start:end]]
        self.pieces.extend(_Splitter(unquoted, self.first_line + start).run())
        return end


def _strip_cr(line: str) -> str:
    return line[:-1] if line.endswith("\r") else line


def _curl_end(lines: list[str], start: int) -> int:
    end = start
    pending = ""
    while end < len(lines) and end - start < 200:
        line = _strip_cr(lines[end])
        pending += line + "\n"
        end += 1
        if line.rstrip().endswith(("\\", "^", "`")):
            continue
        if _open_quote(pending):
            continue
        break
    return end


def _open_quote(text: str) -> str | None:
    """Return the quote left open at the end of `text` (`'`, `"` or bash's `$'`), as a shell reads it."""
    quote = None
    escaped = False
    previous = ""
    for char in text:
        if escaped:
            escaped = False
            previous = ""
            continue
        if char == "\\" and quote != "'":
            escaped = True
        elif quote is None and char == "'" and previous == "$":
            quote = "$'"  # backslash escapes, `\'` included, work inside until the next `'`
        elif quote is None and char in "'\"":
            quote = char
        elif char == quote or (quote == "$'" and char == "'"):
            quote = None
        previous = char
    return quote


def _http_end(lines: list[str], start: int) -> int:
    """End of one HTTP message: start line, header lines, a blank line, then a body."""
    end = _header_block_end(lines, start + 1, allow_any=True)
    if end >= len(lines) or _strip_cr(lines[end]).strip():
        return end
    body_start = end + 1
    while body_start < len(lines) and not _strip_cr(lines[body_start]).strip():
        body_start += 1
    if body_start >= len(lines):
        return len(lines)
    first = _strip_cr(lines[body_start])
    if _starts_another_block(first):
        return end
    if JSON_START.match(first):
        json_end = _json_end(lines, body_start)
        return json_end if json_end is not None else _paragraph_end(lines, body_start)
    if first.lstrip().startswith("<"):
        return _html_end(lines, body_start)
    return _paragraph_end(lines, body_start)


def _starts_another_block(line: str) -> bool:
    """Return True when a line after an HTTP message's blank line starts a new piece, not a body."""
    return bool(
        REQUEST_LINE.match(line) or STATUS_LINE.match(line) or CURL_START.match(line)
        or AUTHORIZATION_LINE.match(line) or TRANSCRIPT_LINE.match(line) or FENCE.match(line)
        or (ENV_LINE.match(line) and _is_env_line(line)) or messages.is_error_line(line)
    )


def _header_block_end(lines: list[str], start: int, allow_any: bool = False) -> int:
    end = start
    while end < len(lines):
        line = _strip_cr(lines[end])
        if not line.strip() or CURL_START.match(line) or messages.is_error_line(line):
            break
        if HEADER_LINE.match(line):
            end = _continuation_end(lines, end + 1, line)
            continue
        if allow_any and line[:1] in " \t":
            end += 1  # an obs-fold continuation line (RFC 7230 section 3.2.4)
            continue
        break
    return end


def _continuation_end(lines: list[str], index: int, previous: str) -> int:
    """Include the line after a header when it contains the rest of a wrapped Base64 token."""
    if index >= len(lines) or not _looks_wrapped(previous):
        return index
    line = _strip_cr(lines[index])
    if BASE64_CONTINUATION.match(line) and not HEADER_LINE.match(line):
        return index + 1
    return index


def _looks_wrapped(line: str) -> bool:
    match = re.search(r"basic[ \t:=]+([A-Za-z0-9+/_-]+=*)[ \t]*$", line, re.IGNORECASE)
    if not match or match.group(1).endswith("="):
        return False
    return len(match.group(1)) in WRAP_WIDTHS or len(line.rstrip()) in WRAP_WIDTHS


def _json_end(lines: list[str], start: int) -> int | None:
    """End of the JSON value starting at line `start`, or None when it does not parse."""
    depth = 0
    in_string = False
    escaped = False
    for index in range(start, min(len(lines), start + 2000)):
        for char in lines[index]:
            if in_string:
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    in_string = False
            elif char == '"':
                in_string = True
            elif char in "{[":
                depth += 1
            elif char in "}]":
                depth -= 1
        if depth <= 0:
            try:
                json.loads("\n".join(lines[start:index + 1]))
            except ValueError:
                return None
            return index + 1
    return None


def _html_end(lines: list[str], start: int) -> int:
    for index in range(start, len(lines)):
        if re.search(r"</html\s*>", lines[index], re.IGNORECASE):
            return index + 1
    return _paragraph_end(lines, start)


def _paragraph_end(lines: list[str], start: int) -> int:
    end = start
    while end < len(lines) and _strip_cr(lines[end]).strip():
        end += 1
    return end


def _transcript_body_end(lines: list[str], start: int) -> int:
    if start >= len(lines):
        return start
    first = _strip_cr(lines[start])
    if JSON_START.match(first):
        end = _json_end(lines, start)
        return end if end is not None else start
    if first.lstrip().startswith("<"):
        return _html_end(lines, start)
    return start


def _is_env_line(line: str) -> bool:
    match = ENV_LINE.match(line)
    name, before, after = match.group(1), match.group(2), match.group(3)
    if line[match.end():].lstrip("\"'").startswith(("$(", "`")):
        # enablex-authcheck: ignore[SRC608] (the comment below names the shell pattern it detects)
        return False  # `TOKEN=$(echo ... | base64)` is a shell command, not an env file
    if name.isupper() or name.startswith("ENABLEX"):
        return True
    return not before and not after


def _env_end(lines: list[str], start: int) -> int:
    end = start
    last_env = start
    while end < len(lines):
        line = _strip_cr(lines[end])
        stripped = line.strip()
        if ENV_LINE.match(line) and _is_env_line(line):
            last_env = end
        elif stripped and not stripped.startswith("#"):
            break
        end += 1
    return last_env + 1


def _code_end(lines: list[str], start: int) -> int:
    end = start + 1
    last_code = start
    while end < len(lines):
        line = _strip_cr(lines[end])
        if not line.strip():
            end += 1
            continue
        if CURL_START.match(line) or REQUEST_LINE.match(line) or STATUS_LINE.match(line):
            break
        if messages.is_error_line(line) or not code_reader.is_code_line(line):
            break
        last_code = end
        end += 1
    return last_code + 1
