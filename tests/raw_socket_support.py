"""Raw listening sockets on 127.0.0.1 that misbehave on purpose and record what they receive.

A RawServer accepts connections in a thread and runs a behaviour function for
each one in its own thread. With a TLS context it completes the handshake
first, so the behaviour reads the decrypted request. Every byte a behaviour
reads through RawConnection is recorded, so a test can prove what was and
was not sent.

    with RawServer(never_answer) as server:
        ...  # point the client at server.https_url
    assert server.connection_count == 1

Behaviours end when the client disconnects or when stop() is called: stop()
sets `server.stopping` and shuts every open connection down.
"""

from __future__ import annotations

import socket
import ssl
import struct
import threading
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"
# The timeout of each accepted socket, so a behaviour blocked reading from a silent client gives up.
CONNECTION_TIMEOUT_SECONDS = 10
STOP_JOIN_SECONDS = 5


@dataclass
class ConnectionRecord:
    """What one accepted connection received, in order, and how its TLS handshake ended."""

    received: bytearray = field(default_factory=bytearray)
    handshake_error: str | None = None


class RawConnection:
    """An accepted socket whose reads are recorded in `record`."""

    def __init__(self, sock: socket.socket, record: ConnectionRecord, server: RawServer) -> None:
        self.sock = sock
        self.record = record
        self.server = server

    def recv(self, size: int = 65536) -> bytes:
        try:
            data = self.sock.recv(size)
        except (OSError, ssl.SSLError):
            return b""
        self.record.received += data
        return data

    def read_head(self) -> bytes:
        """Read up to the blank line that ends a request head; return b"" if the client left first."""
        data = b""
        while b"\r\n\r\n" not in data:
            chunk = self.recv()
            if not chunk:
                return b""
            data += chunk
        return data

    def read_request(self) -> bytes:
        """Read one request head and the body its Content-Length announces."""
        data = self.read_head()
        head, _, body = data.partition(b"\r\n\r\n")
        length = 0
        for line in head.split(b"\r\n")[1:]:
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value.strip())
        while len(body) < length:
            chunk = self.recv()
            if not chunk:
                break
            body += chunk
        return data

    def send(self, data: bytes) -> bool:
        """Send `data`; return False when the client has gone."""
        try:
            self.sock.sendall(data)
        except (OSError, ssl.SSLError):
            return False
        return True

    def wait(self, seconds: float) -> bool:
        """Sleep, and return True at once when the server is stopping."""
        return self.server.stopping.wait(seconds)

    def reset(self) -> None:
        """Close with a TCP RST (SO_LINGER 0) instead of a FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


class RawServer:
    """A listening socket on 127.0.0.1 that runs `behaviour(connection)` per accepted connection."""

    def __init__(self, behaviour, tls_context: ssl.SSLContext | None = None) -> None:
        self.behaviour = behaviour
        self.tls_context = tls_context
        self.stopping = threading.Event()
        self.records: list[ConnectionRecord] = []
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._lock = threading.Lock()
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind((HOST, 0))
        self._listener.listen(64)
        self._listener.settimeout(0.05)
        self.port = self._listener.getsockname()[1]
        self._accept_thread = threading.Thread(target=self._accept_loop, name=f"raw-{self.port}", daemon=True)

    @property
    def https_url(self) -> str:
        return f"https://{HOST}:{self.port}"

    @property
    def http_url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def connection_count(self) -> int:
        with self._lock:
            return len(self.records)

    def received(self) -> bytes:
        """Return every byte received on every connection, joined in accept order."""
        with self._lock:
            return b"".join(bytes(record.received) for record in self.records)

    def start(self) -> RawServer:
        self._accept_thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self._accept_thread.join(STOP_JOIN_SECONDS)
        self._listener.close()
        with self._lock:
            sockets = list(self._sockets)
            threads = list(self._threads)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # the behaviour already closed it
        for thread in threads:
            thread.join(STOP_JOIN_SECONDS)

    def __enter__(self) -> RawServer:
        return self.start()

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def _accept_loop(self) -> None:
        while not self.stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except (TimeoutError, socket.timeout):
                continue
            except OSError:
                return
            record = ConnectionRecord()
            thread = threading.Thread(target=self._serve, args=(sock, record), daemon=True)
            with self._lock:
                self.records.append(record)
                self._sockets.append(sock)
                self._threads.append(thread)
            thread.start()

    def _serve(self, sock: socket.socket, record: ConnectionRecord) -> None:
        sock.settimeout(CONNECTION_TIMEOUT_SECONDS)
        if self.tls_context is not None:
            try:
                sock = self.tls_context.wrap_socket(sock, server_side=True)
            except (OSError, ssl.SSLError) as error:
                record.handshake_error = f"{type(error).__name__}: {error}"
                sock.close()
                return
            with self._lock:
                self._sockets.append(sock)
        try:
            self.behaviour(RawConnection(sock, record, self))
        finally:
            try:
                sock.close()
            except OSError:
                pass


@dataclass(frozen=True)
class TlsIdentity:
    """A throwaway CA (its PEM at `ca_path`) and a server context for 127.0.0.1 and localhost."""

    ca_path: Path
    server_context: ssl.SSLContext


def make_tls_identity(directory: Path) -> TlsIdentity:
    import trustme

    authority = trustme.CA(organization_name="enablex-authcheck raw socket tests")
    leaf = authority.issue_cert(HOST, "localhost")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    leaf.configure_cert(context)
    ca_path = directory / "raw-ca.pem"
    authority.cert_pem.write_to_path(str(ca_path))
    return TlsIdentity(ca_path, context)


def json_response(status: int, body: bytes, extra_headers: bytes = b"") -> bytes:
    reason = {200: b"OK", 401: b"Unauthorized", 403: b"Forbidden", 404: b"Not Found"}.get(status, b"Status")
    return (b"HTTP/1.1 %d %s\r\nContent-Type: application/json\r\nContent-Length: %d\r\nConnection: close\r\n"
            % (status, reason, len(body))) + extra_headers + b"\r\n" + body


def parse_requests(data: bytes) -> list[tuple[str, str, dict[str, str], bytes]]:
    """Split recorded HTTP/1.1 bytes into (method, target, headers, body) tuples."""
    parsed = []
    rest = data
    while rest:
        head, separator, rest = rest.partition(b"\r\n\r\n")
        if not separator:
            break
        lines = head.decode("latin-1").split("\r\n")
        method, target, _ = lines[0].split(" ", 2)
        headers = {}
        for line in lines[1:]:
            name, _, value = line.partition(":")
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        body, rest = rest[:length], rest[length:]
        parsed.append((method, target, headers, body))
    return parsed
