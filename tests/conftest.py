"""Test-wide guards: loopback only, and no secret carried over between tests."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

GUARD_DIR = Path(__file__).parent / "netguard"
sys.path.insert(0, str(GUARD_DIR))

from netguard_impl import install  # noqa: E402

install()

# Commands started by tests load the same guard through sitecustomize.
os.environ["PYTHONPATH"] = os.pathsep.join(
    part for part in (str(GUARD_DIR), os.environ.get("PYTHONPATH", "")) if part
)
# The real platform is never a test target: unset anything that could point there.
for name in ("ENABLEX_APP_ID", "ENABLEX_APP_KEY", "ENABLEX_BASE_URL"):
    os.environ.pop(name, None)
os.environ.setdefault("NO_COLOR", "1")


@pytest.fixture(autouse=True)
def _forget_secrets():
    from checker import secrets

    secrets.clear()
    yield
    secrets.clear()


@pytest.fixture
def sandbox(tmp_path):
    """Yield `start(config=None, **options)`, which starts an in-process sandbox.

    Options are those of sandbox_support.start_sandbox (port, tls_fault,
    request_log). Every sandbox started through it is stopped at teardown.
    """
    from sandbox_support import start_sandbox

    started = []

    def start(config=None, **options):
        handle = start_sandbox(tmp_path / f"sandbox-{len(started)}", config, **options)
        started.append(handle)
        return handle

    yield start
    for handle in reversed(started):
        handle.stop()


# Hypothesis profiles. `default` keeps `make test` fast, and `make fuzz` sets
# HYPOTHESIS_PROFILE=fuzz to run every property test with many more examples.
# Tests that set max_examples themselves keep their own count.
from hypothesis import settings as hypothesis_settings  # noqa: E402

# make test is derandomized so that CI fails or passes the same way every run;
# make fuzz explores new inputs with random seeds.
hypothesis_settings.register_profile("default", max_examples=200, deadline=None, derandomize=True)
hypothesis_settings.register_profile("fuzz", max_examples=10_000, deadline=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))
