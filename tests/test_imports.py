import subprocess
import sys

HEAVY = ("requests", "jsonschema", "tabulate", "urllib3", "dotenv", "pathspec")


def test_cli_import_loads_no_heavy_module():
    code = (
        "import sys, checker.cli; checker.cli._register_commands(); "
        f"print([m for m in {HEAVY!r} if m in sys.modules])"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
