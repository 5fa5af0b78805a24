"""Property tests: generated charsets, encoded-word headers and MIME trees through the parsers."""

from __future__ import annotations

import json
import os
import re
from email import policy
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mail.corpus import FIXTURES, one_line
from mail.mime_strategies import (
    Subject,
    labelled_text,
    message,
    plain_texts,
    subjects,
    trees,
)
from nyte_tui.mailtext import charsets
from nyte_tui.sandbox.gmail.message import StoredMessage
from nyte_tui.sandbox.gmail.mime import header_value
from nyte_tui.sync.gmail_parse import (
    METADATA_HEADERS,
    body_text,
    decode_header_value,
    message_record,
)

UNFOLD = re.compile(r"\r?\n(?=[ \t])")
HEADER_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
BODY_FORBIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def squeeze(text: str | None) -> str:
    """Text with every run of white space one space."""
    return " ".join((text or "").split())


# CI replays the same examples every run (no flaky landing); locally each run explores anew.
FAST = settings(
    max_examples=60,
    deadline=None,
    derandomize=bool(os.environ.get("CI")),
    suppress_health_check=[HealthCheck.too_slow],
)


@FAST
@given(labelled_text())
def test_labelled_bytes_decode_as_the_standard_says(case: tuple[str, str, str]) -> None:
    label, codec, text = case
    assert charsets.decode(text.encode(codec), label) == text


@FAST
@given(st.binary(max_size=200), st.text(max_size=20) | st.sampled_from(sorted(charsets.LABELS)))
def test_any_bytes_under_any_label_decode_without_raising(data: bytes, label: str) -> None:
    text = charsets.decode(data, label)
    assert isinstance(text, str)
    text.encode("utf-8")  # no lone surrogates: storable in SQLite


@FAST
@given(subjects())
def test_encoded_subjects_decode_like_a_mail_client(subject: Subject) -> None:
    unfolded = UNFOLD.sub("", subject.value)
    expected = one_line(subject.expected)
    # a server that passes the header on undecoded
    assert decode_header_value(unfolded) == expected
    # the sandbox decoding it first, as Gmail does
    as_parsed = subject.value.encode("utf-8").decode("ascii", "surrogateescape")  # 8-bit bytes
    assert decode_header_value(header_value(None, as_parsed, "Subject")) == expected  # type: ignore[arg-type]
    if subject.python_comparable:
        python = str(policy.default.header_factory("subject", unfolded))
        assert one_line(python) == expected


@settings(FAST, max_examples=40)
@given(trees(), subjects(), labelled_text())
def test_mime_trees_read_as_their_parts_say(tree, subject, sender) -> None:  # type: ignore[no-untyped-def]
    raw = message(subject, sender, tree)
    stored = StoredMessage(
        id="m1", thread_id="m1", raw=raw, label_ids=["INBOX"], internal_date_ms=0, history_id=1
    )
    metadata = json.loads(json.dumps(stored.render("metadata", METADATA_HEADERS)))
    full = json.loads(json.dumps(stored.render("full", None)))
    record = message_record(metadata)
    for value in (record.subject, record.from_name, record.from_email, record.to_header):
        assert value is None or not HEADER_FORBIDDEN.search(value)
    # exact white space is the subject test's business: a decoded CRLF may reach nyte folded
    assert squeeze(record.subject) == squeeze(one_line(subject.expected))
    assert record.from_email == "sender@example.org"
    assert squeeze(record.from_name) == squeeze(one_line(sender[2]))
    text = body_text(full)
    assert not BODY_FORBIDDEN.search(text)
    plain = plain_texts(tree)
    if plain:
        assert text == "\n\n".join(plain).strip()


CORPUS = sorted((FIXTURES / "crafted").glob("*.eml")) + sorted((FIXTURES / "suite").glob("*.eml"))
INSERTS = [b"=?", b"?=", b"\r\n", b"\n ", b"--", b"\x00", b"=?gb2312?B?", b"boundary=", b";", b'"']


@settings(FAST, max_examples=80)
@given(
    st.sampled_from(CORPUS),
    st.lists(
        st.tuples(st.floats(0, 1), st.sampled_from(["flip", "cut", "insert"]), st.integers(0, 255)),
        min_size=1,
        max_size=8,
    ),
)
def test_damaged_corpus_messages_never_break_the_reader(
    path: Path, damage: list[tuple[float, str, int]]
) -> None:
    raw = bytearray(path.read_bytes())
    for where, how, value in damage:
        at = int(where * len(raw))
        if how == "flip" and at < len(raw):
            raw[at] = value
        elif how == "cut":
            del raw[at : at + value % 64 + 1]
        else:
            raw[at:at] = INSERTS[value % len(INSERTS)]
    stored = StoredMessage(
        id="m1", thread_id="m1", raw=bytes(raw), label_ids=[], internal_date_ms=0, history_id=1
    )
    record = message_record(json.loads(json.dumps(stored.render("metadata", METADATA_HEADERS))))
    text = body_text(json.loads(json.dumps(stored.render("full", None))))
    for value in (record.subject, record.from_name, record.from_email, record.to_header):
        assert value is None or not HEADER_FORBIDDEN.search(value)
    assert not BODY_FORBIDDEN.search(text)
