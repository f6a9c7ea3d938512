"""Link the evidence of one ticket into one story, with the most likely cause first.

The platform responds 401 when the header is missing or malformed (wrong
scheme, bad Base64, no colon) and 403 when the header decodes but the
credentials are denied. So a structural header problem explains a 401, a
problem with the decoded values explains a 403, and a well-formed header next
to a 403 points away from the header: at the key, the project's Voice setting
or the account.
"""

from __future__ import annotations

import dataclasses

from checker import secrets
from checker.diagnose.model import Diagnosis
from checker.findings import Finding, Severity

# Header problems that make the platform respond 401, because it cannot read the header.
STRUCTURE_CODES = frozenset({
    "AUTH101", "AUTH102", "AUTH103", "AUTH104", "AUTH105", "AUTH106", "AUTH107", "AUTH108", "AUTH109", "AUTH115",
})
# Problems with the decoded id and key: the header parses, and the platform responds 403.
VALUE_CODES = frozenset({"AUTH110", "AUTH111", "AUTH112", "AUTH113", "AUTH114", "AUTH116", "AUTH117"})
# Warnings that change the value the platform receives, so they explain a 403 as well as an error does.
VALUE_WARNINGS = frozenset({"SRC612", "ENV303", "ENV304", "ENV305", "CRED205", "CRED206", "CRED210"})
# Responses and client errors that mean the request never reached the platform's authentication.
NOT_REACHED_CODES = ("PROBE505", "PROBE506", "PROBE509", "PROBE510", "PROBE511", "PROBE512")

# Family order for findings that do not explain an observed response.
_FAMILY_RANK = {"URL": 0, "AUTH": 1, "CRED": 2, "ENV": 3, "SRC": 4, "PROBE": 5}
# Within a family, codes that break every request for any key come first. A wrapping encoder
# (SRC608) only breaks tokens longer than 76 characters, while `echo` without -n (SRC609) or a
# missing colon (SRC607) breaks all of them.
_FIRST_IN_FAMILY = {"SRC607", "SRC609"}


@dataclasses.dataclass
class Story:
    headline: str
    lead: Finding | None
    findings: list[Finding]  # ordered: the lead first, then errors, then warnings
    nothing_found: bool = False


def tell(diagnosis: Diagnosis) -> Story:
    """Choose the lead finding and the headline for one diagnosis."""
    if not diagnosis.relevant:
        return Story(_nothing_found(diagnosis), None, [], nothing_found=True)

    codes = {finding.code for finding in diagnosis.findings}
    header_errors = [f for f in diagnosis.findings if f.is_error and f.code.startswith(("AUTH", "CRED"))]
    structure = [f for f in header_errors if f.code in STRUCTURE_CODES]
    values = [f for f in header_errors if f.code not in STRUCTURE_CODES]
    values += [f for f in diagnosis.findings if f.code in VALUE_WARNINGS and f not in values]
    header_fine = diagnosis.headers_checked > 0 and not header_errors

    lead, headline = _explain(diagnosis, codes, structure, values, header_fine)
    ordered = _order(diagnosis.findings, lead)
    return Story(headline, lead, ordered)


def _explain(diagnosis, codes, structure, values, header_fine) -> tuple[Finding | None, str]:
    not_reached = _first(diagnosis, NOT_REACHED_CODES)
    if not_reached is not None and not_reached.code == "PROBE512" and structure:
        # The foreign response hides the platform's verdict, but a malformed header fails there too.
        lead = structure[0]
        return lead, (f"The Authorization header is malformed: {lead.message}. The response in the paste did not "
                      "come from the platform's authentication (no Basic challenge or not its JSON), but this "
                      "header would be rejected there as well.")
    if not_reached is not None:
        return not_reached, f"{_sentence(not_reached.message)} {_sentence(not_reached.cause)}"

    if "PROBE501" in codes:
        return _explain_401(diagnosis, structure, values, header_fine)
    if "PROBE502" in codes:
        return _explain_403(diagnosis, structure, values, header_fine)
    for code in ("PROBE503", "PROBE504", "PROBE507", "PROBE508"):
        found = _first(diagnosis, (code,))
        if found is not None:
            return found, f"{_sentence(found.message)} {_sentence(found.cause)}"

    errors = _order([f for f in diagnosis.findings if f.is_error], None)
    if errors:
        lead = errors[0]
        return lead, f"Most likely cause: {lead.message}."
    if diagnosis.accepted:
        return None, f"Authentication passed: {diagnosis.accepted[0]}."
    if header_fine:
        return None, ("The Authorization header is well formed and decodes to an App ID and App Key. "
                      f"{_fingerprint_hint(diagnosis)}")
    warnings = _order(diagnosis.findings, None)
    changed = [finding for finding in warnings if finding.code in VALUE_WARNINGS]
    if changed:
        return changed[0], f"Likely cause: {changed[0].message}."
    if warnings:
        return warnings[0], f"No error found; check this warning first: {warnings[0].message}."
    return None, "No error found in the pasted material."


def _explain_401(diagnosis, structure, values, header_fine):
    answer = _first(diagnosis, ("PROBE501",))
    if structure:
        lead = structure[0]
        return lead, f"The platform answered 401 because the Authorization header is malformed: {lead.message}."
    if header_fine:
        return answer, ("The Authorization header in the paste is well formed, yet the platform answered 401, "
                        "so the failing request did not carry this header: check that the client sends it on "
                        "every request and that no proxy or redirect drops or replaces it.")
    if values:
        lead = values[0]
        return lead, f"The platform answered 401; the header's decoded value is also wrong: {lead.message}."
    return answer, ("The platform answered 401: the Authorization header was missing or malformed. "
                    "Ask for the request (curl -v output or the Authorization line) to tell which.")


def _explain_403(diagnosis, structure, values, header_fine):
    answer = _first(diagnosis, ("PROBE502",))
    if values:
        lead = values[0]
        return lead, ("The platform read the header and denied the credentials (403) because the decoded value "
                      f"is wrong: {lead.message}.")
    if header_fine:
        return answer, ("The Authorization header is well formed, so the 403 is about the credentials themselves: "
                        "a wrong or regenerated App Key, the Voice API disabled for the project, or the account "
                        f"suspended or out of balance. {_fingerprint_hint(diagnosis)}")
    if structure:
        lead = structure[0]
        return lead, f"The platform answered 403, and the header is also malformed: {lead.message}."
    return answer, ("The platform decoded the credentials and denied them (403): a wrong or regenerated App Key, "
                    "the Voice API disabled for the project, or the account suspended or out of balance.")


def _fingerprint_hint(diagnosis: Diagnosis) -> str:
    keys = [seen for seen in diagnosis.credentials if seen.app_key]
    if not keys:
        return "Compare the App Key with the one in the portal."
    key = keys[0].app_key
    return (f"Ask the customer to compare the App Key's fingerprint {secrets.fingerprint(key)} "
            f"(length {len(key)}) with the key in the portal.")


def _first(diagnosis: Diagnosis, codes: tuple[str, ...]) -> Finding | None:
    for code in codes:
        for finding in diagnosis.findings:
            if finding.code == code:
                return finding
    return None


def _order(findings: list[Finding], lead: Finding | None) -> list[Finding]:
    def rank(finding: Finding) -> tuple:
        family = finding.code.rstrip("0123456789")
        line = finding.location.line if finding.location and finding.location.line else 0
        return (finding is not lead, finding.severity is not Severity.ERROR,
                _FAMILY_RANK.get(family, 9), finding.code not in _FIRST_IN_FAMILY, finding.code, line)

    return sorted(findings, key=rank)


def _sentence(text: str) -> str:
    text = text.strip()
    if not text:
        return text
    text = text[0].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."


def _nothing_found(diagnosis: Diagnosis) -> str:
    return ("Nothing relevant found: the input holds no Authorization header, curl command, HTTP exchange, "
            "HAR file, env file, code snippet or client error message about the EnableX Voice API.")


def add_live_verdicts(story: Story, probes: list) -> None:
    """Append what a live re-probe with the pasted credentials showed to the headline."""
    from checker.findings import Verdict

    sent = [probe for probe in probes if probe.verdict is not Verdict.SKIPPED]
    if not sent:
        return
    accepted = [probe.family for probe in sent if probe.verdict is Verdict.ACCEPTED]
    rejected = [probe for probe in sent if probe.verdict is Verdict.REJECTED]
    if len(accepted) == len(sent):
        story.headline += (" A live re-probe with the same credentials was accepted by every family "
                           f"({', '.join(accepted)}), so they are valid now: look at what differs in the "
                           "failing client (header building, proxy, host).")
    elif rejected:
        codes = ", ".join(sorted({f"{probe.family} {probe.code}" for probe in rejected}))
        story.headline += f" A live re-probe with the same credentials was rejected too ({codes})."
    else:
        story.headline += " A live re-probe was inconclusive; see the probe table."
