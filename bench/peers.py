"""The peers nyte is measured beside: khal and gcalcli in a throwaway venv, and a khal vdir.

They are not nyte's dependencies (nothing here is in requirements/lock.txt): `make bench`
installs the pinned versions below with pip into a venv under the bench cache the first time,
and skips the peer figures with a printed note when that fails (no network, no wheels).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from scale_data import cache_root

PEERS = {"khal": "0.14.1", "gcalcli": "4.5.1"}
ZONE = "Europe/London"


def base_python() -> str:
    """An interpreter outside nyte's venv to build the peers' venv from."""
    return getattr(sys, "_base_executable", None) or shutil.which("python3") or sys.executable


def peer_venv() -> tuple[Path | None, str]:
    """The venv holding the pinned peers (made once), or None and why it could not be made."""
    pins = [f"{name}=={version}" for name, version in sorted(PEERS.items())]
    venv = cache_root() / ("peers-" + "-".join(p.replace("==", "") for p in pins))
    ready = venv / ".installed"
    if ready.exists():
        return venv, ""
    shutil.rmtree(venv, ignore_errors=True)
    try:
        subprocess.run([base_python(), "-m", "venv", str(venv)], check=True, capture_output=True)
        subprocess.run(
            [str(venv / "bin" / "python"), "-m", "pip", "install", "--quiet",
             "--disable-pip-version-check", *pins],
            check=True, capture_output=True, text=True, timeout=600,
        )  # fmt: skip
    except (OSError, subprocess.SubprocessError) as exc:
        detail = getattr(exc, "stderr", "") or str(exc)
        shutil.rmtree(venv, ignore_errors=True)
        return None, f"could not install {' '.join(pins)}: {str(detail).strip()[-300:]}"
    ready.write_text("\n".join(pins) + "\n", encoding="utf-8")
    return venv, ""


def peer_env(home: Path) -> dict[str, str]:
    """An environment for the peers: their own HOME and XDG dirs, the same time zone."""
    env = dict(os.environ)
    env.update(
        HOME=str(home), XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"), TZ=ZONE,
    )  # fmt: skip
    return env


def _ics_text(value: str | None) -> str:
    """Escape text for an iCalendar property value."""
    text = value or ""
    for raw, escaped in (("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\n", "\\n"), ("\r", "")):
        text = text.replace(raw, escaped)
    return text


def _stamp(moment: datetime) -> str:
    """A UTC date-time in iCalendar form."""
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def event_ics(event: Any) -> str:
    """One VCALENDAR with one VEVENT for a mirrored event (a TriageEvent)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//nyte//bench export//EN", "BEGIN:VEVENT"]
    lines.append(f"UID:{_ics_text(event.event_id)}@{_ics_text(event.calendar_id)}")
    lines.append(f"DTSTAMP:{_stamp(datetime.now(UTC))}")
    if event.all_day:
        lines.append(f"DTSTART;VALUE=DATE:{event.start_at:%Y%m%d}")
        lines.append(f"DTEND;VALUE=DATE:{event.end_at:%Y%m%d}")
    else:
        lines.append(f"DTSTART:{_stamp(event.start_at)}")
        lines.append(f"DTEND:{_stamp(event.end_at or event.start_at)}")
    lines.append(f"SUMMARY:{_ics_text(event.summary)}")
    if event.location:
        lines.append(f"LOCATION:{_ics_text(event.location)}")
    status = {"tentative": "TENTATIVE", "cancelled": "CANCELLED"}.get(event.status, "CONFIRMED")
    lines += [f"STATUS:{status}", "END:VEVENT", "END:VCALENDAR", ""]
    return "\r\n".join(lines)


def export_vdir(nyte_home: Path, target: Path) -> tuple[Path, int]:
    """Write every mirrored event of a store as a khal vdir and a khal config; (config, count)."""
    from nyte_tui.config.paths import resolve_paths
    from nyte_tui.store.db import open_store
    from nyte_tui.store.queries.worklist import events_between

    store = open_store(resolve_paths({"NYTE_HOME": str(nyte_home)}).database, migrate_schema=False)
    try:
        events = [
            event
            for _email, event in events_between(
                store, datetime(1970, 1, 2, tzinfo=UTC), datetime(2200, 1, 1, tzinfo=UTC)
            )
            if event.start_at is not None and event.status != "cancelled"
        ]
    finally:
        store.close()
    calendars = target / "vdir"
    shutil.rmtree(calendars, ignore_errors=True)
    for number, event in enumerate(events):
        folder = calendars / (event.calendar_id.split("@")[0].replace("#", "_").replace("/", "_"))
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{number:06d}.ics").write_text(event_ics(event), encoding="utf-8")
    config = target / "khal.conf"
    sections = "\n".join(
        f"[[{folder.name}]]\npath = {folder}\ntype = calendar"
        for folder in sorted(calendars.iterdir())
    )
    config.write_text(
        f"[calendars]\n{sections}\n\n[locale]\nlocal_timezone = {ZONE}\ndefault_timezone = {ZONE}\n"
        "timeformat = %H:%M\ndateformat = %Y-%m-%d\nlongdateformat = %Y-%m-%d\n"
        "datetimeformat = %Y-%m-%d %H:%M\nlongdatetimeformat = %Y-%m-%d %H:%M\n\n"
        f"[sqlite]\npath = {target / 'khal.db'}\n",
        encoding="utf-8",
    )
    return config, len(events)
