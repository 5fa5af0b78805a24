"""Start-up stays cheap: `nyte --help` loads none of the heavy libraries."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = (
    "textual",
    "sqlalchemy",
    "sqlmodel",
    "googleapiclient",
    "google_auth_oauthlib",
    "keyring",
    "litellm",
)

PROBE = """
import json, sys
sys.argv = ["nyte"] + ARGS
try:
    from nyte_tui.cli import main
    main()
except SystemExit:
    pass
sys.stderr.write("\\n" + json.dumps(sorted({name.split('.')[0] for name in sys.modules})))
"""


def loaded_modules(*args: str) -> set[str]:
    """Top-level module names loaded after running nyte with args."""
    code = PROBE.replace("ARGS", repr(list(args)))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    return set(json.loads(result.stderr.strip().splitlines()[-1]))


def test_help_loads_no_heavy_library() -> None:
    modules = loaded_modules("--help")
    assert "nyte_tui" in modules
    assert not modules.intersection(HEAVY), modules.intersection(HEAVY)


def test_paths_loads_no_heavy_library() -> None:
    modules = loaded_modules("paths", "--json")
    assert not modules.intersection(HEAVY), modules.intersection(HEAVY)
