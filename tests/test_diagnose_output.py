"""The three report formats and --redact, read the way a support engineer uses them."""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from checker.output.markdown import escape
from cli_support import run_cli

TICKETS = Path(__file__).parent / "data" / "tickets"
APP_ID = "64a1f0c2b7e94d3a8c5e1f27"
APP_KEY = "Qm7Zt2LxVb9NcR4sWp8YhK3dFj6GuE"
TOKEN = base64.b64encode(f"{APP_ID}:{APP_KEY}".encode()).decode()


def markdown_html(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    return markdown_it.MarkdownIt("commonmark").enable("table").render(text)


@pytest.mark.parametrize("name", sorted(path.name for path in TICKETS.iterdir() if path.name != "expected.json"))
def test_markdown_renders_cleanly(name):
    result = run_cli(["diagnose", "--format", "markdown", str(TICKETS / name)])
    html = markdown_html(result.stdout)
    findings = len(re.findall(r"^\d+\. \*\*", result.stdout, re.MULTILINE))

    assert result.stdout.startswith("**Diagnosis:** ")
    assert html.startswith("<p><strong>Diagnosis:</strong>")
    assert "<h3>Evidence (secrets masked)</h3>" in html
    tags = set(re.findall(r"</?([a-z0-9]+)", html))
    assert tags <= {"p", "strong", "em", "h3", "ol", "ul", "li", "code", "table", "thead", "tbody", "tr", "th", "td"}
    assert html.count("<ol>") == (1 if findings else 0)
    assert html.count("<li>") >= findings


def test_markdown_escapes_markup():
    assert escape("use <app-key> | not *this*") == "use \\<app-key\\> \\| not \\*this\\*"
    assert escape("keep `a_b <c>` as code") == "keep `a_b <c>` as code"
    assert escape("two\nlines") == "two lines"


def test_markdown_shows_fingerprint():
    result = run_cli(["diagnose", "--format", "markdown"], input=f"Authorization: Basic {TOKEN}\n".encode())

    assert "fingerprint `sha256:" in result.stdout
    assert "`64a1…1f27`" in result.stdout
    assert APP_KEY not in result.stdout


def test_text_first_line_is_diagnosis():
    result = run_cli(["diagnose"], input=f"Authorization: Basic {TOKEN}\n".encode())

    assert result.stdout.splitlines()[0].startswith("Diagnosis: The Authorization header is well formed")
    assert "sha256:" in result.stdout


def test_json_has_credentials_and_diagnosis():
    result = run_cli(["diagnose", "--format", "json"], input=f"Authorization: basic {TOKEN}\n".encode())
    report = result.json()

    assert report["credentials"]["app_id"]["masked"] == "64a1…1f27"
    assert report["credentials"]["app_key"]["length"] == 30
    assert report["diagnosis"]["lead"] == "AUTH103"
    assert report["diagnosis"]["pieces"] == [{"kind": "header", "line": 1}]


def test_json_format_keeps_exit_status():
    text = run_cli(["diagnose"], input=f"Authorization: Bearer {APP_KEY}\n".encode())
    json_output = run_cli(["diagnose", "--format", "json"], input=f"Authorization: Bearer {APP_KEY}\n".encode())

    assert text.exit_code == json_output.exit_code == 1


def test_two_keys_noted():
    other = base64.b64encode(f"{APP_ID}:OtherKey0123456789abcdefghijkl".encode()).decode()
    paste = f"ENABLEX_APP_ID={APP_ID}\nENABLEX_APP_KEY={APP_KEY}\n\nAuthorization: Basic {other}\n"

    result = run_cli(["diagnose", "--format", "json"], input=paste.encode())

    notes = result.json()["notes"]
    assert any("2 different App Keys" in note for note in notes)
    assert APP_KEY not in result.stdout


REDACT_INPUTS = {
    "header": f"Hello,\r\nAuthorization: Basic {TOKEN}\r\nThanks\r\n",
    "wrapped": f"Basic {base64.b64encode(f'{APP_ID}:{APP_KEY}-and-a-longer-tail'.encode()).decode()[:76]}\n"
               f"{base64.b64encode(f'{APP_ID}:{APP_KEY}-and-a-longer-tail'.encode()).decode()[76:]}\n",
    "curl": f"curl -u '{APP_ID}:{APP_KEY}' https://api.enablex.io/voice/v1/call\n",
    "userinfo": f"curl https://{APP_ID}:{APP_KEY}@api.enablex.io/voice/v1/call\n",
    "env": f"ENABLEX_APP_ID={APP_ID}\nENABLEX_APP_KEY=\"{APP_KEY}\"\n",
    "prose": f"My app key is {APP_KEY}, the id is {APP_ID}.\n",
    "code": f"const appKey = '{APP_KEY}';\nconst appId = '{APP_ID}';\n",
    "har": '{"log": {"entries": [{"request": {"method": "GET", "url": "https://api.enablex.io/voice/v1/call", '
           f'"headers": [{{"name": "Authorization", "value": "Basic {TOKEN}"}}]}}, '
           '"response": {"status": 403, "headers": []}}]}}',
}


@pytest.mark.parametrize("kind", sorted(REDACT_INPUTS))
def test_redact_masks_secrets(kind):
    paste = REDACT_INPUTS[kind]

    result = run_cli(["diagnose", "--redact"], input=paste.encode())

    assert result.exit_code == 0
    assert APP_KEY not in result.stdout
    assert TOKEN not in result.stdout
    assert TOKEN[:40] not in result.stdout
    assert "[redacted]" in result.stdout


def test_redact_keeps_everything_else():
    paste = REDACT_INPUTS["header"]

    result = run_cli(["diagnose", "--redact"], input=paste.encode())

    assert result.stdout == "Hello,\r\nAuthorization: Basic [redacted]\r\nThanks\r\n"


def test_redact_masks_known_app_id():
    paste = f"Our App ID is {APP_ID}.\nAuthorization: Basic {TOKEN}\n"

    result = run_cli(["diagnose", "--redact"], input=paste.encode())

    assert result.stdout == "Our App ID is 64a1…1f27.\nAuthorization: Basic [redacted]\n"


def test_redact_leaves_plain_words():
    paste = f"The token is expired and the password is wrong.\nAuthorization: Basic {TOKEN}\n"

    result = run_cli(["diagnose", "--redact"], input=paste.encode())

    assert result.stdout.startswith("The token is expired and the password is wrong.\n")


def test_redact_keeps_challenge_and_words():
    paste = ("We use Basic authentication as documented.\n"
             "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"EnableX API\"\n\n"
             "{\"token\": null}\n")

    result = run_cli(["diagnose", "--redact"], input=paste.encode())

    assert result.stdout == paste


def test_redact_masks_token_in_prose():
    paste = f"Our logs show basic={TOKEN} on every request\n"

    result = run_cli(["diagnose", "--redact"], input=paste.encode())

    assert TOKEN not in result.stdout
    assert result.stdout.startswith("Our logs show basic=")
