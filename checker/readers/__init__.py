"""Readers that turn pasted support material into parsed pieces.

A paste may be one thing (a header, a curl command, a HAR file) or an email
that mixes several. `detect.split_pieces` finds the pieces; the other modules
parse one kind each. Readers never judge: the rules and `checker.diagnose` do.
Every reader that meets a secret registers it with `checker.secrets` at once.
"""
