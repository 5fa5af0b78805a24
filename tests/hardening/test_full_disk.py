"""A full disk during sync and send: one line, exit 1, no damage, and the next run works."""

from __future__ import annotations

import base64
import errno
import json
import os
import sqlite3
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import pytest

from hardening.conftest import Home, one_clean_line, tmpfs

SEND = ("send", "--to", "dana@northwind.example", "--subject", "Budget", "--body", "private body")


def fill(directory: Path, leave: int = 0) -> Path:
    """Write a filler file until the disk is full, then give back about `leave` bytes."""
    filler = directory / "filler.bin"
    chunk = b"\0" * 65536
    fd = os.open(filler, os.O_CREAT | os.O_WRONLY, 0o600)
    try:
        for size in (65536, 4096, 512):
            try:
                while True:
                    os.write(fd, chunk[:size])
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
    finally:
        os.close(fd)
    if leave:
        with filler.open("r+b") as handle:
            handle.truncate(max(0, filler.stat().st_size - leave))
    return filler


def add_mail(home: Home, count: int, size: int) -> None:
    """Insert count messages of about size bytes into the sandbox mailbox."""
    import urllib.request

    server = home.h.server
    for index in range(count):
        message = EmailMessage()
        message["From"] = "Dana Whitfield <dana@northwind.example>"
        message["To"] = "alex@northwind.example"
        message["Subject"] = f"Quarterly figures part {index}"
        message["Message-ID"] = f"<fill-{index}@northwind.example>"
        message.set_content(("Figures and more figures. " * (size // 26)) + str(index))
        raw = base64.urlsafe_b64encode(message.as_bytes()).decode()
        request = urllib.request.Request(
            f"{server.url}gmail/v1/users/me/messages",
            data=json.dumps({"raw": raw, "labelIds": ["INBOX", "UNREAD"]}).encode(),
            method="POST",
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {home.h.tokens['access_token']}",
            },
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            response.read()


@pytest.fixture
def small_disk(home: Home, tmp_path: Path) -> Iterator[Home]:
    """The synced home on a 16 MB tmpfs."""
    with tmpfs(tmp_path / "disk", "16m") as target:
        yield home.moved(target)


def _message_count(home: Home) -> int:
    conn = sqlite3.connect(f"file:{home.database}?mode=ro", uri=True)
    try:
        return int(conn.execute("SELECT count(*) FROM messages").fetchone()[0])
    finally:
        conn.close()


def test_full_disk_during_sync_then_recovery(small_disk: Home) -> None:
    home = small_disk
    before = _message_count(home)
    add_mail(home, 120, 12_000)
    filler = fill(home.root, leave=96 * 1024)

    result = home.run("sync")
    assert result.returncode == 1, (result.stdout, result.stderr)
    line = one_clean_line(result)
    assert "disk full at" in line, line

    doctor = home.run("doctor", "--json")
    checks = {c["name"]: c for c in json.loads(doctor.stdout)["checks"]}
    assert checks["disk space"]["ok"] is False and "disk full" in checks["disk space"]["detail"]
    assert not any("auth login" in str(c["fix"]) for c in checks.values()), checks
    assert doctor.returncode == 1

    filler.unlink()
    assert home.integrity() == "ok"
    again = home.run("sync", "--json")
    assert again.returncode == 0, again.stderr
    report = json.loads(again.stdout)["accounts"][0]
    assert report["gmail"]["mode"] != "skipped", report  # no back-off left by the full disk
    assert _message_count(home) >= before + 120
    assert home.integrity() == "ok"


def test_full_disk_during_send_then_recovery(small_disk: Home) -> None:
    home = small_disk
    filler = fill(home.root)
    result = home.run(*SEND)
    assert result.returncode == 1, (result.stdout, result.stderr)
    line = one_clean_line(result)
    assert "disk full at" in line, line
    assert "private body" not in result.stderr + result.stdout
    os.unlink(filler)
    assert home.integrity() == "ok"
    preview = home.run(*SEND)
    assert preview.returncode == 0, preview.stderr
    assert "nyte send --confirm" in preview.stdout
    sent = home.run(*SEND, "--confirm", "--json")
    assert sent.returncode == 0, sent.stderr
    assert json.loads(sent.stdout)["state"] == "sent"
