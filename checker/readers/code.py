"""Recognise code snippets in a paste and name their language."""

from __future__ import annotations

import functools
import re

LANGUAGE_ALIASES = {
    "python": "python", "py": "python", "python3": "python",
    "javascript": "javascript", "js": "javascript", "node": "javascript", "nodejs": "javascript",
    "typescript": "javascript", "ts": "javascript", "jsx": "javascript", "tsx": "javascript",
    "php": "php", "ruby": "ruby", "rb": "ruby", "java": "java", "kotlin": "java", "kt": "java",
    "sh": "shell", "bash": "shell", "shell": "shell", "zsh": "shell", "console": "shell",
    "csharp": "csharp", "cs": "csharp", "c#": "csharp", "go": "go", "golang": "go",
}

# File extensions the scan layer uses to pick its rules, per language.
EXTENSIONS = {
    "python": ".py", "javascript": ".js", "php": ".php", "ruby": ".rb",
    "java": ".java", "shell": ".sh", "csharp": ".cs", "go": ".go",
}

_MARKERS = {
    "python": [
        r"^\s*import \w", r"^\s*from [\w.]+ import ", r"^\s*def \w+\(", r"\bbase64\.b64encode\(",
        r"\bbase64\.encodebytes\(", r"\brequests\.(get|post|put|request)\(", r"\bos\.environ\b",
        r"\bos\.getenv\(", r"\bHTTPBasicAuth\(", r"\.encode\(\)\)?\.decode\(",
    ],
    "javascript": [
        r"^\s*(const|let|var) \w+\s*=", r"\brequire\(['\"]", r"\bfetch\(", r"\baxios\b",
        r"\bBuffer\.from\(", r"\bbtoa\(", r"\bprocess\.env\.", r"^\s*import .* from ['\"]",
        r"\)\s*=>\s*\{",
    ],
    "php": [
        r"<\?php", r"^\s*\$\w+\s*=", r"\bcurl_setopt(_array)?\(", r"\bbase64_encode\(", r"\bgetenv\(",
        r"\bCURLOPT_\w+",
    ],
    "ruby": [
        r"\bBase64\.(strict_)?encode64\b", r"\bNet::HTTP\b", r"\bENV\[['\"]", r"^\s*require ['\"]\w",
        r"\.basic_auth\(", r"^\s*puts ",
    ],
    "java": [
        r"\bBase64\.getEncoder\(\)", r"\bHttpURLConnection\b", r"\bsetRequestProperty\(",
        r"^\s*(public|private|protected) ", r"\bString \w+ =", r"\bSystem\.getenv\(",
        r"\bandroid\.util\.Base64\b", r"\bHttpRequest\.newBuilder\(",
    ],
    "shell": [
        r"^\s*export \w+=\$", r"^\s*\w+=\$\(", r"\|\s*base64\b", r"^\s*echo\s.*\|",
        r"<<<", r"^\s*printf\s",
    ],
    "csharp": [r"\bConvert\.ToBase64String\(", r"\bEncoding\.(UTF8|ASCII)\.GetBytes\(", r"\bvar \w+ = new "],
    "go": [r"\bbase64\.StdEncoding\b", r"\.SetBasicAuth\(", r"\bhttp\.NewRequest\(", r"^\s*func \w+\("],
}
_ANY_MARKER = re.compile("|".join(f"(?:{p})" for patterns in _MARKERS.values() for p in patterns))

# A line that continues a snippet: indented, a comment, or carrying code punctuation.
_CODE_LINE = re.compile(r"^\s+\S|^\s*(//|#|/\*|\*|--)|[;{}()\[\]=]|^\s*(end|else|fi|done)\b|=>|->")
_PROSE_LINE = re.compile(r"^[A-Z][a-z]+(?: [\w',’-]+){3,}[.?!:]?\s*$")


@functools.cache
def _compiled() -> dict[str, list[re.Pattern[str]]]:
    return {language: [re.compile(p) for p in patterns] for language, patterns in _MARKERS.items()}


# Every marker above contains one of these, so a line without any cannot match. Scanning prose
# with the full expression cost about 0.8 s per MB; a test compares both paths.
_MARKER_KEYWORDS = re.compile(
    r"[($=<|`]|import |from |def |func |const |let |var |axios|Base64|base64|Net::HTTP|require|puts "
    r"|HttpURLConnection|public |private |protected |String |export |echo|printf|CURLOPT_|ENV\["
)


def has_code_marker(line: str) -> bool:
    if not _MARKER_KEYWORDS.search(line):
        return False
    return bool(_ANY_MARKER.search(line))


def is_code_line(line: str) -> bool:
    if has_code_marker(line):
        return True
    if _PROSE_LINE.match(line.strip()) and not re.search(r"[;{}=]", line):
        return False
    return bool(_CODE_LINE.search(line))


def detect_language(text: str) -> str | None:
    """Return the language whose markers occur most often in `text`, or None."""
    scores = {language: sum(len(p.findall(text)) for p in patterns) for language, patterns in _compiled().items()}
    best = max(scores, key=scores.get)
    return best if scores[best] else None
