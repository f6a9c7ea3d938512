"""Evidence linking: one story per ticket, with the most likely cause first."""

from __future__ import annotations

import base64

import pytest

from checker.diagnose.analyze import analyze_text
from checker.diagnose.story import tell

APP_ID = "64a1f0c2b7e94d3a8c5e1f27"
APP_KEY = "Qm7Zt2LxVb9NcR4sWp8YhK3dFj6GuE"
GOOD = base64.b64encode(f"{APP_ID}:{APP_KEY}".encode()).decode()
NEWLINE = base64.b64encode(f"{APP_ID}:{APP_KEY}\n".encode()).decode()
NO_COLON = base64.b64encode(f"{APP_ID}{APP_KEY}".encode()).decode()
RESPONSE_401 = "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"EnableX API\"\n\n{\"result\":401}"
RESPONSE_403 = "HTTP/1.1 403 Forbidden\nContent-Type: application/json\n\n{\"result\":403,\"msg\":\"Forbidden\"}"


def story_of(text: str):
    return tell(analyze_text(text, "<stdin>"))


def test_good_header_403_blames_credentials():
    story = story_of(f"Authorization: Basic {GOOD}\n\n{RESPONSE_403}")

    assert story.lead.code == "PROBE502"
    assert "well formed" in story.headline
    assert "fingerprint sha256:" in story.headline
    assert APP_KEY not in story.headline


def test_broken_header_401_blames_header():
    story = story_of(f"Authorization: Basic {NO_COLON}\n\n{RESPONSE_401}")

    assert story.lead.code == "AUTH109"
    assert story.headline.startswith("The platform answered 401 because the Authorization header is malformed")
    assert [finding.code for finding in story.findings][:2] == ["AUTH109", "PROBE501"]


def test_value_problem_403_blames_value():
    story = story_of(f"Authorization: Basic {NEWLINE}\n\n{RESPONSE_403}")

    assert story.lead.code == "AUTH110"
    assert "denied the credentials (403)" in story.headline


def test_good_header_401_points_at_transport():
    story = story_of(f"Authorization: Basic {GOOD}\n\n{RESPONSE_401}")

    assert story.lead.code == "PROBE501"
    assert "did not carry this header" in story.headline


def test_401_alone_asks_for_request():
    story = story_of(RESPONSE_401)

    assert story.lead.code == "PROBE501"
    assert "curl -v" in story.headline


def test_tls_failure_leads_over_header():
    story = story_of(f"Authorization: basic {GOOD}\ncurl: (60) SSL certificate problem: certificate has expired")

    assert story.lead.code == "PROBE509"
    assert "expired" in story.headline
    assert "AUTH103" in [finding.code for finding in story.findings]


def test_errors_before_warnings():
    story = story_of(f"curl -k -u '{APP_ID}:{APP_KEY}' http://api-qa.enablex.io:8443/voice/v1/call")
    codes = [finding.code for finding in story.findings]
    severities = [finding.severity.value for finding in story.findings]

    assert codes[0] == "URL401"
    assert severities == sorted(severities)


def test_nothing_relevant():
    story = story_of("Hi, the calls do not work since Monday. Regards")

    assert story.nothing_found
    assert story.lead is None


@pytest.mark.parametrize("status, code", [(407, "PROBE506"), (429, "PROBE507"), (503, "PROBE508")])
def test_inconclusive_answers_lead(status, code):
    story = story_of(f"Authorization: Basic {GOOD}\n\nHTTP/1.1 {status} Whatever\nRetry-After: 10\n")

    assert story.lead.code == code


def test_redirect_then_missing_header_noted():
    transcript = (f"> GET /voice/v1/call HTTP/1.1\n> Host: api.enablex.io\n> Authorization: Basic {GOOD}\n>\n"
                  "< HTTP/1.1 302 Found\n< Location: https://voice.example.net/voice/v1/call\n<\n"
                  "> GET /voice/v1/call HTTP/1.1\n> Host: voice.example.net\n>\n"
                  "< HTTP/1.1 401 Unauthorized\n<\n")
    diagnosis = analyze_text(transcript, "<stdin>")

    assert tell(diagnosis).lead.code == "PROBE505"
    assert any("without the Authorization header" in note for note in diagnosis.notes)


def test_405_without_request_mentions_token_endpoint():
    diagnosis = analyze_text("HTTP/1.1 405 Method Not Allowed\n\n{\"result\":405}", "<stdin>")

    assert tell(diagnosis).headline.startswith("Authentication passed")
    assert any("/voice/v1/webclient/token" in note for note in diagnosis.notes)


def test_swapped_credentials_lead_403():
    swapped = base64.b64encode(f"{APP_KEY}:{APP_ID}".encode()).decode()

    story = story_of(f"Authorization: Basic {swapped}\n\n{RESPONSE_403}")

    assert story.lead.code == "CRED210"


def test_shell_token_script():
    paste = ('TOKEN=$(echo "$ENABLEX_APP_ID:$ENABLEX_APP_KEY" | base64)\n'
             'curl -s -H "Authorization: Basic $TOKEN" https://api.enablex.io/voice/v1/call\n')
    diagnosis = analyze_text(paste, "<stdin>")

    assert [piece.kind for piece in diagnosis.pieces] == ["code", "curl"]
    assert tell(diagnosis).lead.code == "SRC609"
    assert any("computed by the shell" in note for note in diagnosis.notes)


@pytest.mark.parametrize("value", ["Basic ****", "Basic <redacted>", "REDACTED", "Basic XXXXXXXX", "Basic [REMOVED]"])
def test_masked_header_not_judged(value):
    diagnosis = analyze_text(f"Authorization: {value}\n\n{RESPONSE_403}", "<stdin>")

    assert [finding.code for finding in diagnosis.findings] == ["PROBE502"]
    assert any("masked before it was pasted" in note for note in diagnosis.notes)


def test_masked_bearer_still_wrong_scheme():
    story = story_of(f"Authorization: Bearer <token>\n\n{RESPONSE_401}")

    assert story.lead.code == "AUTH102"
