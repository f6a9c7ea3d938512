"""The HTTP/1.1 request handler: reads the body, applies faults, writes the response.

Every request is recorded in the request log before its response is written,
so a client that has read a response always finds the matching log line.
"""

from __future__ import annotations

import logging
import socket
import struct
from http.server import BaseHTTPRequestHandler
from urllib.parse import urlsplit

from checker.sandbox.faults import RESPONSE_KINDS, fault_response, find_fault, truncated_body
from checker.sandbox.responses import JSON_TYPE, Response, error_response
from checker.sandbox.voice_api import Request

logger = logging.getLogger("checker.sandbox")

# Voice API request bodies are tiny, so anything larger is not one.
MAX_BODY_BYTES = 64 * 1024
# A keep-alive connection idle this long is closed, so a silent client ties up only its own thread.
IDLE_TIMEOUT_SECONDS = 30
SLOW_BODY_PIECE_BYTES = 4
# Time for a partial response to leave the send buffer before the reset, which discards unsent data.
RESET_FLUSH_SECONDS = 0.1


class SandboxRequestHandler(BaseHTTPRequestHandler):
    """Serve the requests of one connection. `self.server` is a SandboxHTTPServer."""

    protocol_version = "HTTP/1.1"
    server_version = "enablex-authcheck-sandbox"
    timeout = IDLE_TIMEOUT_SECONDS
    # Headers and body leave in separate writes. With Nagle's algorithm on, the
    # second write waits for the client's delayed ACK (about 40 ms on Linux).
    disable_nagle_algorithm = True

    def version_string(self) -> str:
        return self.server_version

    def do_GET(self) -> None:
        self._serve()

    do_HEAD = do_POST = do_PUT = do_PATCH = do_DELETE = do_OPTIONS = do_GET

    def _serve(self) -> None:
        path = urlsplit(self.path).path
        authorization = self.headers.get_all("Authorization") or []
        body = self._read_body()
        if body is None:
            return
        request = Request(self.command, path, authorization, body)

        fault = find_fault(self.server.config["faults"], path)
        kind = fault["kind"] if fault else None
        if kind == "latency" and self._pause(fault["ms"] / 1000):
            return
        if kind in RESPONSE_KINDS:
            self._send(fault_response(fault), fault=kind)
        elif kind == "reset":
            self._reset(fault)
        elif kind == "slow_body":
            self._send(self.server.voice_api.answer(request), fault=kind, body_duration=fault["ms"] / 1000)
        else:
            self._send(self.server.voice_api.answer(request), fault=kind)

    def _read_body(self) -> bytes | None:
        """Return the request body, or send an error, close the connection and return None."""
        if "Transfer-Encoding" in self.headers:
            self._send_and_close(411, "chunked-body")
            return None
        lengths = self.headers.get_all("Content-Length") or []
        if not lengths:
            return b""
        length_text = lengths[0].strip() if len(lengths) == 1 else ""
        if not (length_text.isascii() and length_text.isdigit()):
            self._send_and_close(400, "bad-content-length")
            return None
        length = int(length_text)
        if length > MAX_BODY_BYTES:
            self._send_and_close(413, "body-too-large")
            return None
        body = self.rfile.read(length)
        if len(body) < length:
            logger.info(
                "%s:%s closed the connection after %d of %d body bytes; no response sent",
                self.client_address[0], self.client_address[1], len(body), length,
            )
            self.close_connection = True
            return None
        return body

    def _send_and_close(self, status: int, reason: str) -> None:
        logger.info(
            "%s:%s %s %s rejected with %d: %s",
            self.client_address[0], self.client_address[1], self.command, urlsplit(self.path).path, status, reason,
        )
        self.close_connection = True
        self._send(error_response(status, reason))

    def _send(self, response: Response, fault: str | None = None, body_duration: float = 0.0) -> None:
        self._record(response.status, fault, response.reason)
        self._send_head(response.status, response.headers, len(response.body))
        if self.command == "HEAD":
            return
        if body_duration > 0:
            self._trickle(response.body, body_duration)
        else:
            self.wfile.write(response.body)

    def _send_head(self, status: int, headers, content_length: int) -> None:
        self.send_response(status)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(content_length))
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()

    def _trickle(self, body: bytes, duration: float) -> None:
        pieces = [body[start:start + SLOW_BODY_PIECE_BYTES] for start in range(0, len(body), SLOW_BODY_PIECE_BYTES)]
        interval = duration / max(1, len(pieces))
        for piece in pieces:
            if self._pause(interval):
                self.close_connection = True
                return
            self.wfile.write(piece)

    def _reset(self, fault: dict) -> None:
        """Reset the connection (SO_LINGER 0), after part of a response when `after_bytes` is set."""
        after_bytes = fault.get("after_bytes")
        self._record(200 if after_bytes is not None else None, "reset", "fault")
        if after_bytes is not None:
            body = truncated_body(after_bytes)
            self._send_head(200, (("Content-Type", JSON_TYPE),), len(body))
            if self.command != "HEAD":
                self.wfile.write(body[:after_bytes])
            self.wfile.flush()
            self._pause(RESET_FLUSH_SECONDS)
        # The server closes the socket after this handler returns, and with a zero
        # linger time that close sends a TCP RST instead of a FIN.
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.close_connection = True

    def _pause(self, seconds: float) -> bool:
        """Wait, and return True at once when the server is stopping."""
        return self.server.stopping.wait(seconds)

    def _record(self, status: int | None, fault: str | None, reason: str | None) -> None:
        request_log = self.server.request_log
        if request_log is None:
            return
        headers = getattr(self, "headers", None)
        request_log.record(
            method=self.command or "",
            path=urlsplit(getattr(self, "path", "") or "").path,
            status=status,
            authorization_present=bool(headers and headers.get_all("Authorization")),
            fault=fault,
            reason=reason,
        )

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        """Send protocol errors (bad request line, unknown method, oversized header) as JSON."""
        self.close_connection = True
        if not self.request_version.startswith("HTTP/1."):
            # An unparsable request line leaves the HTTP/0.9 default, which would
            # suppress the status line and headers.
            self.request_version = self.protocol_version
        self._send(error_response(code, "protocol-error"))

    def log_request(self, code="-", size="-") -> None:
        # Replaces http.server's access log on stderr. The path is logged without
        # its query string, which could carry credentials.
        path = urlsplit(getattr(self, "path", "") or "").path
        logger.debug("%s:%s %s %s %s", self.client_address[0], self.client_address[1], self.command, path, code)

    def log_message(self, format: str, *args) -> None:
        logger.debug("%s:%s %s", self.client_address[0], self.client_address[1], format % args)

    def log_error(self, format: str, *args) -> None:
        logger.info("%s:%s %s", self.client_address[0], self.client_address[1], format % args)
