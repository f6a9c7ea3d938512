from pathlib import Path

from checker.docs import render_rules_markdown

RULES_MD = Path(__file__).resolve().parent.parent / "docs" / "rules.md"


def test_rules_md_is_up_to_date():
    assert RULES_MD.read_text(encoding="utf-8") == render_rules_markdown(), (
        "docs/rules.md is stale: run `make docs` and commit the result"
    )


def test_rules_md_lists_every_code():
    text = render_rules_markdown()
    for code in ("AUTH101", "AUTH117", "CRED213", "ENV307", "URL405", "PROBE512"):
        assert f"### {code}" in text
