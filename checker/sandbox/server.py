"""SandboxServer: the in-process API that the CLI and the tests start and stop.

    with SandboxServer(config, request_log="requests.log") as sandbox:
        sandbox.write_ca("ca.pem")
        requests.get(sandbox.base_url + "/voice/v1/call", auth=(app_id, app_key), verify="ca.pem")

The server listens on 127.0.0.1 only. Each connection gets its own daemon
thread, and the TLS handshake runs in that thread with a timeout, so a client
that connects and sends nothing cannot hold up the others.
"""

from __future__ import annotations

import errno
import logging
import socket
import socketserver
import ssl
import sys
import threading
from http.server import ThreadingHTTPServer
from pathlib import Path

from checker.sandbox.config import parse_config
from checker.sandbox.errors import SandboxError
from checker.sandbox.handler import SandboxRequestHandler
from checker.sandbox.requestlog import RequestLog
from checker.sandbox.tls import TlsSetup, build_tls
from checker.sandbox.voice_api import VoiceApi

logger = logging.getLogger("checker.sandbox")

HOST = "127.0.0.1"
HANDSHAKE_TIMEOUT_SECONDS = 10


class SandboxHTTPServer(ThreadingHTTPServer):
    """A threading HTTP server that does the TLS handshake in each connection's thread."""

    daemon_threads = True
    # socketserver's default listen backlog is 5. When more clients connect at once, Linux
    # drops their SYNs and they retry after 1, 2, 4, 8 and 16 s: with 200 clients one
    # request waited 31 s. The kernel caps this value at net.core.somaxconn.
    request_queue_size = socket.SOMAXCONN

    def __init__(self, port: int, tls: TlsSetup, config: dict, request_log: RequestLog | None) -> None:
        self.tls = tls
        self.config = config
        self.voice_api = VoiceApi(config["projects"])
        self.request_log = request_log
        self.stopping = threading.Event()
        self._connections: set[socket.socket] = set()
        self._connections_lock = threading.Lock()
        super().__init__((HOST, port), SandboxRequestHandler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind also looks up the host's FQDN, which can stall on
        # a reverse DNS lookup and is never used here.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = self.server_address[:2]

    def finish_request(self, request: socket.socket, client_address) -> None:
        request.settimeout(HANDSHAKE_TIMEOUT_SECONDS)
        # wrap_socket takes over the descriptor at once, so track the TLS socket
        # before the handshake: stop() must be able to end a stalled handshake too.
        connection = self.tls.context.wrap_socket(request, server_side=True, do_handshake_on_connect=False)
        self._track(connection)
        try:
            try:
                connection.do_handshake()
            except (ssl.SSLError, OSError) as error:
                # During stop() the failure is the server's own doing, not the client's.
                level = logging.DEBUG if self.stopping.is_set() else logging.WARNING
                logger.log(level, "TLS handshake with %s:%s failed: %s", client_address[0], client_address[1], error)
                return
            self.RequestHandlerClass(connection, client_address, self)
        finally:
            self._untrack(connection)
            connection.close()

    def handle_error(self, request, client_address) -> None:
        error = sys.exc_info()[1]
        if isinstance(error, (ConnectionError, ssl.SSLError, TimeoutError)):
            logger.info("connection from %s:%s ended early: %s", client_address[0], client_address[1], error)
            return
        logger.error(
            "request from %s:%s failed: %s: %s", client_address[0], client_address[1], type(error).__name__, error
        )
        logger.debug("traceback of the failed request", exc_info=error)

    def close_connections(self) -> None:
        """Shut down every open connection, so handler threads waiting on a client end now."""
        with self._connections_lock:
            connections = list(self._connections)
        for connection in connections:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its own thread

    def _track(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.add(connection)

    def _untrack(self, connection: socket.socket) -> None:
        with self._connections_lock:
            self._connections.discard(connection)


class SandboxServer:
    """A running sandbox: start() in a background thread, stop() when done, or use `with`."""

    def __init__(
        self,
        config: dict,
        port: int = 0,
        tls_fault: str | None = None,
        request_log: str | Path | None = None,
    ) -> None:
        self.config = parse_config(config, source="the config passed to SandboxServer")
        self.requested_port = port
        self.tls_fault = tls_fault
        self.request_log_path = Path(request_log) if request_log is not None else None
        self._httpd: SandboxHTTPServer | None = None
        self._thread: threading.Thread | None = None
        self._tls: TlsSetup | None = None

    def start(self) -> SandboxServer:
        """Make the certificates, listen, and serve in a daemon thread; raise SandboxError on failure."""
        if self._httpd is not None:
            raise RuntimeError("this SandboxServer is already started; make a new one to serve again")
        self._tls = build_tls(self.tls_fault)
        request_log = RequestLog(self.request_log_path) if self.request_log_path else None
        try:
            self._httpd = SandboxHTTPServer(self.requested_port, self._tls, self.config, request_log)
        except OSError as error:
            if request_log is not None:
                request_log.close()
            raise SandboxError(_listen_error_message(self.requested_port, error)) from None

        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.1}, name="sandbox-accept", daemon=True
        )
        self._thread.start()
        logger.info(
            "sandbox listening on %s (%d projects, %d faults, TLS fault: %s)",
            self.base_url, len(self.config["projects"]), len(self.config["faults"]), self.tls_fault or "none",
        )
        return self

    @property
    def port(self) -> int:
        if self._httpd is None:
            raise RuntimeError("the sandbox is not started; call start() first")
        return self._httpd.server_port

    @property
    def base_url(self) -> str:
        return f"https://{HOST}:{self.port}"

    @property
    def ca_pem(self) -> bytes:
        """The PEM certificate of the CA that clients must trust."""
        if self._tls is None:
            raise RuntimeError("the sandbox is not started; call start() first")
        return self._tls.ca_pem

    @property
    def token_issuer(self):
        """The issuer of this sandbox's web client tokens, to verify them in tests."""
        if self._httpd is None:
            raise RuntimeError("the sandbox is not started; call start() first")
        return self._httpd.voice_api.token_issuer

    def write_ca(self, path: str | Path) -> Path:
        """Write the CA certificate to `path`; raise SandboxError when that fails."""
        path = Path(path)
        try:
            path.write_bytes(self.ca_pem)
        except FileNotFoundError:
            raise SandboxError(
                f"cannot write the CA certificate to {path}: directory {path.parent} does not exist; create it first"
            ) from None
        except IsADirectoryError:
            raise SandboxError(f"cannot write the CA certificate to {path}: it is a directory; name a file") from None
        except OSError as error:
            raise SandboxError(f"cannot write the CA certificate to {path}: {error.strerror}") from None
        return path

    def stop(self) -> None:
        """Stop accepting, end open connections and close the request log. Calling it twice is harmless."""
        httpd, self._httpd = self._httpd, None
        if httpd is None:
            return
        base_url = f"https://{HOST}:{httpd.server_port}"
        httpd.stopping.set()
        httpd.shutdown()
        httpd.server_close()
        httpd.close_connections()
        if self._thread is not None:
            self._thread.join()
        if httpd.request_log is not None:
            httpd.request_log.close()
        logger.info("sandbox on %s stopped", base_url)

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()


def _listen_error_message(port: int, error: OSError) -> str:
    if error.errno == errno.EADDRINUSE:
        return f"port {port} on {HOST} is already in use; stop the program using it, or use port 0 (--port 0) for a free one"
    if error.errno == errno.EACCES:
        return f"no permission to listen on port {port} of {HOST}; use a port above 1023, or port 0 (--port 0) for a free one"
    return f"cannot listen on {HOST}:{port}: {error.strerror or error}"
