import re

import pytest

from checker import registry
from checker.registry import RegistryError, declare

CATALOGUE = (
    [f"AUTH1{n:02d}" for n in range(1, 18)]
    + [f"CRED2{n:02d}" for n in range(1, 14)]
    + [f"ENV3{n:02d}" for n in range(1, 9)]
    + [f"URL4{n:02d}" for n in range(1, 6)]
    + [f"PROBE5{n:02d}" for n in range(1, 13)]
    + [f"SRC6{n:02d}" for n in range(1, 14)]
)
TEXT = dict(summary="s", cause="c", fix="f", bad="b", good="g")


def test_catalogue_has_every_published_code():
    codes = {entry.code for entry in registry.all_rules()}
    missing = [code for code in CATALOGUE if code not in codes]
    assert missing == []


def test_every_rule_has_examples_and_text():
    for entry in registry.all_rules():
        assert entry.bad.strip(), entry.code
        assert entry.good.strip(), entry.code
        assert entry.cause.endswith((".", ")")), entry.code
        assert re.match(r"^[a-z][a-z0-9-]*$", entry.name), entry.code


@pytest.mark.parametrize("code", ["AUTH1", "XYZ101", "AUTH201", "auth101", "SRC6001", "PROBE5XX"])
def test_declare_rejects_malformed_code(code):
    with pytest.raises(RegistryError):
        declare(code, "some-name", "error", **TEXT)


def test_declare_rejects_duplicate_code():
    registry.load_all()
    with pytest.raises(RegistryError, match="declared twice"):
        declare("AUTH101", "another-name", "error", **TEXT)


def test_declare_rejects_duplicate_name_in_family():
    registry.load_all()
    with pytest.raises(RegistryError, match="used by AUTH101"):
        declare("AUTH199", "header-missing", "error", **TEXT)


@pytest.mark.parametrize("name", ["Header", "with space", "trailing-", "snake_case"])
def test_declare_rejects_bad_name(name):
    with pytest.raises(RegistryError, match="kebab-case"):
        declare("AUTH198", name, "error", **TEXT)


def test_declare_rejects_unknown_severity():
    with pytest.raises(RegistryError, match="severity"):
        declare("AUTH197", "odd-severity", "fatal", **TEXT)


def test_get_by_code_and_name():
    assert registry.get("auth110").name == "trailing-newline"
    assert registry.get("trailing-newline").code == "AUTH110"
    with pytest.raises(KeyError):
        registry.get("NOPE999")


def test_make_finding_uses_catalogue_text():
    finding = registry.make_finding("PROBE502", "403 from core")
    assert finding.cause == registry.get("PROBE502").cause
    assert finding.severity.value == "error"
