"""Logging set-up: silent unless -v, and every record passes through the secret scrubber."""

from __future__ import annotations

import logging

from checker.secrets import scrub


class ScrubbingFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        return scrub(super().format(record))


def configure(verbose: int) -> None:
    """Send this package's log records to stderr at INFO for -v and DEBUG for -vv."""
    logger = logging.getLogger("checker")
    if verbose <= 0:
        logger.setLevel(logging.WARNING)
        return
    handler = logging.StreamHandler()
    handler.setFormatter(ScrubbingFormatter("[%(levelname)s] %(name)s: %(message)s"))
    logger.handlers = [handler]
    logger.setLevel(logging.DEBUG if verbose > 1 else logging.INFO)
