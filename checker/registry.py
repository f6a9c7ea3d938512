"""The rule catalogue: every rule's code, name, severity, cause, fix and examples.

Rules are plain functions registered with `@rule(...)`. A rule function takes
the context object of its family (a parsed header, a credential pair, an env
file, ...) and yields `Hit` records. `run_family` turns those into `Finding`s
that carry the rule's catalogue text. Rules that no function detects on its own
(PROBE5xx, which the probe layer and transcript reader emit) are declared with
`declare(...)` and turned into findings with `make_finding`.

The registry rejects a malformed code, a duplicate code or a name used twice in one family at
import time, so a mistake in a rule module fails every test at once.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable, Iterable, Iterator

from checker.findings import Finding, Hit, Location, Severity

CODE_PATTERN = re.compile(r"^(AUTH1|CRED2|ENV3|URL4|PROBE5|SRC6)\d\d$")
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")

FAMILIES = {
    "AUTH": "the Authorization header",
    "CRED": "the credential values",
    "ENV": "env files",
    "URL": "the endpoint",
    "PROBE": "live answers",
    "SRC": "source files",
}

_SEVERITY_ALIASES = {"E": "error", "W": "warning"}

RuleFunction = Callable[..., Iterable[Hit]]


class RegistryError(Exception):
    """A rule declaration is malformed or clashes with another rule."""


@dataclasses.dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    summary: str
    cause: str
    fix: str
    bad: str
    good: str
    function: RuleFunction | None = None

    @property
    def family(self) -> str:
        return re.sub(r"\d+$", "", self.code)


_RULES: dict[str, Rule] = {}
# Names are unique within a family only: the published catalogue gives URL402
# and SRC604 the same name, `credentials-in-url`.
_NAMES: dict[tuple[str, str], str] = {}


def declare(code: str, name: str, severity: str, *, summary: str, cause: str,
            fix: str, bad: str, good: str,
            function: RuleFunction | None = None) -> Rule:
    """Add one rule to the catalogue and return it."""
    if not CODE_PATTERN.match(code):
        raise RegistryError(f"rule code {code!r} does not match {CODE_PATTERN.pattern}")
    if not NAME_PATTERN.match(name):
        raise RegistryError(f"rule name {name!r} for {code} is not kebab-case")
    if code in _RULES:
        raise RegistryError(f"rule code {code} is declared twice")
    family = re.sub(r"\d+$", "", code)
    if (family, name) in _NAMES:
        raise RegistryError(f"rule name {name!r} is used by {_NAMES[family, name]} and {code}")
    for field, text in (("summary", summary), ("cause", cause), ("fix", fix)):
        if not text.strip():
            raise RegistryError(f"rule {code} has an empty {field}")

    level = _SEVERITY_ALIASES.get(severity, severity)
    if level not in ("error", "warning"):
        raise RegistryError(f"rule {code} has severity {severity!r}; use 'error' or 'warning'")
    entry = Rule(code, name, Severity(level), summary, cause, fix, bad, good, function)
    _RULES[code] = entry
    _NAMES[family, name] = code
    return entry


def rule(code: str, name: str, severity: str, **text: str) -> Callable[[RuleFunction], RuleFunction]:
    """Register the decorated function as the detector of rule `code`."""

    def decorate(function: RuleFunction) -> RuleFunction:
        declare(code, name, severity, function=function, **text)
        return function

    return decorate


# The modules that register each family. Commands load only the families they
# run, so `check --offline` does not pay for compiling the source-file rules.
FAMILY_MODULES = {
    "AUTH": ("checker.rules.auth",),
    "CRED": ("checker.rules.cred",),
    "ENV": ("checker.rules.env",),
    "URL": ("checker.rules.url",),
    "PROBE": ("checker.rules.probe",),
    "SRC": ("checker.rules.src",),
}


def load_family(family: str) -> None:
    import importlib

    for module in FAMILY_MODULES.get(family, ()):
        importlib.import_module(module)


def load_all() -> None:
    """Import every rule module so the catalogue is complete."""
    for family in FAMILY_MODULES:
        load_family(family)


def all_rules() -> list[Rule]:
    load_all()
    return [_RULES[code] for code in sorted(_RULES, key=_sort_key)]


def get(code: str) -> Rule:
    """Return the rule for `code` (case-insensitive) or by its name (the first family's, when shared)."""
    wanted = code.strip()
    family = re.sub(r"\d+$", "", wanted.upper())
    if family in FAMILY_MODULES:
        load_family(family)
        if wanted.upper() in _RULES:
            return _RULES[wanted.upper()]
    load_all()
    if wanted.upper() in _RULES:
        return _RULES[wanted.upper()]
    matches = [found for (_, name), found in _NAMES.items() if name == wanted.lower()]
    if matches:
        return _RULES[sorted(matches, key=_sort_key)[0]]
    raise KeyError(code)


def make_finding(code: str, message: str, location: Location | None = None,
                 evidence: str | None = None, secret_hash: str | None = None,
                 cause: str | None = None, fix: str | None = None) -> Finding:
    """Build a finding for rule `code`, with the catalogue's cause and fix unless given."""
    entry = get(code)
    return Finding(
        code=entry.code,
        name=entry.name,
        severity=entry.severity,
        message=message,
        cause=cause or entry.cause,
        fix=fix or entry.fix,
        location=location,
        evidence=evidence,
        secret_hash=secret_hash,
    )


def run_family(family: str, context: object, *, select: Iterable[str] = ()) -> list[Finding]:
    """Run every registered rule of `family` on `context`, in code order.

    `select`, when given, keeps only codes that start with one of its prefixes.
    """
    prefixes = tuple(select)
    load_family(family)
    findings: list[Finding] = []
    for entry in sorted(_RULES.values(), key=lambda item: _sort_key(item.code)):
        if entry.family != family or entry.function is None:
            continue
        if prefixes and not entry.code.startswith(prefixes):
            continue
        findings.extend(_findings_of(entry, context))
    return findings


def _findings_of(entry: Rule, context: object) -> Iterator[Finding]:
    for hit in entry.function(context) or ():
        yield Finding(
            code=entry.code,
            name=entry.name,
            severity=entry.severity,
            message=hit.message,
            cause=entry.cause,
            fix=entry.fix,
            location=hit.location,
            evidence=hit.evidence,
            secret_hash=hit.secret_hash,
        )


def _sort_key(code: str) -> tuple[int, str]:
    order = list(FAMILIES)
    family = re.sub(r"\d+$", "", code)
    return (order.index(family), code)
