"""Fuzz the paste readers and the `diagnose` pipeline.

Invariant: for any paste, the readers (curl, `curl -v` transcripts, raw
HTTP, HAR, the piece splitter) and the pipeline from bytes to a rendered
report return a result or raise CheckerError. Neither the findings, the
report in every format, the `--redact` output nor an error message shows
the key, the token or `id:key`.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from checker import secrets
from checker.commands.diagnose import DiagnoseOptions, build_report, render
from checker.diagnose.analyze import analyze_text
from checker.diagnose.redact import redact
from checker.diagnose.story import tell
from checker.errors import CheckerError
from checker.readers.curl import parse_curl
from checker.readers.decode import decode_text
from checker.readers.detect import split_pieces
from checker.readers.har import load_har
from checker.readers.pieces import KINDS
from checker.readers.shellwords import split_words
from checker.readers.transcript import parse_http, parse_transcript
from checker.shapes import is_placeholder
from test_fuzz_common import (
    MISTAKE_CHARACTERS, app_ids, app_keys, assert_error_is_clean, assert_no_secret, b64, finding_texts,
    forbidden_forms, insert_at,
)

pytestmark = pytest.mark.fuzz

HOSTS = ["api.enablex.io", "api-qa.enablex.io", "api.enablex.io:8443", "127.0.0.1:8443"]
PATHS = ["/voice/v1/call", "/voice/v1/calls", "/voice/v1/broadcast", "/voice/v1/call/abc/stream",
         "/voice/v1/webclient/token", "/voice/v2/x", "/"]
RESPONSES = [
    ("401 Unauthorized", ['WWW-Authenticate: Basic realm="EnableX API"'], '{"result":401,"msg":"Unauthorized"}'),
    ("403 Forbidden", [], '{"result":403,"msg":"Forbidden"}'),
    ("405 Method Not Allowed", [], '{"result":405,"msg":"Method Not Allowed"}'),
    ("200 OK", [], '{"token": null}'),
    ("302 Found", ["Location: https://login.example.com/"], ""),
    ("407 Proxy Authentication Required", ["Proxy-Authenticate: Basic"], ""),
    ("429 Too Many Requests", ["Retry-After: 3"], ""),
    ("502 Bad Gateway", ["Content-Type: text/html"], "<html><body>Bad gateway</body></html>"),
    ("401 Unauthorized", [], "<html>blocked</html>"),
]


# A line break inside a pasted value ends it, and what follows is prose that no reader can know to be a key.
# The header tests cover line breaks inside the decoded value.
PASTE_MISTAKES = [char for char in MISTAKE_CHARACTERS if char not in "\r\n"]


@st.composite
def credentials(draw):
    """Draw an App ID, a key and the key as the paste carries it (maybe with one mistake)."""
    app_id = draw(app_ids)
    app_key = draw(app_keys)
    sent_key = app_key
    if draw(st.integers(0, 3)) == 0:
        sent_key = insert_at(sent_key, draw(st.integers(1, 60)), draw(st.sampled_from(PASTE_MISTAKES)))
    assume(not is_placeholder(sent_key))
    return app_id, app_key, sent_key


@st.composite
def authorization_values(draw, app_id, sent_key):
    token = b64(f"{app_id}:{sent_key}{draw(st.sampled_from(['', '', chr(10)]))}")
    form = draw(st.sampled_from(["basic", "basic", "lower", "raw", "urlsafe", "no-padding", "bearer", "wrapped"]))
    if form == "lower":
        return "basic " + token
    if form == "raw":
        return f"Basic {app_id}:{sent_key}"
    if form == "urlsafe":
        return "Basic " + token.replace("+", "-").replace("/", "_")
    if form == "no-padding":
        return "Basic " + token.rstrip("=")
    if form == "bearer":
        return "Bearer " + sent_key
    if form == "wrapped":
        return "Basic " + token[:70] + "\n" + token[70:] if len(token) > 70 else "Basic " + token
    return "Basic " + token


def _quote(draw, word: str) -> str:
    style = draw(st.sampled_from(["none", "single", "double", "dollar"]))
    if style == "none" and any(char in word for char in " \t'\""):
        # Unquoted, the shell would split the key into words that no reader can link to it.
        style = "single"
    if style == "single":
        return "'" + word.replace("'", "'\\''") + "'"
    if style == "double":
        return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if style == "dollar":
        # Control characters stay literal: --redact masks a key as the readers decode it, so a key
        # written with escapes (`\u0009`) would stay visible in that form, a known gap.
        return "$'" + word.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return word


@st.composite
def curl_commands(draw, app_id, sent_key, unclosed_quote=True):
    scheme = draw(st.sampled_from(["https", "https", "http"]))
    host = draw(st.sampled_from(HOSTS))
    # curl rejects a URL with whitespace in it, so a key with a space or tab is not put into userinfo.
    whitespace = any(char.isspace() for char in sent_key)
    userinfo = f"{app_id}:{sent_key}@" if draw(st.integers(0, 5)) == 0 and not whitespace else ""
    url = f"{scheme}://{userinfo}{host}{draw(st.sampled_from(PATHS))}"
    # Each unit is an option with its value, kept together when the order is shuffled.
    units = [[_quote(draw, url)]]

    auth = draw(st.sampled_from(["user", "user-attached", "user-long", "header", "both", "none", "oauth"]))
    if auth in ("user", "both"):
        units.append(["-u", _quote(draw, f"{app_id}:{sent_key}")])
    if auth == "user-attached":
        units.append(["-u" + _quote(draw, f"{app_id}:{sent_key}")])
    if auth == "user-long":
        units.append(["--user=" + _quote(draw, f"{app_id}:{sent_key}")])
    if auth in ("header", "both"):
        value = draw(authorization_values(app_id, sent_key)).replace("\n", "")
        units.append([draw(st.sampled_from(["-H", "--header"])), _quote(draw, "Authorization: " + value)])
    if auth == "oauth":
        units.append(["--oauth2-bearer", _quote(draw, sent_key)])
    units += draw(st.lists(st.sampled_from(
        [["-v"], ["-k"], ["-s"], ["-X", "POST"], ["-XGET"], ["-d", "'{\"domain\":\"www.example.com\"}'"],
         ["--json", "'{}'"], ["-H", "'Content-Type: application/json'"], ["-L"], ["--basic"], ["--digest"]]),
        max_size=4))
    units = draw(st.permutations(units))
    if draw(st.integers(0, 5)) == 0:
        units.append(["|", "jq", "."])
    words = [word for unit in units for word in unit]

    joiners = draw(st.lists(st.sampled_from([" ", " ", " \\\n  ", " \\\r\n", " ^\n", " `\n", "  "]),
                            min_size=len(words), max_size=len(words)))
    command = draw(st.sampled_from(["curl", "curl", "$ curl", "curl.exe"]))
    for joiner, word in zip(joiners, words):
        command += joiner + word
    if draw(st.integers(0, 8)) == 0:
        command += draw(st.sampled_from(["'", '"', " \\"] if unclosed_quote else [" \\"]))
    return command


@st.composite
def http_exchanges(draw, app_id, sent_key, prefixed: bool):
    method = draw(st.sampled_from(["GET", "POST", "PUT"]))
    request = [f"{method} {draw(st.sampled_from(PATHS))} HTTP/1.1", f"Host: {draw(st.sampled_from(HOSTS))}"]
    for _ in range(draw(st.integers(0, 2))):
        request += ["Authorization: " + draw(authorization_values(app_id, sent_key))]
    request += draw(st.lists(st.sampled_from(["Accept: */*", "User-Agent: curl/8.5.0", "Content-Length: 2",
                                              " folded-continuation", "Broken header line"]), max_size=2))
    status, headers, body = draw(st.sampled_from(RESPONSES))
    response = [f"HTTP/1.1 {status}", *headers, f"Content-Length: {len(body)}"]
    if prefixed:
        lines = ["*   Trying 127.0.0.1:443...", "* Connected to api.enablex.io"]
        lines += ["> " + line for line in "\n".join(request).split("\n")] + [">"]
        lines += ["< " + line for line in response] + ["<", body]
        if draw(st.booleans()):
            lines.append("* Connection #0 left intact")
        return "\n".join(lines)
    return "\n".join(request + ["", "{}" if method != "GET" else "", ""] + response + ["", body])


def har_document(app_id: str, sent_key: str, header_value: str) -> dict:
    return {"log": {"version": "1.2", "creator": {"name": "Firefox", "version": "120"}, "entries": [
        {"startedDateTime": "2026-01-01T00:00:00Z",
         "request": {"method": "POST", "url": f"https://api.enablex.io/voice/v1/call?u={app_id}",
                     "httpVersion": "HTTP/1.1",
                     "headers": [{"name": "Authorization", "value": header_value},
                                 {"name": "Host", "value": "api.enablex.io"}],
                     "postData": {"mimeType": "application/json", "text": "{}"}},
         "response": {"status": 403, "statusText": "Forbidden", "headers": [],
                      "content": {"text": b64('{"result":403}'), "encoding": "base64", "mimeType": "json"},
                      "_error": None}},
        {"request": {"method": "GET", "url": "https://cdn.example.com/app.js", "headers": []},
         "response": {"status": 200, "headers": []}},
    ]}}


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-2, 1200) | st.floats(allow_nan=False) | st.text(max_size=10),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=6,
)
HAR_PATHS = [
    (), ("log",), ("log", "entries"), ("log", "entries", 0), ("log", "entries", 0, "request"),
    ("log", "entries", 0, "request", "method"), ("log", "entries", 0, "request", "url"),
    ("log", "entries", 0, "request", "headers"), ("log", "entries", 0, "request", "headers", 0),
    ("log", "entries", 0, "request", "headers", 0, "name"), ("log", "entries", 0, "request", "headers", 0, "value"),
    ("log", "entries", 0, "request", "postData"), ("log", "entries", 0, "response", "status"),
    ("log", "entries", 0, "response", "content"), ("log", "entries", 0, "response", "content", "text"),
    ("log", "entries", 0, "response", "headers"), ("log", "entries", 0, "response", "_error"),
    ("log", "entries", 1, "response", "status"), ("log", "creator", "name"),
]


@st.composite
def har_texts(draw, app_id, sent_key):
    """Build a HAR export that is valid, has one value of a wrong type, or is cut short."""
    value = draw(authorization_values(app_id, sent_key))
    document = har_document(app_id, sent_key, value)
    mutations = ["valid", "wrong-type", "wrong-type", "secret-in-wrong-type", "truncated"]
    if any(char.isspace() for char in sent_key):
        # NOTE: a HAR file cut short is read as prose, where --redact masks `Basic id:key` only up to
        # a space inside the key. That gap is open, so such keys do not go into truncated files.
        mutations.remove("truncated")
    mutation = draw(st.sampled_from(mutations))
    if mutation in ("wrong-type", "secret-in-wrong-type"):
        # A string field (method, url, statusText) holding a token is valid HAR and shown as written,
        # so the secret goes only where a string is the wrong type.
        paths = HAR_PATHS if mutation == "wrong-type" else [path for path in HAR_PATHS if path[-1:] not in (
            ("method",), ("url",), ("name",), ("value",), ("text",), ("_error",))]
        path = draw(st.sampled_from(paths))
        replacement = draw(json_values) if mutation == "wrong-type" else draw(st.sampled_from(
            [value, [value], {"value": value}, f"Authorization: {value}", [{"name": "Authorization"}], 1.5]))
        if not path:
            document = replacement
        else:
            parent = document
            for step in path[:-1]:
                parent = parent[step]
            parent[path[-1]] = replacement
    text = json.dumps(document, indent=draw(st.sampled_from([None, 2])), ensure_ascii=draw(st.booleans()))
    if mutation == "truncated":
        text = text[:draw(st.integers(1, max(1, len(text) - 1)))]
    return text


def env_block(app_id: str, sent_key: str, quote: str) -> str:
    return f"ENABLEX_APP_ID={app_id}\nENABLEX_APP_KEY={quote}{sent_key}{quote}\n"


CODE_BLOCKS = [
    lambda i, k: f"const appKey = '{k}';\nconst auth = Buffer.from(appId + appKey).toString('base64');",
    lambda i, k: f"APP_KEY = \"{k}\"\nheaders = {{'Authorization': 'Basic ' + base64.encodebytes(b).decode()}}",
    lambda i, k: f"```python\nimport requests\nrequests.get(url, auth=('{i}', '{k}'), verify=False)\n```",
    lambda i, k: f"<?php\n$appKey = '{k}';\ncurl_setopt($ch, CURLOPT_USERPWD, \"{i}:{k}\");",
    lambda i, k: f"TOKEN=$(echo \"{i}:$KEY\" | base64)\ncurl -H \"Authorization: Basic $TOKEN\" https://api.enablex.io/voice/v1/call",
]
PROSE = [
    "Hello team, calls fail since the weekend.", "Thanks,\nPriya", "curl: (60) SSL certificate problem: unable to "
    "get local issuer certificate", "Error: getaddrinfo ENOTFOUND api.enablex.io", "-- \nSent from my phone",
    "See https://api.enablex.io/voice/v1/call for the endpoint.", "{\"result\":401,\"msg\":\"Unauthorized\"}",
    "Request URL: https://api.enablex.io/voice/v1/webclient/token\nRequest Method: POST\nStatus Code: 405",
    "> > quoted twice", "",
]
# NOTE: a code fence that never closes makes the rest of the paste one code piece, in which env
# files and headers are not read (curl commands are), so --redact shows their keys. Only the last
# block of a paste may be such a fence.
UNCLOSED_FENCES = ["```", "~~~js"]


@st.composite
def pastes(draw):
    """Build an email-like paste of several blocks that all carry the same credentials."""
    app_id, app_key, sent_key = draw(credentials())
    forbidden = forbidden_forms(app_id, app_key, sent_key)
    kinds = draw(st.lists(st.sampled_from(
        ["header", "curl", "transcript", "http", "har", "env", "code", "prose"]), min_size=1, max_size=4))
    blocks = []
    for position, kind in enumerate(kinds):
        if kind == "header":
            block = "Authorization: " + draw(authorization_values(app_id, sent_key))
        elif kind == "curl":
            # NOTE: a quote that never closes makes the curl command take in the blocks after it,
            # whose secrets are then never read, so --redact shows them. Only the last block gets one.
            block = draw(curl_commands(app_id, sent_key, unclosed_quote=position == len(kinds) - 1))
        elif kind in ("transcript", "http"):
            block = draw(http_exchanges(app_id, sent_key, prefixed=kind == "transcript"))
        elif kind == "har":
            block = draw(har_texts(app_id, sent_key))
        elif kind == "env":
            block = env_block(app_id, sent_key, draw(st.sampled_from(["", '"', "'", "“"])))
        elif kind == "code":
            block = draw(st.sampled_from(CODE_BLOCKS))(app_id, sent_key)
        elif position == len(kinds) - 1:
            block = draw(st.sampled_from(PROSE + UNCLOSED_FENCES))
        else:
            block = draw(st.sampled_from(PROSE))
        if draw(st.integers(0, 5)) == 0:
            block = "\n".join("> " + line for line in block.split("\n"))
        blocks.append(block)
    separator = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n"]))
    return separator.join(blocks), forbidden


def _diagnose(data: bytes | str, forbidden: set[str], kind: str | None, output_format: str) -> None:
    """Run the pipeline that `diagnose` runs, from the input to every output, and check the invariant."""
    secrets.clear()
    try:
        text = decode_text(data, "<stdin>") if isinstance(data, bytes) else data
        diagnosis = analyze_text(text, "<stdin>", kind)
    except CheckerError as error:
        assert_error_is_clean(error, forbidden)
        return
    story = tell(diagnosis)
    report = build_report(diagnosis, story, [])
    rendered = render(report, story, diagnosis, DiagnoseOptions(output_format=output_format, verbose=1))

    texts = finding_texts(diagnosis.findings) + finding_texts(story.findings)
    texts += [story.headline, rendered, *report.notes, *diagnosis.notes]
    texts += [response.cause for response in diagnosis.responses]
    assert_no_secret(texts, forbidden)
    if kind is None:
        assert_no_secret([redact(text, diagnosis)], forbidden)


@given(paste=pastes(), encoding=st.sampled_from([None, "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1252"]),
       output_format=st.sampled_from(["text", "json", "markdown"]))
def test_diagnose_paste_no_secret(paste, encoding, output_format):
    text, forbidden = paste
    if encoding is None:
        _diagnose(text, forbidden, None, output_format)
    else:
        _diagnose(text.encode(encoding, "replace"), forbidden, None, output_format)


@given(paste=pastes(), kind=st.sampled_from(KINDS), output_format=st.sampled_from(["text", "json", "markdown"]))
def test_diagnose_forced_kind(paste, kind, output_format):
    text, forbidden = paste
    _diagnose(text, forbidden, kind, output_format)


@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)),
       kind=st.none() | st.sampled_from(KINDS))
def test_diagnose_any_bytes(data, kind):
    _diagnose(data, set(), kind, "json")


@given(app=credentials(), data=st.data())
def test_har_reader_no_secret(app, data):
    app_id, app_key, sent_key = app
    forbidden = forbidden_forms(app_id, app_key, sent_key)
    text = data.draw(har_texts(app_id, sent_key))
    secrets.clear()
    try:
        exchanges, total = load_har(text, "ticket.har")
    except CheckerError as error:
        assert_error_is_clean(error, forbidden)
        return
    assert total >= len(exchanges)


@given(document=json_values)
def test_har_reader_any_json(document):
    secrets.clear()
    try:
        load_har(json.dumps(document), "ticket.har")
    except CheckerError as error:
        assert_error_is_clean(error, set())


@given(app=credentials(), data=st.data())
def test_curl_reader_generated(app, data):
    app_id, _, sent_key = app
    command = data.draw(curl_commands(app_id, sent_key))
    secrets.clear()

    parsed = parse_curl(command)

    assert parsed.method
    assert parsed.auth_scheme
    for option in parsed.options:
        assert parsed.line_of(option.word) >= 1


@given(text=st.text(alphabet=st.sampled_from(list("curl -uHXd'\"\\\n\r\t^`$=:@/ab12")), max_size=80))
def test_curl_reader_syntax_soup(text):
    secrets.clear()
    parsed = parse_curl(text)
    assert isinstance(parsed.method, str)  # `-X ''` sets an empty method
    for option in parsed.options:
        assert parsed.line_of(option.word) >= 1


def _chrome_bash_quote(value: str) -> str:
    """Quote a value the way Chrome DevTools' "Copy as cURL (bash)" does for values that need `$'...'`."""
    escaped = value.replace("\\", "\\\\").replace("'", "\\'").replace("\n", "\\n").replace("\r", "\\r")
    escaped = "".join(f"\\u{ord(char):04x}" if ord(char) < 0x20 or 0x7F <= ord(char) <= 0x9F or char == "!"
                      else char for char in escaped)
    return "$'" + escaped + "'"


@given(value=st.text(max_size=60))
def test_shell_words_decode_ansi_c(value):
    words = split_words(f"curl -H {_chrome_bash_quote(value)} https://api.enablex.io/voice/v1/call")

    assert [word.value for word in words] == ["curl", "-H", value, "https://api.enablex.io/voice/v1/call"]
    assert words[2].offset == 8


@given(text=st.text(max_size=200))
def test_shell_words_any_text(text):
    try:
        words = split_words(text)
    except ValueError:
        return  # UnbalancedQuote, which parse_curl turns into a problem note.
    for word in words:
        assert 0 <= word.offset <= len(text)


@given(app=credentials(), prefixed=st.booleans(), noise=st.text(max_size=40), data=st.data())
def test_transcript_readers_generated(app, prefixed, noise, data):
    app_id, _, sent_key = app
    text = data.draw(http_exchanges(app_id, sent_key, prefixed)) + "\n" + noise
    secrets.clear()

    exchanges = parse_transcript(text)
    message = parse_http(text)

    for exchange in exchanges:
        assert exchange.request is not None or exchange.response is not None or exchange.info
    assert message is None or message.line == 1


@given(text=st.text(alphabet=st.sampled_from(list("<>* HTTP/1.GET/ 401\nAuthorization: Basic=x\r\t")), max_size=120))
def test_transcript_readers_syntax_soup(text):
    secrets.clear()
    parse_transcript(text)
    parse_http(text)


@given(paste=pastes(), noise=st.text(max_size=60))
def test_splitter_pieces_in_range(paste, noise):
    text = paste[0] + "\n" + noise
    line_count = text.count("\n") + 1

    pieces = split_pieces(text)

    for piece in pieces:
        assert piece.kind in KINDS
        assert 1 <= piece.line <= piece.last_line <= line_count


# Inputs the fuzz tests above found, kept as plain regression tests.
APP_ID = "5f1e99bf90ce3c3c0c52e646"
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"
TOKEN = b64(f"{APP_ID}:{APP_KEY}")


def test_har_wrong_type_hides_value():
    document = har_document(APP_ID, APP_KEY, "Basic " + TOKEN)
    value = "Authorization: Basic " + TOKEN
    document["log"]["entries"][0]["request"]["headers"] = value

    with pytest.raises(CheckerError) as raised:
        load_har(json.dumps(document), "ticket.har")

    assert "request.headers" in str(raised.value)
    assert f"a string of {len(value)} characters is not of type 'array'" in str(raised.value)
    assert_no_secret([str(raised.value)], forbidden_forms(APP_ID, APP_KEY))


def test_har_empty_method_message():
    document = har_document(APP_ID, APP_KEY, "Basic " + TOKEN)
    document["log"]["entries"][0]["request"]["method"] = ""

    with pytest.raises(CheckerError) as raised:
        load_har(json.dumps(document), "ticket.har")

    assert "an empty string is shorter than the minimum length of 1" in str(raised.value)


@pytest.mark.parametrize("command", [
    "\\",
    f"curl -u {APP_ID}:{APP_KEY} https://api.enablex.io/voice/v1/call \\",
    f"curl -u '{APP_ID}:{APP_KEY}' \\\n  https://api.enablex.io/voice/v1/call \\",
    '"\\ ',
    f'curl -u "{APP_ID}:{APP_KEY} \\',
])
def test_curl_trailing_backslash_parses(command):
    parsed = parse_curl(command)

    assert parsed.method == "GET"


def test_curl_trailing_backslash_keeps_user():
    parsed = parse_curl(f"curl -u {APP_ID}:{APP_KEY} https://api.enablex.io/voice/v1/call \\")

    assert parsed.values("user") == [f"{APP_ID}:{APP_KEY}"]
    assert parsed.urls == ["https://api.enablex.io/voice/v1/call"]


def test_curl_unclosed_quote_drops_trailing_space():
    parsed = parse_curl(f"curl -u '{APP_ID}:{APP_KEY}  \n")

    assert parsed.values("user") == [f"{APP_ID}:{APP_KEY}"]
    assert parsed.problems


def _redacted(text: str) -> str:
    return redact(text, analyze_text(text, "<stdin>"))


@pytest.mark.parametrize("mistake", [" ", "\t", "\u00a0"])
def test_redact_quoted_key_with_space(mistake):
    key = APP_KEY[:12] + mistake + APP_KEY[12:]
    text = f"const appKey = '{key}';\nconst auth = Buffer.from(appId + appKey).toString('base64');\n"

    redacted = _redacted(text)

    assert "const appKey = '[redacted]';" in redacted
    assert APP_KEY[12:] not in redacted


@pytest.mark.parametrize("line", [
    f"requests.get(url, auth=('{APP_ID}', '{APP_KEY}'), verify=False)",
    f'auth = HTTPBasicAuth("{APP_ID}", "{APP_KEY}")',
    f"request.basic_auth('{APP_ID}', '{APP_KEY}')",
])
def test_redact_auth_pair_literal(line):
    redacted = _redacted(f"import requests\n{line}\n")

    assert APP_KEY not in redacted
    assert "[redacted]" in redacted


def test_redact_letters_only_token():
    token = b64("000000000000000000000000:0000000A")
    assert not any(char.isdigit() or char in "+/=" for char in token)

    # No reader claims a JSON document that is not a platform response, so only redact's own pattern matches it.
    redacted = _redacted(json.dumps({"headers": {"Authorization": f"Basic {token}"}}))

    assert token not in redacted


@pytest.mark.parametrize("before", ["> ", "Hi, here is the HAR export:\n\n"])
@pytest.mark.parametrize("indent", [None, 2])
def test_har_inside_email_is_read(before, indent):
    har = json.dumps(har_document(APP_ID, APP_KEY, "Basic " + TOKEN), indent=indent)
    text = "".join(before + line + "\n" for line in har.split("\n")) if before == "> " else before + har

    diagnosis = analyze_text(text, "<stdin>")

    assert [piece.kind for piece in diagnosis.pieces] == ["har"]
    assert diagnosis.responses
    assert TOKEN not in redact(text, diagnosis)


def test_url_message_stops_at_line_break():
    text = (f"curl https://{APP_ID}:{APP_KEY}@api.enablex.io/voice/v1/call'\n"
            f"Authorization: Basic {TOKEN}\n")

    diagnosis = analyze_text(text, "<stdin>")

    codes = [finding.code for finding in diagnosis.findings]
    assert "URL402" in codes
    assert_no_secret(finding_texts(diagnosis.findings), forbidden_forms(APP_ID, APP_KEY))


def test_curl_ansi_c_quoted_header():
    parsed = parse_curl(f"curl -H $'Authorization: Basic {TOKEN}' https://api.enablex.io/voice/v1/call")

    assert parsed.headers == [("Authorization", f"Basic {TOKEN}")]


def test_diagnose_ansi_c_quoted_header():
    text = f"curl -H $'Authorization: Basic {TOKEN}' https://api.enablex.io/voice/v1/call\n"

    diagnosis = analyze_text(text, "<stdin>")

    assert diagnosis.headers_checked == 1
    assert "AUTH101" not in [finding.code for finding in diagnosis.findings]


def test_shell_words_ansi_c_escapes():
    words = split_words("printf $'it\\'s\\n\\x41\\u00e9\\101\\q' done")

    assert [word.value for word in words] == ["printf", "it's\nAéA\\q", "done"]
    assert [word.offset for word in words] == [0, 7, 34]


def test_splitter_ansi_c_quote_with_escaped_quote():
    text = ("curl --data-raw $'{\"name\":\"it\\'s\"}' \\\n"
            f"  -u '{APP_ID}:{APP_KEY}' https://api.enablex.io/voice/v1/call\nThanks")

    pieces = split_pieces(text)

    assert [(piece.kind, piece.line, piece.last_line) for piece in pieces] == [("curl", 1, 2)]


@pytest.mark.parametrize(("first_line", "kind"), [
    (f"curl -u {APP_ID}:{APP_KEY} https://api.enablex.io/voice/v1/call", "curl"),
    ("> GET /voice/v1/call HTTP/1.1\n> Host: api.enablex.io\n>\n< HTTP/1.1 403 Forbidden", "transcript"),
    (f"GET /voice/v1/call HTTP/1.1\nHost: api.enablex.io\nAuthorization: Basic {TOKEN}", "http"),
])
def test_splitter_reads_past_bom(first_line, kind):
    text = "\ufeff" + first_line + "\n"

    diagnosis = analyze_text(text, "<stdin>")

    assert [piece.kind for piece in diagnosis.pieces] == [kind]
    assert APP_KEY not in redact(text, diagnosis)


def test_splitter_keeps_env_bom():
    diagnosis = analyze_text(f"\ufeffENABLEX_APP_ID={APP_ID}\nENABLEX_APP_KEY={APP_KEY}\n", "<stdin>")

    assert "ENV301" in [finding.code for finding in diagnosis.findings]


def test_splitter_peels_quoted_http_exchange():
    exchange = ("GET /voice/v1/call HTTP/1.1\nHost: api.enablex.io\n\nHTTP/1.1 401 Unauthorized\n"
                'WWW-Authenticate: Basic realm="EnableX API"\n\n{"result":401,"msg":"Unauthorized"}\n'
                f"curl https://{APP_ID}:{APP_KEY}@api.enablex.io/voice/v1/call\n")
    text = "".join("> " + line + "\n" for line in exchange.splitlines())

    diagnosis = analyze_text(text, "<stdin>")

    assert [piece.kind for piece in diagnosis.pieces] == ["http", "http", "curl"]
    assert APP_KEY not in redact(text, diagnosis)


def test_splitter_keeps_curl_verbose_transcript():
    text = ("* Connected to api.enablex.io\n> GET /voice/v1/call HTTP/1.1\n> Host: api.enablex.io\n>\n"
            "< HTTP/1.1 403 Forbidden\n<\n{\"result\":403}\n")

    pieces = split_pieces(text)

    assert [piece.kind for piece in pieces] == ["transcript"]


@pytest.mark.parametrize(("fence", "end"), [("```js", "```"), ("~~~python", "~~~"), ("```php", ""), ("~~~js\n", "")])
def test_splitter_reads_curl_in_other_fence(fence, end):
    text = f"{fence}\n> curl https://api.enablex.io/voice/v1/call -u{APP_ID}:{APP_KEY}\n{end}\n"

    diagnosis = analyze_text(text, "<stdin>")

    assert [piece.kind for piece in diagnosis.pieces] == ["code", "curl"]
    assert APP_KEY not in redact(text, diagnosis)


def test_redact_masks_longest_pair_first():
    token = b64(f"{APP_ID}:{APP_KEY}")
    # Email quoting keeps the wrapped token's second line apart, so the header decodes to a cut-short key.
    text = (f"> Authorization: Basic {token[:52]}\n> {token[52:]}\n\n"
            f"> curl https://api.enablex.io/voice/v1/call -u '{APP_ID}:{APP_KEY}'\n")

    redacted = _redacted(text)

    assert APP_KEY not in redacted
    assert APP_KEY[-8:] not in redacted
