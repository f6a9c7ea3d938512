"""A progress line on standard error for walks that take longer than a second."""

from __future__ import annotations

import sys
import time

DELAY_SECONDS = 1.0
REFRESH_SECONDS = 0.1


class Progress:
    """Count scanned files and redraw one status line, only when enabled and after the delay."""

    def __init__(self, total: int, enabled: bool, stream=None) -> None:
        self.total = total
        self.enabled = enabled and total > 0
        self.stream = stream or sys.stderr
        self.done = 0
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.visible = False

    def advance(self, count: int) -> None:
        self.done += count
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.started < DELAY_SECONDS or now - self.drawn_at < REFRESH_SECONDS:
            return
        self.drawn_at = now
        self.visible = True
        self.stream.write(f"\r{_bar(self.done, self.total)} {self.done}/{self.total} files")
        self.stream.flush()

    def close(self) -> None:
        if self.visible:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _bar(done: int, total: int, width: int = 30) -> str:
    filled = width * done // total
    return "[" + "#" * filled + "-" * (width - filled) + "]"
