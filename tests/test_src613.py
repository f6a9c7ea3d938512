"""SRC613: the Basic scheme word misspelt in a header built in code."""

import pytest

from checker.scan.engine import enabled_codes, scan_source, source_from_bytes


def codes(text, path="client.py"):
    source = source_from_bytes(text.encode("utf-8"), path, path)
    if source is None:
        return []
    return [finding.code for finding in scan_source(source, enabled_codes((), ()))]


FLAG = [
    pytest.param("headers = {'Authorization': 'basic ' + token}\n", "client.py", id="python-lowercase"),
    pytest.param("headers = {'Authorization': 'BASIC ' + token}\n", "client.py", id="python-uppercase"),
    pytest.param("url = 'https://api.enablex.io/voice/v1/call'\nheaders = {'Authorization': 'Basic:' + token}\n", "client.py", id="python-colon"),
    pytest.param("headers = {'Authorization': 'Basic  ' + token}\n", "client.py", id="python-double-space"),
    pytest.param("headers = {'Authorization': f'basic {token}'}\n", "client.py", id="python-fstring"),
    pytest.param("const h = { Authorization: `basic ${token}` };\n", "client.js", id="js-template"),
    pytest.param("$h = ['Authorization: ' . 'basic ' . $token]; // enablex\n", "client.php", id="php-concat"),
    pytest.param("// EnableX voice/v1 client\nreq.setHeader(\"Authorization\", \"Basic=\" + token);\n", "Client.java", id="java-equals"),
]


@pytest.mark.parametrize(("text", "path"), FLAG)
def test_flags_misspelt_scheme(text, path):
    assert "SRC613" in codes(text, path)


NOT_FLAG = [
    pytest.param("headers = {'Authorization': 'Basic ' + token}\n", "client.py", id="correct-prefix"),
    pytest.param("headers = {'Authorization': f'Basic {token}'}\n", "client.py", id="correct-fstring"),
    pytest.param("const h = { Authorization: `Basic ${token}` };\n", "client.js", id="correct-template"),
    pytest.param("print('basic ' + 'usage')\n", "tool.py", id="unrelated-basic-word"),
    pytest.param("# Uses basic auth with the app key\n", "client.py", id="comment-prose"),
    pytest.param("level = 'basic ' + tier  # pricing plan, not a header\n", "plans.py", id="no-auth-context"),
]


@pytest.mark.parametrize(("text", "path"), NOT_FLAG)
def test_does_not_flag(text, path):
    assert "SRC613" not in codes(text, path)
