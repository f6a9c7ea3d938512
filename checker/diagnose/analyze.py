"""Run every rule that applies to each piece of a paste and gather the evidence."""

from __future__ import annotations

import json
import re

from checker import secrets
from checker.diagnose import commands, exchanges
from checker.diagnose.code_checks import missing_colon_joins
from checker.diagnose.model import Diagnosis, shift
from checker.findings import Location
from checker.readers import detect, header
from checker.readers.code import EXTENSIONS
from checker.readers.http import Request, Response
from checker.readers.pieces import Piece
from checker.readers.transcript import pair_messages, parse_http, parse_transcript

# URLs in prose and code are checked only when they point at the Voice API.
_URL = re.compile(r"""https?://[^\s'"<>`)\]}]+""", re.IGNORECASE)
_VOICE_URL = re.compile(r"enablex|/voice/v\d", re.IGNORECASE)


def analyze_text(text: str, name: str, kind: str | None = None) -> Diagnosis:
    """Split `text` into pieces and run the matching rules on each."""
    diagnosis = Diagnosis(name=name)
    diagnosis.pieces = detect.split_pieces(text, kind)
    pending_request: tuple[Piece, Request] | None = None

    for piece in diagnosis.pieces:
        if piece.kind == "http":
            pending_request = _http_piece(diagnosis, piece, pending_request)
            continue
        if pending_request is not None:
            exchanges.check_exchanges(diagnosis, pair_messages([pending_request[1]]))
            pending_request = None
        _HANDLERS[piece.kind](diagnosis, piece)
    if pending_request is not None:
        exchanges.check_exchanges(diagnosis, pair_messages([pending_request[1]]))

    if kind is None:
        _prose_urls(diagnosis, text)
    return diagnosis


def location(diagnosis: Diagnosis, line: int | None, column: int | None = None) -> Location:
    return Location(diagnosis.name, line, column)


def _http_piece(diagnosis: Diagnosis, piece: Piece, pending: tuple[Piece, Request] | None):
    message = parse_http(piece.text, piece.line)
    if message is None:
        return pending
    if isinstance(message, Request):
        if pending is not None:
            exchanges.check_exchanges(diagnosis, pair_messages([pending[1]]))
        return piece, message
    paired = [pending[1], message] if pending is not None else [message]
    exchanges.check_exchanges(diagnosis, pair_messages(paired))
    return None


def _header_piece(diagnosis: Diagnosis, piece: Piece) -> None:
    for group in header.find_header_values(piece.text, piece.line):
        first = group[0]
        where = location(diagnosis, first.line, first.column)
        label = f"the Authorization header at line {first.line}"
        exchanges.check_authorization(diagnosis, [item.value for item in group], where, label)


def _curl_piece(diagnosis: Diagnosis, piece: Piece) -> None:
    commands.check_curl(diagnosis, piece)


def _transcript_piece(diagnosis: Diagnosis, piece: Piece) -> None:
    exchanges.check_exchanges(diagnosis, parse_transcript(piece.text, piece.line))


def _devtools_piece(diagnosis: Diagnosis, piece: Piece) -> None:
    from checker.readers.devtools import parse_devtools

    exchanges.check_exchanges(diagnosis, [parse_devtools(piece.text, piece.line)])


def _har_piece(diagnosis: Diagnosis, piece: Piece) -> None:
    from checker.readers.har import load_har

    found, total = load_har(piece.text, diagnosis.name)
    if not found:
        diagnosis.notes.append(f"the HAR file has {total} entries and none of them is a Voice API request "
                               "or an authentication failure")
    exchanges.check_exchanges(diagnosis, found)


def _env_piece(diagnosis: Diagnosis, piece: Piece) -> None:
    from checker.envfile import analyze_env_text

    _register_env_secrets(piece.text)
    analysis = analyze_env_text(piece.text, diagnosis.name)
    diagnosis.add([shift(finding, diagnosis.name, piece.line) for finding in analysis.findings])
    app_id = analysis.values.get("ENABLEX_APP_ID")
    app_key = analysis.values.get("ENABLEX_APP_KEY")
    diagnosis.add_credentials(app_id, app_key, f"env file at line {piece.line}")
    for name, value in analysis.values.items():
        if _URL.match(value or "") and _VOICE_URL.search(value):
            line = piece.line + _line_index(piece.text, name)
            _check_url(diagnosis, value, location(diagnosis, line))


def _register_env_secrets(text: str) -> None:
    for match in re.finditer(r"(?im)^[^\S\n]*(?:export\s+)?[\w.]*(?:KEY|SECRET|TOKEN|PASSWORD)[\w.]*[ \t]*=(.*)$", text):
        value = match.group(1).strip().rstrip("\r").strip()
        secrets.register(value.strip("\"'“”‘’"))


def _code_piece(diagnosis: Diagnosis, piece: Piece) -> None:
    from checker.registry import run_family
    from checker.scan.source import SourceFile

    extension = EXTENSIONS.get(piece.language or "", ".txt")
    source = SourceFile.from_text(f"snippet{extension}", piece.text)
    found = [shift(finding, diagnosis.name, piece.line) for finding in run_family("SRC", source)]
    if not any(finding.code == "SRC607" for finding in found):
        found += missing_colon_joins(piece.text, diagnosis.name, piece.line)
    diagnosis.add(found)

    for group in header.find_header_values(piece.text, piece.line):
        bare = [item for item in group if item.bare]
        for item in bare:
            where = location(diagnosis, item.line, item.column)
            exchanges.check_authorization(diagnosis, [item.value], where, f"the literal header value at line {item.line}")
    for offset, line in enumerate(piece.text.split("\n")):
        for match in _URL.finditer(line):
            if _VOICE_URL.search(match.group(0)):
                _check_url(diagnosis, match.group(0), location(diagnosis, piece.line + offset, match.start() + 1))


def _json_piece(diagnosis: Diagnosis, piece: Piece) -> None:
    try:
        document = json.loads(piece.text.lstrip("\ufeff"))
    except ValueError:
        return
    if not isinstance(document, dict):
        return
    status = None
    result = document.get("result")
    if isinstance(result, int) and 100 <= result <= 599:
        status = result
    elif "token" in document:
        status = 200
    if status is None:
        # Not an API response: a JSON config or request, read like a code file for keys and headers.
        _code_piece(diagnosis, piece)
        return
    token = document.get("token")
    if isinstance(token, str):
        secrets.register(token)
    response = Response(piece.line, status=status, body=piece.text)
    response.headers = []
    family = "token" if "token" in document else diagnosis.last_family
    exchanges.check_response(diagnosis, None, response, family_hint=family, body_only=True)


def _error_piece(diagnosis: Diagnosis, piece: Piece) -> None:
    exchanges.check_client_errors(diagnosis, piece.text, piece.line)


def _check_url(diagnosis: Diagnosis, url: str, where: Location) -> None:
    from checker.rules.url import check_url

    diagnosis.add(check_url(url.rstrip(".,;:"), location=where))


def _prose_urls(diagnosis: Diagnosis, text: str) -> None:
    """Check Voice API URLs mentioned in prose, outside every piece."""
    covered = set()
    for piece in diagnosis.pieces:
        covered.update(range(piece.line, piece.last_line + 1))
    for number, line in enumerate(text.split("\n"), start=1):
        if number in covered or "://" not in line:
            continue
        for match in _URL.finditer(line):
            if _VOICE_URL.search(match.group(0)):
                _check_url(diagnosis, match.group(0), location(diagnosis, number, match.start() + 1))


def _line_index(text: str, name: str) -> int:
    for index, line in enumerate(text.split("\n")):
        if re.match(rf"^\ufeff?\s*(export\s+)?{re.escape(name)}\s*=", line):
            return index
    return 0


_HANDLERS = {
    "header": _header_piece,
    "curl": _curl_piece,
    "transcript": _transcript_piece,
    "devtools": _devtools_piece,
    "har": _har_piece,
    "env": _env_piece,
    "code": _code_piece,
    "json": _json_piece,
    "error": _error_piece,
}
