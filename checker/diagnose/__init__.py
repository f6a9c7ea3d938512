"""Triage of pasted support material: run every rule that applies, then tell one story.

`analyze.analyze_text` splits a paste into pieces, runs the header, credential,
env, URL, source and response rules on each, and collects the findings with
the responses seen. `story.tell` links that evidence (a well-formed header and
a 403 point at the key, a malformed header and a 401 point at the header) and
orders the findings with the most likely cause first.
"""
