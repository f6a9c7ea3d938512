"""The loopback-only guard shared by the test process and its subprocesses."""

import ipaddress
import socket

_LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost"}


class NetworkGuardError(OSError):
    """A test tried to reach a host outside loopback."""


def _is_loopback(host) -> bool:
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    host = str(host).strip("[]")
    if host.lower() in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.split("%")[0]).is_loopback
    except ValueError:
        return False


def _check_address(address) -> None:
    if isinstance(address, tuple) and address:
        if not _is_loopback(address[0]):
            raise NetworkGuardError(f"network guard: connection to {address[0]!r} refused (tests reach loopback only)")


def install() -> None:
    if getattr(socket, "_enablex_guard", False):
        return
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex
    original_getaddrinfo = socket.getaddrinfo

    def connect(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check_address(address)
        return original_connect(self, address)

    def connect_ex(self, address):
        if self.family in (socket.AF_INET, socket.AF_INET6):
            _check_address(address)
        return original_connect_ex(self, address)

    def getaddrinfo(host, *args, **kwargs):
        if host is not None and not _is_loopback(host):
            raise socket.gaierror(socket.EAI_NONAME, f"network guard: lookup of {host!r} refused (tests reach loopback only)")
        return original_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.getaddrinfo = getaddrinfo
    socket._enablex_guard = True
