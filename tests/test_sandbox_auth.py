"""The sandbox's documented authentication responses, to requests, curl and raw bytes."""

from __future__ import annotations

import base64
import json
import shutil
import subprocess

import pytest
import requests

from sandbox_support import (
    APP_ID,
    APP_KEY,
    NO_BALANCE_APP_ID,
    NO_BALANCE_APP_KEY,
    OLD_KEY,
    ROTATED_APP_ID,
    ROTATED_APP_KEY,
    SUSPENDED_APP_ID,
    SUSPENDED_APP_KEY,
    UNKNOWN_APP_ID,
    VOICE_OFF_APP_ID,
    VOICE_OFF_APP_KEY,
    basic,
    example_config,
    raw_request,
    start_sandbox,
)

pytestmark = pytest.mark.sandbox

UNAUTHORIZED_BODY = {"result": 401, "msg": "Unauthorized"}
FORBIDDEN_BODY = {"result": 403, "msg": "Forbidden"}
CHALLENGE = 'Basic realm="EnableX API"'
CURL = shutil.which("curl")

# A project whose key contains a colon and non-ASCII letters, to check the split
# at the first colon and UTF-8 decoding.
ODD_KEY_APP_ID = "aaaaaaaaaaaaaaaaaaaaaaaa"
ODD_KEY = "clé:with:colons"


def encoded(text: str, encoding: str = "utf-8") -> str:
    return base64.b64encode(text.encode(encoding)).decode("ascii")


GOOD_TOKEN = encoded(f"{APP_ID}:{APP_KEY}")
# Three bytes that end a Base64 group in every alignment, so the token contains "+" or "/".
URL_SENSITIVE_TOKEN = encoded(f"{APP_ID}:?~?~?~")


@pytest.fixture(scope="module")
def shared_sandbox(tmp_path_factory):
    config = example_config()
    config["projects"].append({"app_id": ODD_KEY_APP_ID, "app_key": ODD_KEY})
    handle = start_sandbox(tmp_path_factory.mktemp("auth"), config)
    yield handle
    handle.stop()


@pytest.fixture(scope="module")
def session():
    with requests.Session() as client:
        client.trust_env = False  # no proxy from the environment: the sandbox is on loopback
        yield client


def get_call(shared_sandbox, session, authorization: str | None) -> requests.Response:
    headers = {} if authorization is None else {"Authorization": authorization}
    return session.get(shared_sandbox.url("/voice/v1/call"), headers=headers, verify=shared_sandbox.ca_path, timeout=10)


def last_logged_reason(shared_sandbox) -> str:
    return shared_sandbox.requests()[-1]["reason"]


UNAUTHORIZED_CASES = [
    pytest.param(None, "no-authorization-header", id="header-missing"),
    pytest.param(f"Bearer {GOOD_TOKEN}", "scheme-not-basic", id="bearer-scheme"),
    pytest.param(f"basic {GOOD_TOKEN}", "scheme-not-basic", id="lowercase-scheme"),
    pytest.param(f"BASIC {GOOD_TOKEN}", "scheme-not-basic", id="uppercase-scheme"),
    pytest.param(f"Basic:{GOOD_TOKEN}", "scheme-not-basic", id="colon-after-scheme"),
    pytest.param(f"Basic={GOOD_TOKEN}", "scheme-not-basic", id="equals-after-scheme"),
    pytest.param(f"Basic{GOOD_TOKEN}", "scheme-not-basic", id="no-space-after-scheme"),
    pytest.param(f"Basic\t{GOOD_TOKEN}", "scheme-not-basic", id="tab-after-scheme"),
    pytest.param(f"Basic\u00a0{GOOD_TOKEN}", "scheme-not-basic", id="nbsp-after-scheme"),
    pytest.param(f"Basic  {GOOD_TOKEN}", "token-not-base64", id="two-spaces-after-scheme"),
    pytest.param("Basic ", "scheme-not-basic", id="empty-token"),
    pytest.param(f"{GOOD_TOKEN}", "scheme-not-basic", id="token-without-scheme"),
    pytest.param(f"Basic {APP_ID}:{APP_KEY}", "token-not-base64", id="raw-credentials"),
    pytest.param(f"Basic {GOOD_TOKEN.rstrip('=')}", "token-not-base64", id="padding-missing"),
    pytest.param(f"Basic {GOOD_TOKEN}==", "token-not-base64", id="padding-extra"),
    pytest.param(f"Basic {GOOD_TOKEN[:8]}={GOOD_TOKEN[9:]}", "token-not-base64", id="padding-misplaced"),
    pytest.param(f"Basic {GOOD_TOKEN[:-3]}", "token-not-base64", id="length-not-multiple-of-4"),
    pytest.param(f"Basic {GOOD_TOKEN[:20]} {GOOD_TOKEN[20:]}", "token-not-base64", id="space-inside-token"),
    pytest.param(f"Basic {GOOD_TOKEN[:20]}\t{GOOD_TOKEN[20:]}", "token-not-base64", id="tab-inside-token"),
    pytest.param(
        "Basic " + URL_SENSITIVE_TOKEN.replace("+", "-").replace("/", "_"), "token-not-base64", id="base64url-alphabet"
    ),
    pytest.param(f"Basic {GOOD_TOKEN[:-4]}\u00e9AA=", "token-not-base64", id="non-ascii-in-token"),
    pytest.param(f"Basic {encoded(f'{APP_ID}:clé', 'latin-1')}", "decoded-not-utf8", id="decoded-latin-1"),
    pytest.param(f"Basic {encoded(APP_ID + APP_KEY)}", "decoded-without-colon", id="id-and-key-concatenated"),
    pytest.param(f"Basic {encoded(f'{APP_ID} {APP_KEY}')}", "decoded-without-colon", id="joined-by-space"),
    pytest.param(f"Basic {encoded(GOOD_TOKEN)}", "decoded-without-colon", id="double-encoded"),
    pytest.param(f"Basic {encoded('')}", "scheme-not-basic", id="encoded-empty-string"),
]


@pytest.mark.parametrize(("authorization", "reason"), UNAUTHORIZED_CASES)
def test_malformed_header_gets_401(shared_sandbox, session, authorization, reason):
    response = get_call(shared_sandbox, session, authorization)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == CHALLENGE
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == UNAUTHORIZED_BODY
    assert last_logged_reason(shared_sandbox) == reason


FORBIDDEN_CASES = [
    pytest.param(APP_ID, "not-the-key", "wrong-key", id="wrong-key"),
    pytest.param(APP_ID, APP_KEY + "\n", "wrong-key", id="key-with-trailing-newline"),
    pytest.param(APP_ID, APP_KEY + "\r\n", "wrong-key", id="key-with-trailing-crlf"),
    pytest.param(APP_ID, APP_KEY.lower(), "wrong-key", id="key-wrong-case"),
    pytest.param(APP_ID, APP_KEY[:-1], "wrong-key", id="key-truncated"),
    pytest.param(APP_ID, "", "wrong-key", id="key-empty"),
    pytest.param(APP_ID, APP_KEY.replace("E", "%45"), "wrong-key", id="key-percent-encoded"),
    pytest.param(APP_ID, ROTATED_APP_KEY, "wrong-key", id="another-projects-key"),
    pytest.param(UNKNOWN_APP_ID, APP_KEY, "unknown-app-id", id="unknown-app-id"),
    pytest.param(APP_ID.upper(), APP_KEY, "unknown-app-id", id="app-id-wrong-case"),
    pytest.param(APP_ID + " ", APP_KEY, "unknown-app-id", id="app-id-trailing-space"),
    pytest.param(APP_KEY, APP_ID, "unknown-app-id", id="id-and-key-swapped"),
    pytest.param("", "", "unknown-app-id", id="both-empty"),
    pytest.param("undefined", "undefined", "unknown-app-id", id="unset-variables"),
    pytest.param(ROTATED_APP_ID, OLD_KEY, "previous-key", id="regenerated-old-key"),
    pytest.param(VOICE_OFF_APP_ID, VOICE_OFF_APP_KEY, "voice-disabled", id="voice-disabled"),
    pytest.param(SUSPENDED_APP_ID, SUSPENDED_APP_KEY, "account-suspended", id="account-suspended"),
    pytest.param(NO_BALANCE_APP_ID, NO_BALANCE_APP_KEY, "account-no-balance", id="account-no-balance"),
    pytest.param(ODD_KEY_APP_ID, "clé", "wrong-key", id="key-cut-at-its-own-colon"),
]


@pytest.mark.parametrize(("app_id", "app_key", "reason"), FORBIDDEN_CASES)
def test_denied_credentials_get_403(shared_sandbox, session, app_id, app_key, reason):
    response = get_call(shared_sandbox, session, basic(app_id, app_key))

    assert response.status_code == 403
    assert "WWW-Authenticate" not in response.headers
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == FORBIDDEN_BODY
    assert last_logged_reason(shared_sandbox) == reason


ACCEPTED_CASES = [
    pytest.param(basic(APP_ID, APP_KEY), id="good-project"),
    pytest.param(basic(ROTATED_APP_ID, ROTATED_APP_KEY), id="rotated-project-current-key"),
    pytest.param(basic(ODD_KEY_APP_ID, ODD_KEY), id="utf-8-key-with-colons"),
    pytest.param(basic(APP_ID, APP_KEY) + "  ", id="trailing-whitespace-after-token"),
]


@pytest.mark.parametrize("authorization", ACCEPTED_CASES)
def test_valid_credentials_get_200(shared_sandbox, session, authorization):
    response = get_call(shared_sandbox, session, authorization)

    assert response.status_code == 200
    assert response.json() == {"result": 0, "voice_calls": []}
    assert last_logged_reason(shared_sandbox) == "accepted"


def test_requests_basic_auth_accepted(shared_sandbox, session):
    response = session.get(
        shared_sandbox.url("/voice/v1/broadcast"), auth=(APP_ID, APP_KEY), verify=shared_sandbox.ca_path, timeout=10
    )

    assert response.status_code == 200
    assert response.json() == {"result": 0, "broadcasts": []}


RAW_CASES = [
    pytest.param(
        [f"Authorization: {basic(APP_ID, APP_KEY)}", f"Authorization: {basic(APP_ID, APP_KEY)}"],
        401, "several-authorization-headers", id="same-header-twice",
    ),
    pytest.param(
        [f"Authorization: {basic(APP_ID, APP_KEY)}", "Authorization: Bearer x"],
        401, "several-authorization-headers", id="basic-and-bearer",
    ),
    pytest.param(
        [f"Authorization: Basic {GOOD_TOKEN[:20]}\r\n {GOOD_TOKEN[20:]}"],
        401, "token-not-base64", id="token-folded-over-two-lines",
    ),
    pytest.param([f"authorization: {basic(APP_ID, APP_KEY)}"], 200, "accepted", id="lowercase-header-name"),
    pytest.param([f"AUTHORIZATION:{basic(APP_ID, APP_KEY)}"], 200, "accepted", id="no-space-after-header-colon"),
]


@pytest.mark.parametrize(("header_lines", "status", "reason"), RAW_CASES)
def test_raw_header_lines(shared_sandbox, header_lines, status, reason):
    head = "\r\n".join(["GET /voice/v1/call HTTP/1.1", *header_lines]).encode("latin-1")

    response = raw_request(shared_sandbox, head)

    assert response.status == status
    assert last_logged_reason(shared_sandbox) == reason
    if status == 401:
        assert response.headers["WWW-Authenticate"] == CHALLENGE
        assert json.loads(response.body) == UNAUTHORIZED_BODY


def test_utf8_bytes_after_scheme_get_401(shared_sandbox):
    head = b"GET /voice/v1/call HTTP/1.1\r\nAuthorization: Basic\xc2\xa0" + GOOD_TOKEN.encode("ascii")

    response = raw_request(shared_sandbox, head)

    assert response.status == 401
    assert last_logged_reason(shared_sandbox) == "scheme-not-basic"


def test_every_api_route_requires_auth(shared_sandbox, session):
    paths = ["/voice/v1/call", "/voice/v1/calls", "/voice/v1/broadcast", "/voice/v1/call/x/stream",
             "/voice/v1/webclient/token", "/voice/v1/no-such-route"]
    for path in paths:
        response = session.post(shared_sandbox.url(path), verify=shared_sandbox.ca_path, timeout=10)
        assert (path, response.status_code) == (path, 401)


CURL_CASES = [
    pytest.param(["-u", f"{APP_ID}:{APP_KEY}"], 200, id="user-option"),
    pytest.param(["-H", f"Authorization: {basic(APP_ID, APP_KEY)}"], 200, id="header-option"),
    pytest.param([], 401, id="no-credentials"),
    pytest.param(["-H", f"Authorization: Bearer {APP_KEY}"], 401, id="bearer"),
    pytest.param(["-H", f"Authorization: basic {GOOD_TOKEN}"], 401, id="lowercase-scheme"),
    pytest.param(["-u", f"{APP_ID}:{OLD_KEY}"], 403, id="old-key-wrong-project"),
    pytest.param(["-u", f"{ROTATED_APP_ID}:{OLD_KEY}"], 403, id="old-key"),
    pytest.param(["-u", f"{SUSPENDED_APP_ID}:{SUSPENDED_APP_KEY}"], 403, id="suspended"),
]


@pytest.mark.skipif(CURL is None, reason="curl is not installed")
@pytest.mark.parametrize(("arguments", "status"), CURL_CASES)
def test_curl_gets_same_responses(shared_sandbox, arguments, status):
    command = [
        CURL, "--silent", "--show-error", "--noproxy", "*", "--max-time", "10",
        "--cacert", str(shared_sandbox.ca_path), "--write-out", "\n%{http_code}",
        *arguments, shared_sandbox.url("/voice/v1/call"),
    ]

    completed = subprocess.run(command, capture_output=True, text=True, timeout=20)

    assert completed.returncode == 0, completed.stderr
    body, _, code = completed.stdout.rpartition("\n")
    assert int(code) == status
    expected = {200: {"result": 0, "voice_calls": []}, 401: UNAUTHORIZED_BODY, 403: FORBIDDEN_BODY}[status]
    assert json.loads(body) == expected
