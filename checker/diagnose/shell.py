"""Find credentials that the shell changes before curl receives them (rule SRC612)."""

from __future__ import annotations

import dataclasses

from checker.readers.shellwords import Expansion, find_expansions, is_only_references
from checker.secrets import char_name


@dataclasses.dataclass(frozen=True)
class ChangedCredential:
    part: str  # "App ID" or "App Key"
    position: int  # 1-based position of the expanding character in that part
    expansion: Expansion

    def describe(self) -> str:
        return (f"character {self.position} of the {self.part} is {char_name(self.expansion.char)} "
                f"in {self.expansion.context}, so the shell expands it and curl receives a different "
                f"{self.part}")


def changed_credentials(value: str, raw: str) -> list[ChangedCredential]:
    """Return the first expansion in each half of an `id:key` word that contains a literal secret.

    `value` is the word as shlex returns it, `raw` the word as written. A half
    made only of variable references (`"$ENABLEX_APP_ID:$ENABLEX_APP_KEY"`) is
    intended and not reported.
    """
    expansions = find_expansions(raw)
    if not expansions:
        return []
    colon = value.find(":")
    halves = [("App ID", 0, colon if colon >= 0 else len(value))]
    if colon >= 0:
        halves.append(("App Key", colon + 1, len(value)))

    changed = []
    for part, start, end in halves:
        inside = [item for item in expansions if start <= item.value_index < end]
        if inside and not is_only_references(value[start:end]):
            changed.append(ChangedCredential(part, inside[0].value_index - start + 1, inside[0]))
    return changed
