"""Fuzz the per-file scan, which runs the SRC rules, on generated files in several languages.

Invariant: `engine.source_from_bytes` and `engine.scan_source` return
findings for any file content, and no finding's message, cause, fix or
evidence shows the key, the token or `id:key`.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, event, given
from hypothesis import strategies as st

from checker import secrets
from checker.scan import engine
from checker.shapes import is_placeholder
from test_fuzz_common import (
    MISTAKE_CHARACTERS, app_ids, app_keys, assert_no_secret, b64, finding_texts, forbidden_forms, insert_at,
)

pytestmark = pytest.mark.fuzz

ALL_CODES = engine.enabled_codes((), ())
# A line break inside a literal ends the line that the rules read, so the rest is not a key to them.
SOURCE_MISTAKES = [char for char in MISTAKE_CHARACTERS if char not in "\r\n"]
URLS = ["https://api.enablex.io/voice/v1/call", "http://api.enablex.io/voice/v1/calls",
        "http://api-qa.enablex.io/voice/v1/broadcast", "https://api.enablex.io/voice/v1/webclient/token"]

# (path, line templates). {i} is the App ID, {k} the key, {t} the Base64 token and {u} a URL.
LANGUAGES = [
    ("app/client.py", [
        'APP_KEY = "{k}"', "ENABLEX_APP_KEY = '{k}'", 'requests.get("{u}", auth=("{i}", "{k}"), verify=False)',
        'headers = {{"Authorization": "Basic {t}"}}', 'token = base64.encodebytes(f"{{app_id}}{{app_key}}".encode())',
        "import base64, requests", "auth = base64.b64encode((app_id + app_key).encode())",
        'password = "{k}"  # enablex',
    ]),
    ("src/voice.js", [
        "const appKey = '{k}';", 'fetch("https://{i}:{k}@api.enablex.io/voice/v1/call")',
        "headers: {{ Authorization: 'Bearer {k}' }}", "const agent = new https.Agent({{ rejectUnauthorized: false }});",
        "const auth = Buffer.from(appId + appKey).toString('base64');", "axios.get('{u}')",
        "const header = 'Basic ' + btoa(`${{appId}}:${{appKey}}`);",
    ]),
    ("public/index.html", [
        '<script>const appKey = "{k}";</script>', "<script>fetch('{u}', {{headers: {{Authorization: 'Basic {t}'}}}})",
        "<p>EnableX voice demo</p>",
    ]),
    ("scripts/call.sh", [
        'curl -u "{i}:{k}" {u}', "curl -k -u '{i}:{k}' {u}", 'echo "{i}:{k}" | base64', "TOKEN=$(echo $APP_ID:$APP_KEY | base64)",
        "export ENABLEX_APP_KEY={k}", 'curl -H "Authorization: Basic {t}" {u}', "base64 <<< \"$ENABLEX_APP_ID:$ENABLEX_APP_KEY\"",
        'curl -u "$ENABLEX_APP_ID:{k}" {u}',
    ]),
    (".env", ["ENABLEX_APP_ID={i}", "ENABLEX_APP_KEY={k}", 'ENABLEX_APP_KEY="{k}"', "# enablex", "PORT=8080"]),
    ("config/settings.yaml", ["enablex:", "  app_id: {i}", "  app_key: {k}", "  url: {u}", "  app_key: \"{k}\""]),
    ("lib/Voice.php", [
        "<?php", "$appKey = '{k}';", 'curl_setopt($ch, CURLOPT_USERPWD, "{i}:{k}");',
        "curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);", "$url = '{u}';",
    ]),
    ("cmd/main.go", ['appKey := "{k}"', 'req.Header.Set("Authorization", "Basic {t}")', 'url := "{u}"']),
    ("src/Main.java", ['String appKey = "{k}";', 'String auth = Base64.getMimeEncoder().encodeToString(b);',
                       'conn.setRequestProperty("Authorization", "Basic {t}");']),
    ("lib/voice.rb", ['APP_KEY = "{k}"', 'Base64.encode64("#{{app_id}}:#{{app_key}}")', "uri = URI('{u}')"]),
    ("README.md", ["```sh", 'curl -u "{i}:{k}" {u}', "```", "Set ENABLEX_APP_KEY in the environment."]),
    ("notes.txt", ["app key: {k}", "Authorization: Basic {t}"]),
]
IGNORE_COMMENTS = ["  # enablex-authcheck: ignore[SRC601]", "  // enablex-authcheck: ignore", ""]


@st.composite
def source_files(draw):
    """Build a file of one language with the credentials in typical places.

    Returns the path, the content and the strings that no message may contain.
    """
    app_id = draw(app_ids)
    app_key = draw(app_keys)
    sent_key = app_key
    if draw(st.integers(0, 3)) == 0:
        sent_key = insert_at(sent_key, draw(st.integers(1, 60)), draw(st.sampled_from(SOURCE_MISTAKES)))
    assume(not is_placeholder(sent_key))
    token = b64(f"{app_id}:{sent_key}")
    if draw(st.booleans()):
        token = token.rstrip("=")

    path, templates = draw(st.sampled_from(LANGUAGES))
    if draw(st.integers(0, 4)) == 0:
        path = draw(st.sampled_from(["static/app.min.js", "Dockerfile", "deploy/prod.env", "x", "a/b.c.d"]))
    chosen = draw(st.lists(st.sampled_from(templates), min_size=1, max_size=6))
    lines = []
    for template in chosen:
        url = draw(st.sampled_from(URLS))
        line = template.format(i=app_id, k=sent_key, t=token, u=url)
        lines.append(line + draw(st.sampled_from(IGNORE_COMMENTS)))
    lines += draw(st.lists(st.text(max_size=40), max_size=2))
    lines = draw(st.permutations(lines))
    ending = draw(st.sampled_from(["\n", "\r\n"]))
    content = ending.join(lines) + ending
    return path, content, forbidden_forms(app_id, app_key, sent_key)


def _scan(path: str, data: bytes) -> list:
    secrets.clear()
    source = engine.source_from_bytes(data, path, path)
    if source is None:
        return []
    findings = engine.scan_source(source, ALL_CODES)
    for finding in findings:
        assert finding.code.startswith("SRC")
        assert finding.location is not None
        assert finding.location.path == path
        assert 1 <= finding.location.line <= source.text.count("\n") + 1
    return findings


@given(file=source_files())
def test_scan_file_no_secret(file):
    path, content, forbidden = file

    findings = _scan(path, content.encode("utf-8"))

    for code in sorted({finding.code for finding in findings}) or ["no finding"]:
        event(code)
    assert_no_secret(finding_texts(findings), forbidden)


@given(file=source_files(), position=st.integers(0, 2000), junk=st.binary(min_size=1, max_size=6))
def test_scan_file_with_junk_bytes(file, position, junk):
    path, content, forbidden = file
    data = content.encode("utf-8")
    position %= len(data) + 1

    findings = _scan(path, data[:position] + junk + data[position:])

    assert_no_secret(finding_texts(findings), forbidden)


@given(path=st.sampled_from([path for path, _ in LANGUAGES]), data=st.binary(max_size=600))
def test_scan_any_bytes(path, data):
    _scan(path, b"enablex app_key basic /voice/v1\n" + data)


@given(path=st.sampled_from([path for path, _ in LANGUAGES]),
       text=st.lists(st.sampled_from(list("enablx_pkyBasic /voie1:=\"'`$!{}()\\\n\t#<>@.-+") + ["http://"]),
                     max_size=200).map("".join))
def test_scan_syntax_soup(path, text):
    _scan(path, text.encode("utf-8"))
