"""Must-flag and must-not-flag tables for rules SRC601-SRC612.

Credentials are written as `{id}`, `{key}` and `{token}` and filled in at run
time, so this file does not itself carry a literal key for the scanner to
find.
"""

from __future__ import annotations

import base64

import pytest

from checker import secrets
from checker.scan import engine
from checker.scan.languages import browser_reason
from checker.scan.source import SourceFile

APP_ID = "5f1e99bf90ce3c3c0c52e646"
APP_KEY = "Ry3uEurydeSyTuReXaDuMe9u7ysasa"
TOKEN = base64.b64encode(f"{APP_ID}:{APP_KEY}".encode()).decode()
ALL_CODES = engine.enabled_codes([], [])


def fill(template: str) -> str:
    return template.replace("{id}", APP_ID).replace("{key}", APP_KEY).replace("{token}", TOKEN)


def codes_for(path: str, template: str) -> list[str]:
    source = SourceFile.from_text(path, fill(template))
    return [finding.code for finding in engine.scan_source(source, ALL_CODES)]


def findings_for(path: str, template: str):
    return engine.scan_source(SourceFile.from_text(path, fill(template)), ALL_CODES)


def case(path: str, text: str, id: str):
    return pytest.param(path, text, id=id)


SRC601_FLAG = [
    case("app.py", 'APP_KEY = "{key}"\n', "python-constant"),
    case("app.js", "const appKey = '{key}';\n", "javascript-const"),
    case("app.ts", "export const ENABLEX_APP_KEY: string = \"{key}\";\n", "typescript-typed"),
    case("config.json", '{"app_id": "{id}", "app_key": "{key}"}\n', "json"),
    case("config.yaml", "enablex:\n  app_key: {key}\n", "yaml-unquoted"),
    case("config.php", "return ['app_key' => '{key}'];\n", "php-array"),
    case("voice.rb", "APP_KEY = '{key}'\n", "ruby-constant"),
    case("Voice.java", 'private static final String APP_KEY = "{key}";\n', "java-field"),
    case("Voice.kt", 'val appKey = "{key}"\n', "kotlin-val"),
    case("voice.go", 'appKey := "{key}"\n', "go-short-declaration"),
    case("Voice.cs", 'const string AppKey = @"{key}";\n', "csharp-verbatim"),
    case("deploy.sh", "export ENABLEX_APP_KEY={key}\n", "shell-export"),
    case("README.md", "curl -u {id}:{key} https://api.enablex.io/voice/v1/call\n", "markdown-curl-pair"),
    case("app.py", 'key = os.environ.get("ENABLEX_APP_KEY", "{key}")\n', "python-env-fallback"),
    case("app.js", "const key = process.env.ENABLEX_APP_KEY || '{key}';\n", "javascript-env-fallback"),
    case("app.config", "<appKey>{key}</appKey>\n", "xml-element"),
    case("app.py", '# EnableX voice\npassword = "{key}"\n', "generic-name-in-enablex-file"),
    case("app.py", '# EnableX voice\nauth = ("{id}", "{key}")\n', "id-key-tuple"),
    case("app.py", 'ENABLEX_TOKEN = "{token}"\n', "base64-literal-of-pair"),
    case("voice.json", '{"enablex": {"appKey": "3f4ca100e2fc675ea123f4eb12c4a012"}}\n', "hex-key-in-enablex-file"),
]

SRC601_PASS = [
    case("app.py", 'APP_KEY = os.environ["ENABLEX_APP_KEY"]\n', "read-from-environment"),
    case("app.js", "const appKey = process.env.ENABLEX_APP_KEY;\n", "node-environment"),
    case("app.py", 'APP_KEY = "your_app_key"\n', "placeholder-your"),
    case("app.js", "appKey: '<app-key>',\n", "placeholder-angle"),
    case("app.py", 'APP_KEY = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n', "placeholder-xxx"),
    case("app.py", 'app_key = ""\n', "empty"),
    case("app.py", 'APP_ID = "{id}"\n', "app-id-alone"),
    case("app.py", 'app_key_hash = "d41d8cd98f00b204e9800998ecf8427e"\n', "longer-name"),
    case("app.py", 'password = "{key}"\n', "generic-name-without-enablex"),
    case("config.php", "'key' => env('APP_KEY'),\n", "laravel-env-call"),
    case("app.py", 'APP_KEY = "ChangeMe1234567890ChangeMe123456"\n', "placeholder-changeme"),
    case("app.py", "APP_KEY_LENGTH = 30\n", "number"),
    case("device.json", '"AppKey": "3f4ca100e2fc675ea123f4eb12c4a012",\n', "lorawan-hex-key"),
]


@pytest.mark.parametrize("path,text", SRC601_FLAG)
def test_src601_flags(path, text):
    assert "SRC601" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC601_PASS)
def test_src601_passes(path, text):
    assert "SRC601" not in codes_for(path, text)


def test_src601_evidence_is_masked():
    [finding] = findings_for("app.py", 'APP_KEY = "{key}"\n')
    assert APP_KEY not in finding.message
    assert finding.evidence == f"App Key length 30, {secrets.fingerprint(APP_KEY)}"
    assert (finding.location.line, finding.location.column) == (1, 12)


def test_src601_reports_literal_once():
    text = '# EnableX\nENABLEX_APP_KEY = "{key}"  # same literal: "{id}", "{key}"\nauth = ("{id}", "{key}")\n'
    offsets = [(finding.location.line, finding.location.column) for finding in findings_for("app.py", text)]
    assert len(offsets) == len(set(offsets))
    assert len(offsets) == 3


def test_src601_registers_the_key_for_scrubbing():
    findings_for("app.py", 'APP_KEY = "{key}"\n')
    assert secrets.scrub(f"x {APP_KEY} y") == "x [redacted] y"


SRC602_FLAG = [
    case("client.py", 'headers = {"Authorization": "Basic {token}"}\n', "python-dict"),
    case("README.md", 'curl -H "Authorization: Basic {token}" https://api.enablex.io/voice/v1/call\n', "curl-header"),
    case("VoiceCall.php", "'Authorization: Basic {token}',\n", "php-header-line"),
    case("Client.java", '.header("Authorization", "Basic {token}")\n', "java-builder"),
    case("call.sh", "AUTH='Basic\t{token}'\n", "tab-after-scheme"),
]

SRC602_PASS = [
    case("client.py", 'headers = {"Authorization": "Basic dXNlcjpwYXNz"}\n', "user-pass-example"),
    case("client.py", 'headers = {"Authorization": "Basic " + token}\n', "built-at-run-time"),
    case("client.py", '"Authorization: Basic ' + base64.b64encode(b"your_app_id:your_app_key").decode() + '"\n', "placeholder-pair"),
    case("README.md", "Authorization: Basic <token>\n", "angle-placeholder"),
    case("call.sh", 'curl -H "Authorization: Basic $TOKEN" https://api.enablex.io/voice/v1/call\n', "shell-variable"),
    case("client.py", '"Basic ' + base64.b64encode(f"{APP_ID}:Ry3uE".encode()).decode() + '"\n', "truncated-key"),
    case("client.py", '"Basic ' + base64.b64encode(b"APP_ID:APP_KEY").decode() + '"\n', "name-placeholders"),
    case("notes.md", "Basic usage of the Voice API client is shown below.\n", "prose"),
]


@pytest.mark.parametrize("path,text", SRC602_FLAG)
def test_src602_flags(path, text):
    assert "SRC602" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC602_PASS)
def test_src602_passes(path, text):
    assert "SRC602" not in codes_for(path, text)


def test_src602_message_shows_no_token_or_key():
    [finding] = findings_for("client.py", '"Authorization: Basic {token}"\n')
    printed = finding.message + (finding.evidence or "")
    assert TOKEN not in printed
    assert APP_KEY not in printed
    assert APP_ID not in printed
    assert "5f1e…e646" in finding.message


SRC603_FLAG = [
    case("client.py", 'BASE = "http://api.enablex.io/voice/v1"\n', "production-host"),
    case("client.js", "const url = 'http://api-qa.enablex.io/voice/v1/call';\n", "qa-host"),
    case("client.go", 'url := "http://gateway.internal/voice/v1/call"\n', "proxy-voice-path"),
    case("README.md", "curl http://api.enablex.io/voice/v1/broadcast\n", "markdown"),
]

SRC603_PASS = [
    case("client.py", 'BASE = "https://api.enablex.io/voice/v1"\n', "https"),
    case("test_client.py", 'BASE = "http://localhost:8080/voice/v1/call"\n', "localhost-mock"),
    case("test_client.py", 'BASE = "http://127.0.0.1:9000/voice/v1"\n', "loopback-mock"),
    case("client.py", '# EnableX\nDOCS = "http://example.com/help"\n', "other-host-in-enablex-file"),
]


@pytest.mark.parametrize("path,text", SRC603_FLAG)
def test_src603_flags(path, text):
    assert "SRC603" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC603_PASS)
def test_src603_passes(path, text):
    assert "SRC603" not in codes_for(path, text)


SRC604_FLAG = [
    case("client.py", 'url = "https://{id}:{key}@api.enablex.io/voice/v1/call"\n', "literal-pair"),
    case("client.js", "const url = `https://${appId}:${appKey}@api.enablex.io/voice/v1/call`;\n", "template"),
    case("Client.cs", 'var url = $"https://{appId}:{appKey}@api.enablex.io/voice/v1/call";\n', "csharp-interpolation"),
]

SRC604_PASS = [
    case("client.py", 'url = "https://api.enablex.io/voice/v1/call"\n', "no-userinfo"),
    case("client.py", '# EnableX\nmirror = "https://user:pw@example.com/pypi"\n', "other-host"),
]


@pytest.mark.parametrize("path,text", SRC604_FLAG)
def test_src604_flags(path, text):
    assert "SRC604" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC604_PASS)
def test_src604_passes(path, text):
    assert "SRC604" not in codes_for(path, text)


def test_src604_masks_the_password():
    findings = findings_for("client.py", 'url = "https://{id}:{key}@api.enablex.io/voice/v1/call"\n')
    [finding] = [finding for finding in findings if finding.code == "SRC604"]
    assert APP_KEY not in finding.message + finding.evidence
    assert finding.evidence == f"password part length 30, {secrets.fingerprint(APP_KEY)}"


SRC605_FLAG = [
    case("client.py", 'APP_KEY = os.environ["ENABLEX_APP_KEY"]\nheaders = {"Authorization": f"Bearer {APP_KEY}"}\n', "python-f-string"),
    case("client.js", "const appKey = process.env.ENABLEX_APP_KEY;\nconst h = { Authorization: `Bearer ${appKey}` };\n", "javascript-template"),
    case("README.md", 'curl -H "Authorization: Bearer $ENABLEX_APP_KEY" https://api.enablex.io/voice/v1/call\n', "curl"),
    case("client.py", 'h = {"Authorization": "Token " + app_key}\n', "token-scheme"),
]

SRC605_PASS = [
    case("github.py", 'headers = {"Authorization": f"Bearer {github_token}"}\n', "unrelated-api"),
    case("README.md", "EnableX: never send a Bearer token to the Voice API.\n", "prose"),
    case("client.py", 'headers = {"Authorization": "Basic " + token}  # app_key\n', "basic"),
]


@pytest.mark.parametrize("path,text", SRC605_FLAG)
def test_src605_flags(path, text):
    assert "SRC605" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC605_PASS)
def test_src605_passes(path, text):
    assert "SRC605" not in codes_for(path, text)


SRC606_FLAG = [
    case("public/js/app.js", "const appKey = '{key}';\n", "public-directory"),
    case("static/config.js", "window.ENABLEX = { app_key: '{key}' };\n", "static-directory"),
    case("client/src/api.ts", "export const APP_KEY = '{key}';\n", "client-directory"),
    case("www/index.js", "var appKey = '{key}';\n", "www-directory"),
    case("call.html", "<script>fetch(u, {headers: {Authorization: 'Basic {token}'}})</script>\n", "html-basic"),
    case("dist/app.min.js", 'var e={appKey:"{key}"};\n', "minified-bundle"),
    case("src/Dialer.tsx", "const appKey = '{key}';\n", "react-component"),
    case("src/Dialer.vue", "<script>const appKey = '{key}'</script>\n", "vue-component"),
]

SRC606_PASS = [
    case("public/js/app.js", "const r = await fetch('/api/voice-token');\n", "asks-backend"),
    case("public/js/app.js", "const appKey = 'YOUR_APP_KEY';\n", "placeholder"),
    case("server/app.js", "const appKey = '{key}';\n", "server-code"),
]


@pytest.mark.parametrize("path,text", SRC606_FLAG)
def test_src606_flags(path, text):
    codes = codes_for(path, text)
    assert "SRC606" in codes
    assert "SRC601" not in codes
    assert "SRC602" not in codes


@pytest.mark.parametrize("path,text", SRC606_PASS)
def test_src606_passes(path, text):
    assert "SRC606" not in codes_for(path, text)


@pytest.mark.parametrize("path,expected", [
    pytest.param("public/js/app.js", "public/ directory", id="public"),
    pytest.param("web/index.html", "HTML page", id="html"),
    pytest.param("assets/app.bundle.js", "front-end bundle", id="bundle"),
    pytest.param("src/App.jsx", "React component", id="jsx"),
])
def test_browser_reason_says_why(path, expected):
    assert expected in browser_reason(path)


@pytest.mark.parametrize("path", ["server/app.js", "publication/notes.py", "src/public_api.py", "lib/static_files.rb"])
def test_browser_reason_none_for_server_paths(path):
    assert browser_reason(path) is None


SRC607_FLAG = [
    case("auth.py", 'token = base64.b64encode(f"{app_id}{app_key}".encode())\n', "python-f-string"),
    case("auth.js", "const token = btoa(appId + appKey);\n", "javascript-plus"),
    case("auth.php", "$token = base64_encode($appId . $appKey);\n", "php-dot"),
    case("auth.rb", 'token = Base64.strict_encode64("#{app_id}#{app_key}")\n', "ruby-interpolation"),
    case("Auth.java", "String t = Base64.getEncoder().encodeToString((appId + appKey).getBytes());\n", "java-plus"),
    case("auth.go", 'raw := fmt.Sprintf("%s%s", appID, appKey)\ntoken := base64.StdEncoding.EncodeToString([]byte(raw))\n', "go-sprintf"),
    case("Auth.cs", 'var t = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{appId}{appKey}"));\n', "csharp-interpolation"),
    case("auth.sh", 'echo -n "$APP_ID$APP_KEY" | base64 -w0\n', "shell-adjacent-variables"),
    case("auth.sh", 'echo -n "$ENABLEX_APP_ID $ENABLEX_APP_KEY" | base64 -w0\n', "shell-space-join"),
    case("auth.py", 'raw = "{}{}".format(app_id, app_key)\nheader = "Basic " + b64(raw)\n', "python-format"),
    case("auth.js", "const raw = this.appId + this.appKey;\nconst header = 'Basic ' + btoa(raw);\n", "this-members"),
]

SRC607_PASS = [
    case("auth.py", 'token = base64.b64encode(f"{app_id}:{app_key}".encode())\n', "python-colon"),
    case("auth.js", "const token = btoa(appId + ':' + appKey);\n", "javascript-colon"),
    case("auth.sh", "printf '%s:%s' \"$APP_ID\" \"$APP_KEY\" | base64 -w 0\n", "printf-format-colon"),
    case("auth.js", "logger.info(appId, appKey);\n", "separate-arguments"),
    case("stats.py", "total = app_id_count + app_key_count\n", "longer-names"),
    case("auth.go", 'raw := fmt.Sprintf("%s:%s", appID, appKey)\n', "sprintf-colon"),
]


@pytest.mark.parametrize("path,text", SRC607_FLAG)
def test_src607_flags(path, text):
    assert "SRC607" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC607_PASS)
def test_src607_passes(path, text):
    assert "SRC607" not in codes_for(path, text)


SRC608_FLAG = [
    case("auth.py", 'token = base64.encodebytes(f"{app_id}:{app_key}".encode())\n', "python-encodebytes"),
    case("auth.py", 'token = base64.encodestring("%s:%s" % (app_id, app_key))\n', "python-encodestring"),
    case("auth.rb", 'token = Base64.encode64("#{APP_ID}:#{APP_KEY}")\n', "ruby-encode64"),
    case("auth.rb", "token = [\"#{app_id}:#{app_key}\"].pack('m')\n", "ruby-pack-m"),
    case("Auth.kt", 'val t = Base64.encodeToString("$appId:$appKey".toByteArray(), Base64.DEFAULT)\n', "android-default"),
    case("Auth.java", "String t = Base64.getMimeEncoder().encodeToString((appId + \":\" + appKey).getBytes());\n", "java-mime"),
    case("Auth.cs", "var t = Convert.ToBase64String(bytes, Base64FormattingOptions.InsertLineBreaks); // appKey\n", "csharp-line-breaks"),
    case("auth.php", "$t = chunk_split(base64_encode($appId . ':' . $appKey));\n", "php-chunk-split"),
    case("auth.sh", "TOKEN=$(printf '%s:%s' \"$APP_ID\" \"$APP_KEY\" | base64)\n", "gnu-base64"),
    case("auth.sh", "TOKEN=$(printf '%s:%s' \"$APP_ID\" \"$APP_KEY\" | openssl base64)\n", "openssl-base64"),
]

SRC608_PASS = [
    case("auth.py", 'token = base64.b64encode(f"{app_id}:{app_key}".encode())\n', "python-b64encode"),
    case("auth.rb", 'token = Base64.strict_encode64("#{APP_ID}:#{APP_KEY}")\n', "ruby-strict"),
    case("Auth.kt", 'val t = Base64.encodeToString("$appId:$appKey".toByteArray(), Base64.NO_WRAP)\n', "android-no-wrap"),
    case("auth.sh", "TOKEN=$(printf '%s:%s' \"$APP_ID\" \"$APP_KEY\" | base64 -w 0)\n", "gnu-w-0"),
    case("auth.sh", "TOKEN=$(printf '%s:%s' \"$APP_ID\" \"$APP_KEY\" | base64 -w0)\n", "gnu-w0"),
    case("auth.sh", "TOKEN=$(printf '%s:%s' \"$APP_ID\" \"$APP_KEY\" | base64 --wrap=0)\n", "gnu-wrap-0"),
    case("auth.sh", "echo \"$HEADER\" | base64 -d  # APP_KEY check\n", "decode"),
    case("auth.sh", "TOKEN=$(printf '%s:%s' \"$APP_ID\" \"$APP_KEY\" | openssl base64 -A)\n", "openssl-one-line"),
    case("mail.py", "body = base64.encodebytes(attachment)\n", "unrelated-encodebytes"),
    case("notes.md", "APP_KEY docs: base64(APP_ID + \":\" + APP_KEY)\n", "function-call-in-prose"),
]


@pytest.mark.parametrize("path,text", SRC608_FLAG)
def test_src608_flags(path, text):
    assert "SRC608" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC608_PASS)
def test_src608_passes(path, text):
    assert "SRC608" not in codes_for(path, text)


SRC609_FLAG = [
    case("auth.sh", 'TOKEN=$(echo "$ENABLEX_APP_ID:$ENABLEX_APP_KEY" | base64 -w0)\n', "echo-quoted"),
    case("README.md", "echo $APP_ID:$APP_KEY | openssl base64 -A\n", "echo-openssl"),
    case("auth.sh", 'TOKEN=$(base64 -w0 <<< "$APP_ID:$APP_KEY")\n', "here-string"),
    case("auth.sh", 'TOKEN=$(printf "%s:%s\\n" "$APP_ID" "$APP_KEY" | base64 -w0)\n', "printf-newline"),
]

SRC609_PASS = [
    case("auth.sh", 'TOKEN=$(echo -n "$ENABLEX_APP_ID:$ENABLEX_APP_KEY" | base64 -w0)\n', "echo-n"),
    case("auth.sh", 'TOKEN=$(echo -ne "$ENABLEX_APP_ID:$ENABLEX_APP_KEY" | base64 -w0)\n', "echo-ne"),
    case("auth.sh", "TOKEN=$(printf '%s:%s' \"$APP_ID\" \"$APP_KEY\" | base64 -w0)\n", "printf"),
    case("auth.sh", '# EnableX\necho "hello" | base64\n', "unrelated-echo"),
]


@pytest.mark.parametrize("path,text", SRC609_FLAG)
def test_src609_flags(path, text):
    assert "SRC609" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC609_PASS)
def test_src609_passes(path, text):
    assert "SRC609" not in codes_for(path, text)


ENABLEX_URL = 'URL = "https://api.enablex.io/voice/v1/call"\n'

SRC610_FLAG = [
    case("client.py", ENABLEX_URL + "requests.get(URL, auth=auth, verify=False)\n", "python-requests"),
    case("client.js", ENABLEX_URL + "const agent = new https.Agent({ rejectUnauthorized: false });\n", "node-agent"),
    case("client.js", ENABLEX_URL + "process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0';\n", "node-environment"),
    case("client.php", ENABLEX_URL + "curl_setopt($ch, CURLOPT_SSL_VERIFYPEER, false);\n", "php-curl-setopt"),
    case("client.php", ENABLEX_URL + "[CURLOPT_SSL_VERIFYHOST => 0]\n", "php-curl-array"),
    case("client.php", ENABLEX_URL + "$client = new Client(['verify' => false]);\n", "guzzle"),
    case("README.md", "curl -k https://api.enablex.io/voice/v1/call\n", "curl-k"),
    case("README.md", "curl -sSk https://api.enablex.io/voice/v1/call\n", "curl-combined-flags"),
    case("README.md", "curl --insecure https://api.enablex.io/voice/v1/call\n", "curl-insecure"),
    case("client.go", ENABLEX_URL + "cfg := &tls.Config{InsecureSkipVerify: true}\n", "go"),
    case("client.rb", ENABLEX_URL + "http.verify_mode = OpenSSL::SSL::VERIFY_NONE\n", "ruby"),
    case("client.py", ENABLEX_URL + "ctx = ssl._create_unverified_context()\n", "python-ssl"),
    case("Client.kt", ENABLEX_URL + "builder.hostnameVerifier { _, _ -> true }\n", "okhttp"),
    case("Client.cs", ENABLEX_URL + "handler.ServerCertificateCustomValidationCallback = (m, c, ch, e) => true;\n", "dotnet"),
]

SRC610_PASS = [
    case("client.py", "requests.get(url, verify=False)\n", "no-enablex-in-file"),
    case("client.py", "x = 1  # enablex-authcheck: ignore\nrequests.get(url, verify=False)\n", "only-tool-name"),
    case("client.py", ENABLEX_URL + "requests.get(URL, auth=auth, verify=True)\n", "verify-true"),
    case("client.py", ENABLEX_URL + 'requests.get(URL, auth=auth, verify="/etc/ssl/proxy-ca.pem")\n', "private-ca"),
    case("README.md", "curl -sS https://api.enablex.io/voice/v1/call\n", "curl-without-k"),
    case("client.js", ENABLEX_URL + "const agent = new https.Agent({ rejectUnauthorized: true });\n", "node-verify-on"),
]


@pytest.mark.parametrize("path,text", SRC610_FLAG)
def test_src610_flags(path, text):
    assert "SRC610" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC610_PASS)
def test_src610_passes(path, text):
    assert "SRC610" not in codes_for(path, text)


SRC611_FLAG = [
    case(".env", "ENABLEX_APP_ID={id}\nENABLEX_APP_KEY={key}\n", "dot-env"),
    case("deploy/prod.env", "ENABLEX_APP_KEY={key}\n", "named-env"),
    case(".env.local", 'ENABLEX_APP_KEY="{key}"\n', "quoted"),
    case(".env", "export ENABLEX_APP_KEY={key}\n", "export-prefix"),
    case(".env", "ENABLEX_APP_ID={id}\nAPP_KEY={key}\n", "bare-app-key-next-to-enablex"),
    case(".env", "ENABLEX_APP_KEY=Ry3uEury\n", "short-real-value"),
]

SRC611_PASS = [
    case(".env.example", "ENABLEX_APP_ID=\nENABLEX_APP_KEY=\n", "empty-example"),
    case(".env.example", "ENABLEX_APP_KEY=your_app_key\n", "placeholder"),
    case(".env", "ENABLEX_APP_KEY=${ENABLEX_APP_KEY}\n", "variable-reference"),
    case(".env", "APP_KEY=base64:3q2+7w8qGJ2s5vXk1pQ9yWc4nT6mH0bLrZfD8eA1uVo=\n", "laravel-key"),
    case(".env", "ENABLEX_APP_ID={id}\nAPP_KEY=base64:3q2+7w8qGJ2s5vXk1pQ9yWc4nT6mH0bLrZfD8eA1uVo=\n", "laravel-key-in-enablex-project"),
    case(".env", "ENABLEX_APP_KEY=  # fill in from the portal\n", "empty-with-comment"),
    case("settings.sh", "ENABLEX_APP_KEY={key}\n", "not-an-env-file"),
]


@pytest.mark.parametrize("path,text", SRC611_FLAG)
def test_src611_flags(path, text):
    assert "SRC611" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC611_PASS)
def test_src611_passes(path, text):
    assert "SRC611" not in codes_for(path, text)


def test_src611_env_file_is_not_also_src601():
    assert codes_for(".env", "ENABLEX_APP_KEY={key}\n") == ["SRC611"]


def test_src611_names_example_files():
    [finding] = findings_for(".env.example", "ENABLEX_APP_KEY={key}\n")
    assert "example env file" in finding.message


SRC612_FLAG = [
    case("call.sh", 'curl -u "{id}:Ry3u$EurydeSyTuReXaDu" https://api.enablex.io/voice/v1/call\n', "double-quoted-dollar"),
    case("call.sh", "curl -u {id}:Ry3u$EurydeSyTuReXaDu https://api.enablex.io/voice/v1/call\n", "unquoted-dollar"),
    case("call.sh", 'curl --user "{id}:Ry3u`Eury`deSy" https://api.enablex.io/voice/v1/call\n', "backtick"),
    case("README.md", 'curl -u "{id}:Ry3u!EurydeSyTuReXaDu" https://api.enablex.io/voice/v1/call\n', "history-bang"),
    case("deploy.sh", 'export ENABLEX_APP_KEY="Ry3u$EurydeSyTuReXaDu"\n', "export-double-quoted"),
    case("call.sh", 'curl -X POST \\\n  -u "{id}:Ry3u$EurydeSyTuReXaDu" \\\n  https://api.enablex.io/voice/v1/call\n', "continued-command"),
]

SRC612_PASS = [
    case("call.sh", 'curl -u "$ENABLEX_APP_ID:$ENABLEX_APP_KEY" https://api.enablex.io/voice/v1/call\n', "variables"),
    case("call.sh", 'curl -u "${ENABLEX_APP_ID}:${ENABLEX_APP_KEY}" https://api.enablex.io/voice/v1/call\n', "braced-variables"),
    case("call.sh", "curl -u '{id}:Ry3u$EurydeSyTuReXaDu' https://api.enablex.io/voice/v1/call\n", "single-quoted"),
    case("call.py", 'cmd = "curl -u {id}:Ry3u$Eury https://api.enablex.io/voice/v1/call"\n', "python-file"),
    case("deploy.sh", "export ENABLEX_APP_KEY=\"$(vault read -field=key enablex)\"\n", "command-substitution"),
    case("call.sh", 'curl -u "{id}:Ry3u\\$EurydeSyTuReXaDu" https://api.enablex.io/voice/v1/call\n', "escaped-dollar"),
    case("deploy.sh", "export ENABLEX_APP_KEY='Ry3u$EurydeSyTuReXaDu'\n", "export-single-quoted"),
]


@pytest.mark.parametrize("path,text", SRC612_FLAG)
def test_src612_flags(path, text):
    assert "SRC612" in codes_for(path, text)


@pytest.mark.parametrize("path,text", SRC612_PASS)
def test_src612_passes(path, text):
    assert "SRC612" not in codes_for(path, text)


def test_src612_message_hides_the_value():
    [finding] = findings_for("call.sh", 'curl -u "{id}:Ry3u$EurydeSyTuReXaDu" https://api.enablex.io/voice/v1/call\n')
    assert "Ry3u" not in finding.message
    assert finding.severity.value == "warning"


@pytest.mark.parametrize("code", [code for code in ALL_CODES])
def test_every_src_rule_has_catalogue_text(code):
    from checker import registry

    entry = registry.get(code)
    assert entry.summary
    assert entry.cause
    assert entry.fix
    assert entry.bad.strip()
    assert entry.good.strip()
