"""Headlines when a foreign 401 sits next to a malformed header."""

from cli_support import run_cli

HEADER = "Authorization: basic NWYxZTk5YmY5MGNlM2MzYzBjNTJlNjQ2OlJ5M3VFdXJ5ZGVTeVR1UmVYYUR1TWU5dTd5c2FzYQ=="


def test_malformed_header_leads_over_challenge_free_401():
    paste = HEADER + "\n\nHTTP/1.1 401 Unauthorized\nContent-Type: application/json\n\n{}\n"
    result = run_cli(["diagnose", "-"], input=paste)
    first_line = result.stdout.splitlines()[0]
    assert "malformed" in first_line
    assert "basic" in first_line
    assert result.exit_code == 1


def test_foreign_401_fix_without_title():
    paste = HEADER.replace("basic", "Basic") + "\n\nHTTP/1.1 401 Unauthorized\n\n"
    result = run_cli(["diagnose", "--format", "json", "-"], input=paste)
    foreign = [f for f in result.json()["findings"] if f["code"] == "PROBE512"]
    assert foreign
    assert "title" not in foreign[0]["fix"]


def test_json_config_with_header_is_diagnosed():
    paste = ('{"enablex": {"app_id": "5f1e99bf90ce3c3c0c52e646"}, "headers": {"Authorization": '
             '"Basic NWYxZTk5YmY5MGNlM2MzYzBjNTJlNjQ2OlJ5M3VFdXJ5ZGVTeVR1UmVYYUR1TWU5dTd5c2FzYQo="}}\n')
    result = run_cli(["diagnose", "--format", "json", "-"], input=paste)
    codes = [finding["code"] for finding in result.json()["findings"]]
    assert codes.count("AUTH110") == 1
    assert result.exit_code == 1


def test_redact_masks_env_key_in_quoted_fence():
    paste = ('> TOKEN=$(echo "000000000000000000000000:$KEY" | base64)\n'
             '> curl -H "Authorization: Basic $TOKEN" https://api.enablex.io/voice/v1/call\n'
             '> ~~~js\n> ENABLEX_APP_ID=000000000000000000000000\n> ENABLEX_APP_KEY=0000000A\n> ')
    result = run_cli(["diagnose", "--redact", "-"], input=paste)
    assert "0000000A" not in result.output
    assert "ENABLEX_APP_KEY=[redacted]" in result.stdout
