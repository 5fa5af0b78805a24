"""`nyte important --json` through a real process: the documented shape, and no litellm."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from triage.conftest import Synced

PROBE = """
import json, sys
sys.argv = ["nyte"] + ARGS
code = 0
try:
    from nyte_tui.cli import main
    main()
except SystemExit as exc:
    code = exc.code
sys.stderr.write("\\n" + json.dumps(sorted({name.split('.')[0] for name in sys.modules})))
raise SystemExit(code)
"""
ITEM_KEYS = {
    "id",
    "kind",
    "source",
    "account",
    "thread_id",
    "event_id",
    "who",
    "title",
    "score",
    "tier",
    "reason",
    "gates",
    "status",
    "updated_at",
    "proposal",
}
GATE_KEYS = {"decision", "time", "relationship", "impact", "watch"}


def run_nyte(home: Path, *args: str) -> tuple[str, set[str], int]:
    """Run nyte in a subprocess; return stdout, the loaded top-level modules and the exit code."""
    env = {**os.environ, "NYTE_HOME": str(home), "NYTE_TIME_ZONE": "Europe/London"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE.replace("ARGS", repr(list(args)))],
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
        check=False,
    )
    modules = set(json.loads(result.stderr.strip().splitlines()[-1]))
    return result.stdout, modules, result.returncode


def test_important_json_shape_without_litellm(eval_synced: Synced, isolated_home: Path) -> None:
    out, modules, _ = run_nyte(isolated_home, "important", "--json")
    assert "litellm" not in modules
    data = json.loads(out)
    assert set(data) == {"items", "generated_at"}
    assert data["items"], "the evaluation set puts items on the list"
    scores = [i["score"] for i in data["items"]]
    assert scores == sorted(scores, reverse=True) and min(scores) >= 70
    for item in data["items"]:
        assert set(item) >= ITEM_KEYS
        assert set(item["gates"]) == GATE_KEYS
        assert all(set(g) == {"matched", "points", "reason"} for g in item["gates"].values())
        assert item["source"] in ("gmail", "calendar") and item["tier"] in ("critical", "important")
        assert (item["thread_id"] is None) == (item["source"] == "calendar")
        assert item["reason"]
    kinds = {i["kind"] for i in data["items"]}
    assert {"needs_reply", "awaiting_reply", "invite", "upcoming", "deadline"} <= kinds
    nudges = [i for i in data["items"] if i["kind"] == "awaiting_reply"]
    assert all(i["proposal"] and i["proposal"]["payload"]["nudge"] for i in nudges)


def test_all_limit_item_state_rules_and_stats(eval_synced: Synced, isolated_home: Path) -> None:
    out, _, _ = run_nyte(isolated_home, "important", "--json", "--all", "--limit", "3")
    items = json.loads(out)["items"]
    assert len(items) == 3
    first = items[0]["id"]
    out, _, code = run_nyte(
        isolated_home, "item", "snooze", str(first), "--until", "tomorrow 9am", "--json"
    )
    assert code == 0 and json.loads(out)["item"]["status"] == "snoozed"
    out, _, _ = run_nyte(isolated_home, "important", "--json")
    assert first not in {i["id"] for i in json.loads(out)["items"]}
    out, _, code = run_nyte(
        isolated_home, "rules", "add", "--domain", "acme.example", "--action", "boost", "--json"
    )
    assert code == 0 and json.loads(out)["rule"]["points"] == 15
    out, _, _ = run_nyte(isolated_home, "rules", "list", "--json")
    assert len(json.loads(out)["rules"]) == 1
    out, _, code = run_nyte(isolated_home, "stats", "--json")
    assert code == 0 and set(json.loads(out)["gate_hits"]) == GATE_KEYS
    _, _, code = run_nyte(isolated_home, "item", "done", "999999")
    assert code == 1
    text, _, code = run_nyte(isolated_home, "important")
    assert code == 0 and " — " in text
    out, _, code = run_nyte(isolated_home, "agenda", "--json", "--days", "3")
    assert code == 0 and "days" in json.loads(out)
