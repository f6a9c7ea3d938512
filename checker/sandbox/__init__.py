"""A local EnableX-compatible HTTPS server on 127.0.0.1 with a throwaway CA.

Tests, the demo and support engineers use it to reproduce the platform's
documented responses without reaching the real platform. It implements the
table of documented responses on its own and imports nothing from the checker's rules or parsers
(only `checker.schema`, to load its config schema), so a checker bug cannot
hide by agreeing with itself.

Modules: `config` (load and validate), `auth` (the 401 and 403 decisions),
`voice_api` (routes and tokens), `faults`, `tls`, `handler`, `server`
(SandboxServer, the in-process API), `runner` (the foreground CLI loop).
"""

from checker.sandbox.config import load_config, parse_config
from checker.sandbox.errors import SandboxError
from checker.sandbox.server import SandboxServer
from checker.sandbox.tls import TLS_FAULTS

__all__ = ["SandboxError", "SandboxServer", "TLS_FAULTS", "load_config", "parse_config"]
