"""The sandbox's routes after authentication: lists, streams, the token endpoint, methods."""

from __future__ import annotations

import base64
import json
import time

import pytest
import requests

from sandbox_support import (
    APP_ID,
    APP_KEY,
    DOMAIN,
    ROTATED_APP_ID,
    ROTATED_APP_KEY,
    TOKEN_NULL_APP_ID,
    TOKEN_NULL_APP_KEY,
    basic,
    raw_request,
    start_sandbox,
)

pytestmark = pytest.mark.sandbox

NOT_FOUND_BODY = {"result": 404, "msg": "Not Found"}
METHOD_NOT_ALLOWED_BODY = {"result": 405, "msg": "Method Not Allowed"}
TOKEN_PATH = "/voice/v1/webclient/token"


@pytest.fixture(scope="module")
def shared_sandbox(tmp_path_factory):
    handle = start_sandbox(tmp_path_factory.mktemp("routes"))
    yield handle
    handle.stop()


@pytest.fixture(scope="module")
def session():
    with requests.Session() as client:
        client.trust_env = False
        yield client


def call(shared_sandbox, session, method, path, credentials=(APP_ID, APP_KEY), **options):
    return session.request(
        method, shared_sandbox.url(path), auth=credentials, verify=shared_sandbox.ca_path, timeout=10, **options
    )


ROUTE_CASES = [
    pytest.param("GET", "/voice/v1/call", 200, {"result": 0, "voice_calls": []}, id="get-call"),
    pytest.param("GET", "/voice/v1/calls", 200, {"result": 0, "voice_calls": []}, id="get-calls"),
    pytest.param("GET", "/voice/v1/broadcast", 200, {"result": 0, "broadcasts": []}, id="get-broadcast"),
    pytest.param("GET", "/voice/v1/call?page=2", 200, {"result": 0, "voice_calls": []}, id="query-string-ignored"),
    pytest.param("GET", "/voice/v1/call/00000000-probe/stream", 404, NOT_FOUND_BODY, id="stream-unknown-call"),
    pytest.param("GET", "/voice/v1/call/abc/stream", 404, NOT_FOUND_BODY, id="stream-any-id"),
    pytest.param("GET", "/voice/v1/unknown", 404, NOT_FOUND_BODY, id="unknown-api-path"),
    pytest.param("GET", "/voice/v1/call/", 404, NOT_FOUND_BODY, id="call-trailing-slash"),
    pytest.param("GET", "/voice/v1/call//stream", 404, NOT_FOUND_BODY, id="stream-empty-id"),
    pytest.param("GET", "/voice/v2/call", 404, NOT_FOUND_BODY, id="other-api-version"),
    pytest.param("GET", "/", 404, NOT_FOUND_BODY, id="root"),
    pytest.param("POST", "/voice/v1/call", 405, METHOD_NOT_ALLOWED_BODY, id="post-call"),
    pytest.param("PUT", "/voice/v1/calls", 405, METHOD_NOT_ALLOWED_BODY, id="put-calls"),
    pytest.param("DELETE", "/voice/v1/broadcast", 405, METHOD_NOT_ALLOWED_BODY, id="delete-broadcast"),
    pytest.param("PATCH", "/voice/v1/call/x/stream", 405, METHOD_NOT_ALLOWED_BODY, id="patch-stream"),
    pytest.param("OPTIONS", "/voice/v1/call", 405, METHOD_NOT_ALLOWED_BODY, id="options-call"),
    pytest.param("GET", TOKEN_PATH, 405, METHOD_NOT_ALLOWED_BODY, id="get-token"),
    pytest.param("PUT", TOKEN_PATH, 405, METHOD_NOT_ALLOWED_BODY, id="put-token"),
]


@pytest.mark.parametrize(("method", "path", "status", "body"), ROUTE_CASES)
def test_route_responses(shared_sandbox, session, method, path, status, body):
    response = call(shared_sandbox, session, method, path)

    assert response.status_code == status
    assert response.headers["Content-Type"] == "application/json"
    assert response.json() == body


def test_outside_api_gets_404_without_auth(shared_sandbox, session):
    response = session.get(shared_sandbox.url("/health"), verify=shared_sandbox.ca_path, timeout=10)

    assert response.status_code == 404
    assert "WWW-Authenticate" not in response.headers


def test_head_has_get_headers_and_no_body(shared_sandbox, session):
    get = call(shared_sandbox, session, "GET", "/voice/v1/call")

    head = call(shared_sandbox, session, "HEAD", "/voice/v1/call")

    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["Content-Length"] == get.headers["Content-Length"]


def test_head_without_auth_gets_401(shared_sandbox, session):
    response = session.head(shared_sandbox.url("/voice/v1/call"), verify=shared_sandbox.ca_path, timeout=10)

    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"] == 'Basic realm="EnableX API"'


def test_unknown_method_gets_json_501(shared_sandbox):
    head = f"BREW /voice/v1/call HTTP/1.1\r\nAuthorization: {basic(APP_ID, APP_KEY)}".encode("ascii")

    response = raw_request(shared_sandbox, head)

    assert response.status == 501
    assert json.loads(response.body) == {"result": 501, "msg": "Not Implemented"}


def decode_jwt_part(part: str) -> dict:
    return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))


def test_token_issued_for_whitelisted_domain(shared_sandbox, session):
    before = int(time.time())

    response = call(shared_sandbox, session, "POST", TOKEN_PATH, json={"domain": DOMAIN})

    assert response.status_code == 200
    token = response.json()["token"]
    header_part, claims_part, signature_part = token.split(".")
    assert decode_jwt_part(header_part) == {"alg": "HS256", "typ": "JWT"}
    claims = decode_jwt_part(claims_part)
    assert claims["sub"] == APP_ID
    assert claims["domain"] == DOMAIN
    assert before <= claims["iat"] <= int(time.time())
    assert claims["exp"] == claims["iat"] + 3600
    assert shared_sandbox.server.token_issuer.verify(token) == claims
    assert APP_KEY not in token


def test_tokens_differ_between_requests(shared_sandbox, session):
    first = call(shared_sandbox, session, "POST", TOKEN_PATH, json={"domain": DOMAIN}).json()["token"]
    second = call(shared_sandbox, session, "POST", TOKEN_PATH, json={"domain": DOMAIN}).json()["token"]

    assert first != second


def test_token_signature_is_checked(shared_sandbox, session):
    token = call(shared_sandbox, session, "POST", TOKEN_PATH, json={"domain": DOMAIN}).json()["token"]
    header_part, claims_part, signature_part = token.split(".")
    forged_claims = base64.urlsafe_b64encode(json.dumps({"sub": "x"}).encode()).rstrip(b"=").decode()

    with pytest.raises(ValueError):
        shared_sandbox.server.token_issuer.verify(f"{header_part}.{forged_claims}.{signature_part}")


TOKEN_405_CASES = [
    pytest.param({"json": {"domain": "other.example"}}, id="domain-not-whitelisted"),
    pytest.param({"json": {"domain": "EXAMPLE.COM"}}, id="domain-other-case"),
    pytest.param({"json": {"domain": "sub.example.com"}}, id="subdomain"),
    pytest.param({"json": {}}, id="domain-missing"),
    pytest.param({"json": {"domain": None}}, id="domain-null"),
    pytest.param({"json": {"domain": ["example.com"]}}, id="domain-list"),
    pytest.param({"json": ["example.com"]}, id="body-is-list"),
    pytest.param({"data": "domain=example.com"}, id="form-encoded-body"),
    pytest.param({"data": b"\xff\xfe"}, id="body-not-utf8"),
    pytest.param({}, id="no-body"),
]


@pytest.mark.parametrize("body_options", TOKEN_405_CASES)
def test_token_request_gets_405(shared_sandbox, session, body_options):
    response = call(shared_sandbox, session, "POST", TOKEN_PATH, **body_options)

    assert response.status_code == 405
    assert response.json() == METHOD_NOT_ALLOWED_BODY


def test_token_405_for_project_without_domains(shared_sandbox, session):
    response = call(
        shared_sandbox, session, "POST", TOKEN_PATH, credentials=(ROTATED_APP_ID, ROTATED_APP_KEY),
        json={"domain": DOMAIN},
    )

    assert response.status_code == 405


@pytest.mark.parametrize(
    "body_options",
    [pytest.param({"json": {"domain": DOMAIN}}, id="whitelisted"), pytest.param({"json": {}}, id="no-domain")],
)
def test_token_null_project_gets_null(shared_sandbox, session, body_options):
    response = call(
        shared_sandbox, session, "POST", TOKEN_PATH, credentials=(TOKEN_NULL_APP_ID, TOKEN_NULL_APP_KEY),
        **body_options,
    )

    assert response.status_code == 200
    assert response.json() == {"token": None}


def test_token_request_needs_auth(shared_sandbox, session):
    response = call(shared_sandbox, session, "POST", TOKEN_PATH, credentials=None, json={"domain": DOMAIN})

    assert response.status_code == 401


def test_keep_alive_reuses_connection(shared_sandbox):
    import http.client
    import ssl
    from urllib.parse import urlsplit

    address = urlsplit(shared_sandbox.base_url)
    context = ssl.create_default_context(cafile=str(shared_sandbox.ca_path))
    connection = http.client.HTTPSConnection(address.hostname, address.port, context=context, timeout=10)
    headers = {"Authorization": basic(APP_ID, APP_KEY)}
    statuses = []
    closing = []
    try:
        for path in ("/voice/v1/call", "/voice/v1/nothing", "/voice/v1/broadcast"):
            connection.request("GET", path, headers=headers)
            response = connection.getresponse()
            response.read()
            statuses.append(response.status)
            closing.append(response.will_close)
    finally:
        connection.close()

    assert statuses == [200, 404, 200]
    assert closing == [False, False, False]


TRANSPORT_CASES = [
    pytest.param(b"Content-Length: 70000", 413, id="body-too-large"),
    pytest.param(b"Content-Length: abc", 400, id="content-length-not-a-number"),
    pytest.param(b"Content-Length: -1", 400, id="content-length-negative"),
    pytest.param(b"Transfer-Encoding: chunked", 411, id="chunked-body"),
]


@pytest.mark.parametrize(("header_line", "status"), TRANSPORT_CASES)
def test_bad_body_framing_closes_connection(shared_sandbox, header_line, status):
    import socket
    import ssl
    from urllib.parse import urlsplit

    address = urlsplit(shared_sandbox.base_url)
    context = ssl.create_default_context(cafile=str(shared_sandbox.ca_path))
    head = b"POST /voice/v1/webclient/token HTTP/1.1\r\nHost: x\r\n" + header_line + b"\r\n\r\n"
    with socket.create_connection((address.hostname, address.port), timeout=10) as plain:
        with context.wrap_socket(plain, server_hostname=address.hostname) as connection:
            connection.sendall(head)
            received = b""
            while chunk := connection.recv(4096):
                received += chunk

    status_line, _, rest = received.partition(b"\r\n")
    assert status_line.split(b" ")[1] == str(status).encode()
    assert b"Connection: close" in rest
    assert json.loads(rest.partition(b"\r\n\r\n")[2])["result"] == status
