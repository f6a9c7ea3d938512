"""Refuse every connection to a host outside loopback in test subprocesses.

conftest.py puts this folder on PYTHONPATH for the commands that tests run,
so a CLI started by a test is held to the same rule as the test itself.
"""

from netguard_impl import install

install()
