"""Generate docs/rules.md from the rule registry: `python -m checker.docs > docs/rules.md`."""

from __future__ import annotations

from checker import registry


def render_rules_markdown() -> str:
    lines = [
        "# Rule catalogue",
        "",
        "Generated from the rule registry by `make docs`; do not edit by hand.",
        "Codes are stable once published and never reused. Severity: error or warning",
        "(PROBE codes: errors are `rejected` verdicts, warnings `inconclusive` ones).",
        "`enablex-authcheck explain CODE` prints the same text in a terminal.",
        "",
    ]
    for family, title in registry.FAMILIES.items():
        rules = [entry for entry in registry.all_rules() if entry.family == family]
        if not rules:
            continue
        lines += [f"## {family}: {title}", "", "| code | name | severity | detects |", "|---|---|---|---|"]
        lines += [f"| [{entry.code}](#{entry.code.lower()}) | {entry.name} | {entry.severity.value} | {_cell(entry.summary)} |"
                  for entry in rules]
        lines.append("")
        for entry in rules:
            lines += _rule_section(entry)
    return "\n".join(lines).rstrip() + "\n"


def _rule_section(entry: registry.Rule) -> list[str]:
    return [
        f"### {entry.code}",
        "",
        f"**{entry.name}** ({entry.severity.value}): {entry.summary}",
        "",
        f"Cause: {entry.cause}",
        "",
        f"Fix: {entry.fix}",
        "",
        "Bad:",
        "",
        "```text",
        entry.bad,
        "```",
        "",
        "Good:",
        "",
        "```text",
        entry.good,
        "```",
        "",
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


if __name__ == "__main__":
    print(render_rules_markdown(), end="")
