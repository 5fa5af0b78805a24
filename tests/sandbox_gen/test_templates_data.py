"""The mailbox templates are package data (TOML under sandbox/mailbox/data/), loaded in order."""

from __future__ import annotations

import string
import tomllib
from importlib import resources
from pathlib import Path

from nyte_tui.sandbox.mailbox import templates as tpl

DATA_FILES = ("conversations.toml", "bulk_mail.toml")
FIELDS = {
    "me", "them", "them_name", "deadline", "dl_day", "date", "day", "sunday", "month", "n",
    "small", "amount", "time", "topic",
}  # fmt: skip
CONVO_POOLS = (
    tpl.WORK_ASKS,
    tpl.FAMILY_ASKS,
    tpl.ANSWERED,
    tpl.GENERIC_ANSWERED,
    tpl.FYIS,
    tpl.GENERIC_FYIS,
    tpl.CC_ONLY,
    tpl.ALEX_ASKS,
    tpl.ALEX_NOTES,
)
ROW_POOLS = (
    tpl.NEWSLETTER_ISSUES,
    tpl.PROMOS,
    tpl.DISGUISED_PITCHES,
    tpl.COLD_OUTREACH,
    tpl.SOCIAL_POSTS,
    tpl.FORUM_POSTS,
    tpl.NOTIFICATIONS,
    tpl.RECEIPTS,
    tpl.BILLS,
)


def test_data_files_are_package_resources() -> None:
    data = resources.files("nyte_tui.sandbox.mailbox").joinpath("data")
    for name in DATA_FILES:
        assert data.joinpath(name).is_file(), name
        tomllib.loads(data.joinpath(name).read_text(encoding="utf-8"))


def test_pyproject_ships_toml_package_data() -> None:
    pyproject = Path(__file__).resolve().parents[2] / "pyproject.toml"
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    assert "**/*.toml" in config["tool"]["setuptools"]["package-data"]["nyte_tui"]


def test_templates_load_with_their_shapes() -> None:
    assert all(isinstance(pool, tuple) and pool for pool in CONVO_POOLS)
    for convo in (*[c for pool in CONVO_POOLS for c in pool], tpl.OUTAGE):
        assert convo.turns and all(who in (tpl.ME, tpl.THEM) for who, _ in convo.turns)
        assert isinstance(convo.to, tuple) and isinstance(convo.cc, tuple)
    assert all(isinstance(row, tuple) and row for pool in ROW_POOLS for row in pool)
    assert isinstance(tpl.NEWSLETTER_ISSUES[0][0], int)
    assert tpl.TOPICS[0] == "export feature"


def test_every_placeholder_is_known() -> None:
    convos = [*[c for pool in CONVO_POOLS for c in pool], tpl.OUTAGE]
    texts = [text for c in convos for text in (c.subject, c.why, *(body for _, body in c.turns))]
    texts.extend(str(item) for pool in ROW_POOLS for row in pool for item in row[1:])
    assert len(texts) > 300
    for text in texts:
        names = {field for _, field, _, _ in string.Formatter().parse(text) if field}
        assert names <= FIELDS, (names - FIELDS, text)
