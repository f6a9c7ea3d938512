"""No output format shows a key, a token or a decoded pair, whatever the paste looks like."""

from __future__ import annotations

import base64
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from checker import secrets
from cli_support import run_cli

KEY_ALPHABET = string.ascii_letters + string.digits


def token(app_id: str, app_key: str, wrap: bool = False) -> str:
    encoded = base64.b64encode(f"{app_id}:{app_key}".encode()).decode()
    return encoded[:76] + "\n" + encoded[76:] if wrap and len(encoded) > 76 else encoded


BLOCKS = [
    lambda i, k: f"Authorization: Basic {token(i, k)}",
    lambda i, k: f"authorization: basic {token(i, k)}",
    lambda i, k: f"Authorization: Basic {token(i, k + chr(10))}",
    lambda i, k: f"Authorization: Basic {token(i, k + '-with-a-tail-long-enough-to-wrap', wrap=True)}",
    lambda i, k: f"Authorization: Bearer {k}",
    lambda i, k: f"Authorization: Basic {i}:{k}",
    lambda i, k: f"curl -u '{i}:{k}' https://api.enablex.io/voice/v1/call",
    lambda i, k: f'curl -u "{i}:{k[:5]}$X{k[5:]}" https://api.enablex.io/voice/v1/call',
    lambda i, k: f"curl https://{i}:{k}@api.enablex.io/voice/v1/call",
    lambda i, k: f"curl -H 'Authorization: Basic {token(i, k)}' http://api.enablex.io/voice/v1/call",
    lambda i, k: f"ENABLEX_APP_ID={i}\nENABLEX_APP_KEY={k}",
    lambda i, k: f"ENABLEX_APP_ID={i}\nENABLEX_APP_KEY=\"{k}\" # portal",
    lambda i, k: f"> GET /voice/v1/call HTTP/1.1\n> Host: api.enablex.io\n> Authorization: Basic {token(i, k)}\n>\n"
                 "< HTTP/1.1 403 Forbidden\n<\n{\"result\":403}",
    lambda i, k: f"POST /voice/v1/webclient/token HTTP/1.1\nHost: api.enablex.io\nAuthorization: Basic {token(i, k)}\n\n"
                 "{\"domain\":\"a.example\"}\n\nHTTP/1.1 405 Method Not Allowed\n\n{\"result\":405}",
    lambda i, k: f"const appKey = '{k}';\nconst auth = Buffer.from(appId + appKey).toString('base64');",
    lambda i, k: f"My app key is {k} and the id {i}.",
    lambda i, k: "HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm=\"EnableX API\"",
    lambda i, k: "curl: (60) SSL certificate problem: unable to get local issuer certificate",
    lambda i, k: "Hello team, calls fail since the weekend.",
]

app_ids = st.text(alphabet="0123456789abcdef", min_size=24, max_size=24)
# A key needs a letter outside a-f, so it can never be part of an App ID, which the rules may show.
app_keys = st.text(alphabet=KEY_ALPHABET, min_size=20, max_size=40).filter(
    lambda key: any(c.isdigit() for c in key) and any(c.isalpha() and c not in "abcdef" for c in key))
pastes = st.lists(st.sampled_from(range(len(BLOCKS))), min_size=1, max_size=4)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(app_id=app_ids, app_key=app_keys, blocks=pastes, output_format=st.sampled_from(["text", "json", "markdown"]))
def test_no_secret_in_output(app_id, app_key, blocks, output_format):
    secrets.clear()
    paste = "\n\n".join(BLOCKS[index](app_id, app_key) for index in blocks) + "\n"

    result = run_cli(["diagnose", "--format", output_format, "-v"], input=paste.encode())

    assert "Traceback" not in result.output
    assert app_key not in result.output
    assert app_key[:5] + app_key[5:] not in result.output
    assert token(app_id, app_key) not in result.output
    assert f"{app_id}:{app_key}" not in result.output


@settings(max_examples=30, deadline=None)
@given(app_id=app_ids, app_key=app_keys, blocks=pastes)
def test_redact_hides_key(app_id, app_key, blocks):
    secrets.clear()
    paste = "\n\n".join(BLOCKS[index](app_id, app_key) for index in blocks) + "\n"

    result = run_cli(["diagnose", "--redact"], input=paste.encode())

    assert result.exit_code == 0
    assert app_key not in result.output
    assert token(app_id, app_key) not in result.output
