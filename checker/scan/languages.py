"""Path classification: env files, shell-like text and browser-side code."""

from __future__ import annotations

import posixpath

# Directories whose contents a web server or bundler usually ships to the browser.
BROWSER_DIRECTORIES = ("public", "static", "client", "www", "wwwroot", "frontend")
# Component formats that run in the browser once bundled.
BROWSER_EXTENSIONS = {
    ".html": "an HTML page",
    ".htm": "an HTML page",
    ".vue": "a Vue component",
    ".svelte": "a Svelte component",
    ".jsx": "a React component",
    ".tsx": "a React component",
}
BUNDLE_SUFFIXES = (".min.js", ".bundle.js", ".chunk.js")

SHELL_EXTENSIONS = (".sh", ".bash", ".zsh", ".ksh", ".md", ".markdown", ".rst", ".txt",
                    ".yml", ".yaml", ".mk", ".ps1", ".bat", ".cmd")
SHELL_NAMES = ("dockerfile", "makefile", "containerfile", "procfile", "justfile")


def is_env_file(path: str) -> bool:
    """Return True for `.env`, `.env.local`, `.env.example`, `prod.env` and the like."""
    name = posixpath.basename(path).lower()
    return name == ".env" or name.startswith(".env.") or name.endswith(".env")


def is_example_env_file(path: str) -> bool:
    name = posixpath.basename(path).lower()
    return any(word in name for word in ("example", "sample", "template", "dist", "defaults"))


def is_shell_like(path: str) -> bool:
    """Return True for files that usually hold shell commands: scripts, docs, CI configs."""
    name = posixpath.basename(path).lower()
    if name.startswith(SHELL_NAMES) or name.endswith(SHELL_EXTENSIONS):
        return True
    return "." not in name


def browser_reason(path: str) -> str | None:
    """Say why `path` is browser-side code, or return None when nothing suggests it."""
    parts = path.replace("\\", "/").lower().split("/")
    for directory in parts[:-1]:
        if directory in BROWSER_DIRECTORIES:
            return f"it is under a {directory}/ directory, which is usually served to browsers"
    name = parts[-1]
    for suffix in BUNDLE_SUFFIXES:
        if name.endswith(suffix):
            return f"it is a front-end bundle ({suffix})"
    extension = posixpath.splitext(name)[1]
    if extension in BROWSER_EXTENSIONS:
        return f"it is {BROWSER_EXTENSIONS[extension]} ({extension}), which runs in the browser"
    return None
