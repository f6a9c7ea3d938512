"""Turn PATH arguments into the list of files to scan.

Directories are walked with `os.scandir`, honouring `.gitignore` files (read
with pathspec's gitignore rules) and the configured exclude patterns.
Symbolic links are followed, but a directory already on the current walk is
not entered twice, so link loops end the branch instead of the scan. Files
that cannot be scanned (too large, unreadable, vanished) are reported as
skipped and the walk goes on.
"""

from __future__ import annotations

import functools
import os
import stat
from typing import Iterable, Iterator, NamedTuple

ALWAYS_SKIPPED_DIRECTORIES = frozenset({".git", ".hg", ".svn"})
NOT_A_FILE = "not a regular file (a FIFO, socket or device): nothing to read"


class Candidate(NamedTuple):
    """A file to read: `path` on disk, `display` in findings, `kind_path` to classify it."""

    path: str
    display: str
    kind_path: str
    size: int


class Skipped(NamedTuple):
    display: str
    reason: str


class WalkOptions(NamedTuple):
    max_bytes: int
    exclude: object | None = None          # a pathspec.PathSpec
    exclude_base: str = ""                 # exclude patterns are relative to this directory
    respect_gitignore: bool = True


def collect(paths: Iterable[str], options: WalkOptions) -> tuple[list[Candidate], list[Skipped]]:
    """Return the files to scan and the ones skipped, in walk order."""
    candidates: list[Candidate] = []
    skipped: list[Skipped] = []
    path_list = list(paths)
    root = _scan_root(path_list)
    for argument in path_list:
        for item in _walk_argument(argument, root, options):
            (candidates if isinstance(item, Candidate) else skipped).append(item)
    return candidates, skipped


def _scan_root(paths: list[str]) -> str:
    """Return the directory that finding paths are shown relative to.

    A single directory argument is its own root. Otherwise the current
    directory is the root, and paths outside it are shown as given.
    """
    if len(paths) == 1 and os.path.isdir(paths[0]):
        return os.path.abspath(paths[0])
    return os.getcwd()


def _display(path: str, root: str) -> str:
    return _relative_posix(path, root, fallback=path)


def _kind_path(path: str) -> str:
    """Return the path used to classify the file: relative to the project root when under it."""
    return _relative_posix(path, project_root(), fallback=path)


@functools.lru_cache(maxsize=8)
def _project_root_of(start: str) -> str:
    directory = start
    while True:
        if os.path.exists(os.path.join(directory, ".git")):
            return directory
        parent = os.path.dirname(directory)
        if parent == directory:
            return start
        directory = parent


def project_root() -> str:
    """Return the git work tree around the current directory, or the current directory.

    Classifying paths from there keeps directory names such as `public/`
    when the scan starts inside them.
    """
    return _project_root_of(os.getcwd())


def _relative_posix(path: str, directory: str, fallback: str) -> str:
    absolute = os.path.abspath(path)
    if _is_under(absolute, directory):
        relative = os.path.relpath(absolute, directory)
    else:
        relative = fallback
    return relative.replace(os.sep, "/") if os.sep != "/" else relative


def _is_under(path: str, directory: str) -> bool:
    return path == directory or path.startswith(directory.rstrip(os.sep) + os.sep)


def _walk_argument(argument: str, root: str, options: WalkOptions) -> Iterator[Candidate | Skipped]:
    try:
        status = os.stat(argument)
    except OSError as error:
        yield Skipped(argument, f"cannot be read ({error.strerror or error})")
        return
    if os.path.isdir(argument):
        yield from _walk_directory(argument, root, options)
    elif not stat.S_ISREG(status.st_mode):
        # Opening a FIFO blocks until a writer comes, so a named one would hang the scan.
        yield Skipped(_display(argument, root), NOT_A_FILE)
    else:
        yield from _file_item(argument, root, options, status.st_size)


def _file_item(path: str, root: str, options: WalkOptions, size: int) -> Iterator[Candidate | Skipped]:
    if is_excluded(options, path):
        return
    kind_path = _kind_path(path)
    display = _display(path, root)
    if path.lower().endswith((".sarif", ".sarif.json")):
        # Scanner reports quote every rule's bad example, so scanning one reports the catalogue.
        yield Skipped(display, "a SARIF report (scanner output, not source)")
        return
    if size > options.max_bytes:
        yield Skipped(display, f"larger than the size limit ({size} > {options.max_bytes} bytes)")
        return
    yield Candidate(path, display, kind_path, size)


def is_excluded(options: WalkOptions, path: str, directory: bool = False) -> bool:
    if options.exclude is None:
        return False
    relative = _relative_posix(path, os.path.abspath(options.exclude_base or os.getcwd()), fallback=path)
    return options.exclude.match_file(relative + "/" if directory else relative)


def _walk_directory(top: str, root: str, options: WalkOptions) -> Iterator[Candidate | Skipped]:
    ignore_stack = _inherited_ignores(os.path.abspath(top), options)
    active: set[tuple[int, int]] = set()
    yield from _walk_level(top, root, options, ignore_stack, active)


def _inherited_ignores(top: str, options: WalkOptions) -> list[tuple[str, object]]:
    """Return the ignore rules that apply to `top` from above it in its git work tree.

    Those are `.git/info/exclude` and the `.gitignore` files of the
    directories between the work tree's root and `top`, so a scan of a
    subdirectory skips what a scan of the whole repository would.
    """
    stack: list[tuple[str, object]] = []
    repository = _project_root_of(top)
    if not options.respect_gitignore or not os.path.isdir(os.path.join(repository, ".git")):
        return stack
    _push_ignore_file(repository, os.path.join(repository, ".git", "info", "exclude"), stack)
    directory = repository
    for part in os.path.relpath(top, repository).split(os.sep):
        if part in (".", ""):
            break
        _push_gitignore(directory, options, stack)
        directory = os.path.join(directory, part)
    return [(base, _spec_without_match(spec, _relative_posix(top, base, top) + "/")) for base, spec in stack]


def _spec_without_match(spec, directory: str):
    """Drop the patterns that ignore `directory` itself, which the user named explicitly.

    The other patterns (`__pycache__/`, `*.log`) still apply inside it.
    """
    import pathspec

    kept = [pattern for pattern in spec.patterns
            if pattern.include is None or not pattern.include or pattern.match_file(directory) is None]
    return pathspec.GitIgnoreSpec(kept)


def _walk_level(directory: str, root: str, options: WalkOptions,
                ignore_stack: list[tuple[str, object]], active: set[tuple[int, int]]) -> Iterator[Candidate | Skipped]:
    try:
        identity = _identity(directory)
    except OSError as error:
        yield Skipped(_display(directory, root), f"cannot be read ({error.strerror})")
        return
    if identity in active:
        yield Skipped(_display(directory, root), "symbolic link loop: this directory is already being walked")
        return

    active.add(identity)
    pushed = _push_gitignore(directory, options, ignore_stack)
    try:
        yield from _walk_entries(directory, root, options, ignore_stack, active)
    finally:
        if pushed:
            ignore_stack.pop()
        active.discard(identity)


def _walk_entries(directory: str, root: str, options: WalkOptions,
                  ignore_stack: list[tuple[str, object]], active: set[tuple[int, int]]) -> Iterator[Candidate | Skipped]:
    try:
        entries = sorted(os.scandir(directory), key=lambda entry: entry.name)
    except OSError as error:
        yield Skipped(_display(directory, root), f"cannot be listed ({error.strerror})")
        return

    for entry in entries:
        try:
            is_directory = entry.is_dir()
        except OSError:
            is_directory = False
        if is_directory and entry.name in ALWAYS_SKIPPED_DIRECTORIES:
            continue
        if _ignored(entry.path, is_directory, options, ignore_stack):
            continue
        if is_directory:
            yield from _walk_level(entry.path, root, options, ignore_stack, active)
            continue
        yield from _entry_file(entry, root, options)


def _entry_file(entry: os.DirEntry, root: str, options: WalkOptions) -> Iterator[Candidate | Skipped]:
    try:
        if entry.is_symlink() and not os.path.exists(entry.path):
            yield Skipped(_display(entry.path, root), "cannot be read (broken symbolic link)")
            return
        if not entry.is_file():
            yield Skipped(_display(entry.path, root), NOT_A_FILE)
            return
        size = entry.stat().st_size
    except OSError as error:
        yield Skipped(_display(entry.path, root), f"cannot be read ({error.strerror})")
        return
    yield from _file_item(entry.path, root, options, size)


def _identity(directory: str) -> tuple[int, int]:
    status = os.stat(directory)
    return status.st_dev, status.st_ino


def _ignored(path: str, is_directory: bool, options: WalkOptions,
             ignore_stack: list[tuple[str, object]]) -> bool:
    if is_excluded(options, path, is_directory):
        return True
    suffix = "/" if is_directory else ""
    for base, spec in ignore_stack:
        relative = _relative_posix(path, base, fallback=path)
        if spec.match_file(relative + suffix):
            return True
    return False


def _push_gitignore(directory: str, options: WalkOptions, ignore_stack: list[tuple[str, object]]) -> bool:
    """Push the rules of `directory/.gitignore` onto the stack and return True when there was one.

    NOTE: each .gitignore is matched on its own, so a `!pattern` in a nested
    file cannot re-include a path that a parent .gitignore excludes.
    """
    if not options.respect_gitignore:
        return False
    return _push_ignore_file(directory, os.path.join(directory, ".gitignore"), ignore_stack)


def _push_ignore_file(base: str, path: str, ignore_stack: list[tuple[str, object]]) -> bool:
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return False

    import pathspec

    ignore_stack.append((base, pathspec.GitIgnoreSpec.from_lines(lines)))
    return True


def build_exclude_spec(patterns: Iterable[str]):
    """Compile gitignore-style exclude patterns, or return None when there are none."""
    pattern_list = [pattern for pattern in patterns if pattern.strip()]
    if not pattern_list:
        return None

    import pathspec

    return pathspec.GitIgnoreSpec.from_lines(pattern_list)
