"""Find out why EnableX Voice API calls fail authentication."""

__version__ = "0.1.0"
