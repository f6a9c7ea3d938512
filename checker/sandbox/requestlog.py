"""The request log: one JSON line per request, appended and flushed at once.

A line records that an Authorization header was present, never its value, and
the path without its query string, which could carry credentials.
"""

from __future__ import annotations

import datetime
import json
import threading
from pathlib import Path
from typing import TextIO

from checker.sandbox.errors import SandboxError


class RequestLog:
    """Append request records to a file; safe to call from every handler thread."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._lock = threading.Lock()
        try:
            self._file: TextIO | None = self.path.open("a", encoding="utf-8")
        except FileNotFoundError:
            raise SandboxError(
                f"cannot open request log {self.path}: directory {self.path.parent} does not exist; create it first"
            ) from None
        except OSError as error:
            raise SandboxError(f"cannot open request log {self.path}: {error.strerror}; pick another --request-log path") from None

    def record(
        self,
        method: str,
        path: str,
        status: int | None,
        authorization_present: bool,
        fault: str | None = None,
        reason: str | None = None,
    ) -> None:
        entry = {
            "time": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="milliseconds"),
            "method": method,
            "path": path,
            "status": status,
            "authorization_present": authorization_present,
            "fault": fault,
            "reason": reason,
        }
        line = json.dumps(entry, ensure_ascii=True) + "\n"
        with self._lock:
            if self._file is None:
                return
            self._file.write(line)
            self._file.flush()

    def close(self) -> None:
        with self._lock:
            if self._file is not None:
                self._file.close()
                self._file = None
