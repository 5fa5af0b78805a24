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
sys.stderr.write("\\n" + json.dumps(sorted(sys.modules)))
"""


def loaded_modules(*args: str) -> set[str]:
    """Top-level module names loaded after running nyte with args."""
    code = PROBE.replace("ARGS", repr(list(args)))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False
    )
    return set(json.loads(result.stderr.strip().splitlines()[-2]))


def loaded_module_names(*args: str) -> set[str]:
    """Full module names loaded after running nyte with args."""
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


ORM = {"sqlalchemy", "sqlmodel"}


def test_read_commands_on_a_new_home_load_no_orm() -> None:
    """`important`, `agenda` and `item show` read through sqlite3, even creating the store."""
    for args in (
        ("important", "--json"),
        ("important", "--all", "--json"),
        ("agenda", "--json"),
        ("item", "show", "1", "--json"),
    ):
        modules = loaded_modules(*args)
        assert "sqlite3" in modules and not modules.intersection(ORM | set(HEAVY)), args
        # settings are plain pydantic: no pydantic-settings, and with it no asyncio or dotenv
        assert not modules.intersection({"pydantic_settings", "asyncio", "dotenv"}), args


APP_PROBE = """
import asyncio, json, sys
from nyte_tui.config.paths import resolve_paths
from nyte_tui.config.settings import load_settings
from nyte_tui.services.app.backend import AppBackend
from nyte_tui.tui.app import NyteApp

async def main():
    paths = resolve_paths()
    app = NyteApp(AppBackend(paths, load_settings(paths)), auto_sync=False)
    async with app.run_test(size=(100, 30)) as pilot:
        painted = sorted(n for n in HEAVY if n in sys.modules)
        for _ in range(400):
            if app.item_list.items and app.status_bar.account:
                break
            await pilot.pause(0.05)
        await pilot.pause(0.2)
        shown = sorted(n for n in HEAVY if n in sys.modules)
        print(json.dumps([painted, shown, len(app.item_list.items)]))

asyncio.run(main())
"""


def test_the_app_paints_and_lists_before_loading_the_orm() -> None:
    """First paint, the list, the detail and the status line need no SQLAlchemy."""
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.store.db import open_store
    from nyte_tui.store.queries.accounts import ensure_account

    path = resolve_paths().ensure().database
    store = open_store(path)
    ensure_account(store, "alex@northwind.example")
    store.close()
    import sqlite3

    conn = sqlite3.connect(path)
    with conn:
        conn.execute(
            "INSERT INTO work_items (account_id, source, source_key, thread_id, kind, title, who, "
            "status, score, rule_score, tier, reason, score_version, created_at, updated_at) "
            "VALUES (1, 'gmail', 't1', 't1', 'needs_reply', 'Pricing', 'Dana', 'open', 90, 90, "
            "'critical', 'asked you', 'v', '2026-03-02T09:00:00.000000Z', "
            "'2026-03-02T09:00:00.000000Z')"
        )
    conn.close()
    code = APP_PROBE.replace("HEAVY", repr((*HEAVY, "sqlmodel")))
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr[-2000:]
    painted, shown, count = json.loads(result.stdout.strip().splitlines()[-1])
    assert count == 1
    assert painted == ["textual"] and shown == ["textual"], (painted, shown)


def test_the_app_starts_without_typer_or_pydantic() -> None:
    """`nyte` with no command goes straight to the app (here it stops: no terminal)."""
    modules = loaded_modules()
    assert "nyte_tui" in modules
    assert not modules.intersection({"typer", "pydantic", *HEAVY}), modules
