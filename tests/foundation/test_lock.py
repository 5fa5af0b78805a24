"""The hashed lock installs on a fresh machine: exact pins, and every extra asked for is named."""

from __future__ import annotations

import re
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

LOCK = Path(__file__).resolve().parents[2] / "requirements" / "lock.txt"
PIN = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(?:\[(?P<extras>[^\]]+)\])?==(?P<version>\S+) \\$")


def _locked_pins() -> dict[str, frozenset[str]]:
    """Map each locked package to the extras its pin names."""
    pins: dict[str, frozenset[str]] = {}
    for line in LOCK.read_text(encoding="utf-8").splitlines():
        match = PIN.match(line)
        if match:
            extras = match["extras"] or ""
            pins[canonicalize_name(match["name"])] = frozenset(
                canonicalize_name(extra) for extra in extras.split(",") if extra
            )
    return pins


def test_every_requirement_line_is_an_exact_hashed_pin() -> None:
    """A line that starts a requirement pins it with == (pip's --require-hashes refuses ranges)."""
    starts = [
        line
        for line in LOCK.read_text(encoding="utf-8").splitlines()
        if line and not line.startswith((" ", "#", "\t"))
    ]
    assert starts, "the lock is empty"
    unpinned = [line for line in starts if not PIN.match(line)]
    assert unpinned == []


def test_lock_carries_no_pip_options_or_addresses() -> None:
    """The lock holds pins and hashes only: no option lines (an index) and no URL of any host."""
    lines = LOCK.read_text(encoding="utf-8").splitlines()
    options = [line for line in lines if line.lstrip().startswith("--")]
    assert [line for line in options if not line.lstrip().startswith("--hash=")] == []
    assert [line for line in lines if "://" in line] == []


def test_extras_that_installed_packages_ask_for_are_pinned_with_their_extras() -> None:
    """An extra a package asks for (httpx[http2]) is locked with it, or pip fetches newer."""
    pins = _locked_pins()
    missing: list[str] = []
    for name in pins:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        for spec in dist.requires or []:
            requirement = Requirement(spec)
            if not requirement.extras:
                continue
            if requirement.marker is not None and not requirement.marker.evaluate({"extra": ""}):
                continue
            wanted = canonicalize_name(requirement.name)
            if wanted not in pins:
                continue
            asked = {canonicalize_name(extra) for extra in requirement.extras}
            if not asked <= pins[wanted]:
                missing.append(f"{name} needs {requirement.name}[{','.join(sorted(asked))}]")
    assert missing == []
