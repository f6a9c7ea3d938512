"""Read file content from git: the staged versions (`--staged`) and past commits (`--history`).

All blobs are read through one `git cat-file --batch` process, so a scan
costs a fixed number of git processes however many files it reads.
"""

from __future__ import annotations

import dataclasses
import re
import subprocess
from typing import Iterator

from checker.errors import CheckerError

HUNK_HEADER = re.compile(r"^@@ -\d+(?:,\d+)? \+(?P<start>\d+)(?:,\d+)? @@")
COMMIT_MARK = "\x00commit "


@dataclasses.dataclass(frozen=True)
class Blob:
    """A file version to scan; `added_lines` limits findings to the lines a commit added."""

    path: str
    data: bytes
    commit: str | None = None
    added_lines: frozenset[int] | None = None


def top_level(start: str = ".") -> str:
    return _git(["rev-parse", "--show-toplevel"], cwd=start).decode("utf-8", "surrogateescape").strip()


def staged_blobs(repository: str, pathspecs: list[str]) -> Iterator[Blob]:
    """Yield the staged content of every file added, copied, modified or renamed in the index."""
    names = _git(["diff", "--cached", "--name-only", "-z", "--diff-filter=ACMR", "--", *pathspecs], cwd=repository)
    paths = [name.decode("utf-8", "surrogateescape") for name in names.split(b"\0") if name]
    if not paths:
        return
    listing = _git(["ls-files", "-s", "-z", "--", *paths], cwd=repository)
    objects = []
    for record in listing.split(b"\0"):
        if not record:
            continue
        meta, _, name = record.partition(b"\t")
        mode, object_id, _stage = meta.split()
        if mode.startswith(b"120") or mode == b"160000":
            continue  # symbolic links and submodules have no file content to scan
        objects.append((object_id.decode(), name.decode("utf-8", "surrogateescape")))
    for (object_id, path), data in zip(objects, _read_objects(repository, [oid for oid, _ in objects])):
        if data is not None:
            yield Blob(path, data)


def history_blobs(repository: str, since: str | None, pathspecs: list[str]) -> Iterator[Blob]:
    """Yield, for every commit and file it added or modified, the new version and its added lines.

    Commits come newest first, as `git log` lists them. Without `since` the
    whole history of HEAD is read, and with it only the commits after `since`.
    """
    # NOTE: the whole `git log -p` output is held in memory, so very long
    # histories need memory in proportion to their diffs.
    revision = f"{since}..HEAD" if since else "HEAD"
    if since:
        _git(["rev-parse", "--verify", "--quiet", f"{since}^{{commit}}"], cwd=repository,
             error=f"--since {since!r} is not a commit in this repository; give a branch, tag or commit id")
    log = _history_log(repository, revision, pathspecs)
    changes = list(_parse_log(log.decode("utf-8", "surrogateescape")))
    requests = [f"{commit}:{path}" for commit, path, _ in changes]
    for (commit, path, added), data in zip(changes, _read_objects(repository, requests)):
        if data is not None and added:
            yield Blob(path, data, commit, frozenset(added))


def _history_log(repository: str, revision: str, pathspecs: list[str]) -> bytes:
    """Return `git log -p` of `revision`, with merge commits diffed against their first parent.

    The merge diff catches lines added while resolving a conflict. Git before
    2.31 has no --diff-merges, and there merge commits are left out.
    """
    arguments = ["-c", "core.quotePath=false", "log", "--no-color", "--no-ext-diff", "--no-renames",
                 "--diff-filter=AM", "-U0", "--format=%x00commit %H", "-p"]
    try:
        return _git([*arguments, "--diff-merges=first-parent", revision, "--", *pathspecs], cwd=repository)
    except CheckerError:
        return _git([*arguments, revision, "--", *pathspecs], cwd=repository)


def _parse_log(log: str) -> Iterator[tuple[str, str, list[int]]]:
    """Yield (commit, path, added line numbers) from `git log -p -U0` output."""
    commit = path = None
    added: list[int] = []
    line_number = 0
    for line in log.split("\n"):
        if line.startswith(COMMIT_MARK) or line.startswith("diff --git "):
            if commit and path:
                yield commit, path, added
            path, added = None, []
            if line.startswith(COMMIT_MARK):
                commit = line[len(COMMIT_MARK):].strip()
        elif line.startswith("+++ "):
            path = _diff_path(line[4:])
        elif line.startswith("@@"):
            header = HUNK_HEADER.match(line)
            line_number = int(header.group("start")) if header else 0
        elif line.startswith("+") and path:
            added.append(line_number)
            line_number += 1
    if commit and path:
        yield commit, path, added


def _diff_path(raw: str) -> str | None:
    # NOTE: with core.quotePath=false git still quotes names that contain
    # control characters or double quotes, and such files are not scanned.
    if raw == "/dev/null" or raw.startswith('"'):
        return None
    return raw[2:] if raw.startswith("b/") else raw


def _read_objects(repository: str, names: list[str]) -> Iterator[bytes | None]:
    """Yield the content of each object name (an id or `commit:path`), or None when it is missing."""
    if not names:
        return
    request = "".join(name + "\n" for name in names if "\n" not in name).encode("utf-8", "surrogateescape")
    output = _git(["cat-file", "--batch"], cwd=repository, stdin=request)
    position = 0
    for name in names:
        if "\n" in name:
            yield None
            continue
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[-1] == b"missing":
            yield None
            continue
        size = int(header[2])
        yield output[position:position + size]
        position += size + 1


def _git(arguments: list[str], cwd: str, stdin: bytes | None = None, error: str | None = None) -> bytes:
    try:
        completed = subprocess.run(
            ["git", *arguments], cwd=cwd, input=stdin, capture_output=True, check=False,
        )
    except FileNotFoundError:
        raise CheckerError("git is not installed or not on PATH; --staged and --history need it") from None
    if completed.returncode != 0:
        detail = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        command = next(argument for argument in arguments if not argument.startswith("-") and "=" not in argument)
        raise CheckerError(error or f"git {command} failed: {detail[0] if detail else 'no message'}")
    return completed.stdout
