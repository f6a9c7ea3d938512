"""Read candidate files, run the SRC rules on them, and apply inline ignores.

Reading is the hot path of a tree scan. A file is read as bytes, dropped as
binary when its first 8 KiB contain a NUL byte, and decoded only when its
lowercased bytes contain one of the rule markers. The scan starts in this
process and moves the remaining files to worker processes only when its
pace predicts a long run, because starting workers costs more than a short
scan takes.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Callable, Iterable, Sequence

from checker import registry
from checker.findings import Finding
from checker.scan import credentials, suppress
from checker.scan.source import SourceFile, find_markers
from checker.scan.walker import Candidate, Skipped

BINARY_CHECK_BYTES = 8192
# UTF-16 text starts with one of these byte order marks (Windows PowerShell
# 5.1 writes it by default), and its NUL bytes do not make it binary.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Worker processes cost tens of milliseconds to start and only pay off when
# the remaining work is long. The scan therefore starts in this process and
# hands the rest to workers once its own pace predicts more than this many
# seconds.
PARALLEL_MIN_SECONDS = 1.0
CHUNK_FILES = 64


class ScanResult:
    """The findings of a scan, the files it skipped, and how many it read."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.skipped: list[Skipped] = []
        self.binary = 0
        self.scanned = 0

    def merge(self, other: "ScanResult") -> None:
        self.findings.extend(other.findings)
        self.skipped.extend(other.skipped)
        self.binary += other.binary
        self.scanned += other.scanned


def enabled_codes(select: Sequence[str], ignore: Sequence[str]) -> tuple[str, ...]:
    """Return the SRC codes that `select` keeps and `ignore` does not drop (both are prefixes)."""
    from checker.rules import src

    codes = []
    for code in src.CODES:
        if select and not code.startswith(tuple(select)):
            continue
        if ignore and code.startswith(tuple(ignore)):
            continue
        codes.append(code)
    return tuple(codes)


class ScanRuleError(RuntimeError):
    """A scan rule raised an exception; the message names the file and the exception type only."""


def scan_source(source: SourceFile, codes: Sequence[str]) -> list[Finding]:
    """Run the enabled rules on one file and drop findings an inline comment ignores."""
    if not codes:
        return []
    try:
        findings = registry.run_family("SRC", source, select=codes)
    except Exception as error:  # noqa: BLE001  (re-raised without its message, which may quote the file)
        # The rules register a file's secrets with the scrubber only as they find
        # them, so a message quoting the file could show a key that was never
        # registered. The traceback keeps the frames of the original error.
        raise ScanRuleError(
            f"a scan rule failed on {source.path} with {type(error).__name__} (message left out, "
            "because it may quote the file)"
        ).with_traceback(error.__traceback__) from None
    if source.lines_in_scope is not None:
        findings = [finding for finding in findings if finding.location.line in source.lines_in_scope]
    covered = suppress.ignored_lines(source)
    if covered:
        findings = [finding for finding in findings if not suppress.is_suppressed(finding, covered)]
    return findings


def source_from_bytes(data: bytes, display: str, kind_path: str, **extra) -> SourceFile | None:
    """Return a SourceFile, or None when no rule marker occurs in the data."""
    if data.startswith(UTF16_BOMS):
        data = data.decode("utf-16", "replace").encode("utf-8")
    markers = find_markers(data.lower())
    if not markers:
        return None
    text = data.decode("utf-8", "replace")
    return SourceFile(path=display, text=text, markers=markers, kind_path=kind_path, **extra)


def is_binary(data: bytes) -> bool:
    """Return True when the first bytes contain NUL, unless a UTF-16 byte order mark starts them."""
    return b"\0" in data[:BINARY_CHECK_BYTES] and not data.startswith(UTF16_BOMS)


def scan_candidates(candidates: list[Candidate], codes: Sequence[str], jobs: int = 0,
                    progress: Callable[[int], None] | None = None) -> ScanResult:
    """Scan the files, moving to worker processes when the rest would take long (`jobs` 0).

    `jobs` 1 keeps everything in this process, and a larger value starts
    that many workers at once.
    """
    if jobs > 1:
        return _scan_in_workers(candidates, codes, jobs, progress)

    result = ScanResult()
    total_bytes = sum(candidate.size for candidate in candidates) or 1
    done_bytes = 0
    started = time.monotonic()
    chunks = list(_chunks(candidates, CHUNK_FILES))
    for index, chunk in enumerate(chunks):
        result.merge(_scan_chunk(chunk, codes))
        done_bytes += sum(candidate.size for candidate in chunk)
        if progress:
            progress(len(chunk))
        remaining = [candidate for rest in chunks[index + 1:] for candidate in rest]
        if jobs == 0 and _workers_would_pay(time.monotonic() - started, done_bytes, total_bytes, len(remaining)):
            result.merge(_scan_in_workers(remaining, codes, _cpu_count(), progress))
            break
    return result


def _workers_would_pay(elapsed: float, done_bytes: int, total_bytes: int, remaining_files: int) -> bool:
    if _cpu_count() < 2 or remaining_files < 2 * CHUNK_FILES or done_bytes == 0:
        return False
    predicted = elapsed * (total_bytes - done_bytes) / done_bytes
    return predicted > PARALLEL_MIN_SECONDS


def _cpu_count() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _scan_in_workers(candidates: list[Candidate], codes: Sequence[str], workers: int,
                     progress: Callable[[int], None] | None) -> ScanResult:
    from checker import secrets

    result = ScanResult()
    arguments = [(chunk, tuple(codes)) for chunk in _chunks(candidates, CHUNK_FILES)]
    with _process_context().Pool(workers) as pool:
        for chunk_result, found_secrets, size in pool.imap_unordered(_worker, arguments):
            secrets.register(*found_secrets)
            result.merge(chunk_result)
            if progress:
                progress(size)
    return result


def _process_context():
    import multiprocessing

    # fork starts workers with the rule registry already built; other
    # platforms re-import it in each worker.
    if sys.platform == "linux":
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _worker(arguments: tuple[list[Candidate], tuple[str, ...]]) -> tuple[ScanResult, list[str], int]:
    chunk, codes = arguments
    result = _scan_chunk(chunk, codes)
    return result, credentials.take_remembered(), len(chunk)


def _chunks(items: list[Candidate], size: int) -> Iterable[list[Candidate]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _scan_chunk(chunk: list[Candidate], codes: Sequence[str]) -> ScanResult:
    result = ScanResult()
    for candidate in chunk:
        _scan_one(candidate, codes, result)
    return result


def _scan_one(candidate: Candidate, codes: Sequence[str], result: ScanResult) -> None:
    try:
        with open(candidate.path, "rb") as handle:
            data = handle.read(BINARY_CHECK_BYTES)
            if is_binary(data):
                result.binary += 1
                return
            data += handle.read()
    except OSError as error:
        result.skipped.append(Skipped(candidate.display, f"cannot be read ({error.strerror or error})"))
        return
    result.scanned += 1
    source = source_from_bytes(data, candidate.display, candidate.kind_path)
    if source is not None:
        result.findings.extend(scan_source(source, codes))
