"""Charset labels decode as the WHATWG Encoding Standard says, in bodies and encoded words."""

from __future__ import annotations

import base64
from email.utils import getaddresses

import pytest

from nyte_tui.mailtext import charsets
from nyte_tui.mailtext.words import body_clean, decode_words, header_text, utf8_words
from nyte_tui.sync.gmail_parse import (
    body_text,
    decode_address_header,
    decode_header_value,
    records_or_skip,
)
from nyte_tui.sync.report import SourceReport

GB18030_ONLY = "镕喆昇€"  # in GBK/GB18030 but not in GB 2312


@pytest.mark.parametrize(
    ("label", "encoding"),
    [
        ("gb2312", "gbk"),
        ("GB_2312-80", "gbk"),
        ("x-gbk", "gbk"),
        ("iso-8859-1", "windows-1252"),
        ("latin1", "windows-1252"),
        ("ASCII", "windows-1252"),
        ("us-ascii", "windows-1252"),
        (" us-ascii\t", "windows-1252"),
        ("tis-620", "windows-874"),
        ("iso-8859-11", "windows-874"),
        ("ks_c_5601-1987", "euc-kr"),
        ("x-sjis", "shift_jis"),
        ("Shift_JIS", "shift_jis"),
        ("iso-8859-9", "windows-1254"),
        ("utf8", "utf-8"),
        ("utf-16", "utf-16le"),
        ("iso-2022-kr", "replacement"),
        ("hz-gb-2312", "replacement"),
        ("x-unknown", None),
        ("", None),
        (None, None),
        ("utf-8\u212a", None),  # non-ASCII lookalike: not a label
    ],
)
def test_labels_select_the_standards_encoding(label: str | None, encoding: str | None) -> None:
    assert charsets.encoding_for(label) == encoding


def test_gb2312_label_decodes_gb18030_text() -> None:
    data = GB18030_ONLY.encode("gb18030")
    with pytest.raises(UnicodeDecodeError):
        data.decode("gb2312")
    assert charsets.decode(data, "gb2312") == GB18030_ONLY


def test_latin1_label_is_windows_1252_with_c1_bytes_kept() -> None:
    assert charsets.decode(b"\x93quoted\x94 \x80 \x85", "iso-8859-1") == "\u201cquoted\u201d € …"
    # bytes windows-1252 leaves unassigned map to the same code point (index-windows-1252.txt)
    assert charsets.decode(b"\x81\x8d\x8f\x90\x9d", "latin1") == "\x81\x8d\x8f\x90\x9d"


def test_multibyte_labels_use_the_wider_decoders() -> None:
    assert charsets.decode("①髙".encode("cp932"), "shift_jis") == "①髙"  # NEC/IBM extensions
    assert charsets.decode("똠".encode("cp949"), "ks_c_5601-1987") == "똠"  # UHC-only syllable
    assert charsets.decode("สวัสดี".encode("cp874"), "tis-620") == "สวัสดี"


def test_unknown_and_missing_labels_fall_back_to_utf8_with_replacement() -> None:
    assert charsets.decode("naïve".encode(), "x-unknown") == "naïve"
    assert charsets.decode(b"caf\xe9", "x-unknown") == "caf\ufffd"
    assert charsets.decode(b"caf\xe9", None) == "caf\ufffd"


def test_replacement_labels_hide_nothing() -> None:
    assert charsets.decode(b"\x1b$)C\x0e!!\x0f hidden", "iso-2022-kr") == "\ufffd"
    assert charsets.decode(b"", "iso-2022-kr") == ""


def test_a_byte_order_mark_wins_over_the_label() -> None:
    assert charsets.decode(b"\xef\xbb\xbfcaf\xc3\xa9", "iso-8859-1") == "café"
    assert charsets.decode("hé".encode("utf-16-be"), "utf-16be") == "hé"
    assert charsets.decode(b"\xfe\xff" + "hé".encode("utf-16-be"), "utf-16") == "hé"


def test_every_label_decodes_every_byte_without_raising() -> None:
    data = bytes(range(256)) * 2
    for label in [*charsets.LABELS, "utf-7"]:
        assert isinstance(charsets.decode(data, label), str)


def word(text: str, label: str) -> str:
    """One B-encoded word of text in a charset."""
    data = base64.b64encode(text.encode(charsets.PYTHON_CODECS.get(label, label))).decode()
    return f"=?{label}?B?{data}?="


def test_encoded_words_use_the_same_table() -> None:
    assert decode_words(word(GB18030_ONLY, "gb18030").replace("gb18030", "gb2312")) == GB18030_ONLY
    assert decode_words("=?iso-8859-1?Q?Dana=92s?=") == "Dana\u2019s"
    assert decode_words("=?iso-8859-8-i?Q?=F9=EC=E5=ED?=") == "שלום"
    assert decode_words("=?x-unknown?Q?caf=C3=A9?=") == "café"
    assert decode_words("=?utf-8*en?Q?caf=C3=A9?=") == "café"


def test_adjacent_words_join_and_split_characters_survive() -> None:
    assert decode_words("=?utf-8?Q?=E6=97=A5=E6?= =?utf-8?Q?=9C=AC?=") == "日本"
    assert decode_words("=?utf-8?Q?a?=\r\n =?utf-8?Q?b?= c") == "ab c"


def test_broken_words_stay_as_written() -> None:
    assert decode_words("=?utf-8?x?bad?=") == "=?utf-8?x?bad?="
    assert decode_words("=?utf-8?b?!!!?=") == "=?utf-8?b?!!!?="
    assert decode_words("=?utf-8?b?SGk?=") == "Hi"  # missing padding is tolerated
    assert decode_words("no words =? here") == "no words =? here"


def test_utf8_words_keep_the_text() -> None:
    value = '"' + word("王芳", "gb18030").replace("gb18030", "gb2312") + '" <wang@example.com>'
    rewritten = utf8_words(value)
    assert "gb2312" not in rewritten and decode_words(rewritten) == '"王芳" <wang@example.com>'


def test_header_text_is_one_line_without_controls() -> None:
    assert header_text("Hello\r\nBcc: evil@example.com") == "Hello  Bcc: evil@example.com"
    assert header_text("a\x00b\x1b[31mc\x7f\u2028d") == "a b [31mc  d"
    assert header_text("bad \udcc3( \udce2\udc82\udcac bytes") == "bad \ufffd( € bytes"
    assert header_text("lone \ud800 \udc00") == "lone \ufffd \ufffd"
    assert decode_header_value("=?utf-8?Q?x=0D=0ABcc:_y?=") == "x  Bcc: y"


def test_body_text_is_decoded_per_label_and_cleaned() -> None:
    data = base64.urlsafe_b64encode("季度报告 镕\r\n\x1b[2Jend\x00".encode("gb18030")).decode()
    resource = {
        "payload": {
            "mimeType": "text/plain",
            "headers": [{"name": "Content-Type", "value": 'text/plain; CHARSET="GB2312"'}],
            "body": {"data": data},
        }
    }
    assert body_text(resource) == "季度报告 镕\n[2Jend"
    assert body_clean("a\rb\r\nc\x85d") == "a\nb\nc\nd"


def test_a_resource_that_cannot_be_read_is_skipped_with_its_reason() -> None:
    report = SourceReport()
    assert records_or_skip({"id": "m9", "payload": {"headers": ["not a header"]}}, report) == []
    assert records_or_skip({"id": "m9", "payload": {"headers": [7]}}, report) == []
    assert list(report.skipped) == ["m9"] and "unreadable headers" in report.skipped["m9"]
    good = {"id": "m1", "payload": {"headers": [{"name": "Subject", "value": "Hi"}]}}
    assert [r.subject for r in records_or_skip(good, report)] == ["Hi"]
    assert report.as_json()["skipped"] == 1
    assert report.as_json()["skipped_messages"][0]["gmail_id"] == "m9"


def test_encoded_display_names_in_address_lists_stay_one_address_each() -> None:
    value = "=?gb2312?B?zfXpRg==?= <wang@x.org>, =?utf-8?q?Smith=2C_John?= <j@x.org>, p@x.org"
    decoded = decode_address_header(value)
    assert decoded == '王镕 <wang@x.org>, "Smith, John" <j@x.org>, p@x.org'
    assert [a for _n, a in getaddresses([decoded or ""])] == ["wang@x.org", "j@x.org", "p@x.org"]
    assert decode_address_header("Ann <a@x.org>") == "Ann <a@x.org>"
    assert decode_address_header(None) is None


def test_an_rfc2231_charset_whose_own_charset_is_garbage_still_reads() -> None:
    """`charset*=ansi-x3.4-<NUL>1968''us-ascii`: the parameter's own charset is no codec name."""
    import base64

    from nyte_tui.sync.gmail_parse import body_text, part_charset

    part = {
        "mimeType": "text/plain",
        "headers": [
            {"name": "Content-Type", "value": "text/plain; charset*=ansi-x3.4-\x001968''us-ascii"}
        ],
        "body": {"data": base64.urlsafe_b64encode(b"Please sign by Friday.").decode()},
    }
    assert part_charset(part) == "us-ascii"
    assert body_text({"payload": part}) == "Please sign by Friday."


def test_the_sandbox_renders_a_part_whose_rfc2231_continuations_break_both_parsers() -> None:
    """`filename*1*=…; filename*` (a numbered piece and a bare one): no label, no crash."""
    import json

    from nyte_tui.sandbox.gmail.message import StoredMessage
    from nyte_tui.sync.gmail_parse import body_text

    raw = (
        b"From: a@example.org\r\nSubject: broken\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/mixed; boundary="b1"\r\n\r\n'
        b"--b1\r\nContent-Type: text/plain; filename*1*=part2.txt; filename*\r\n\r\n"
        b"Trailing part.\r\n--b1--\r\n"
    )
    stored = StoredMessage(
        id="m1", thread_id="m1", raw=raw, label_ids=[], internal_date_ms=0, history_id=1
    )
    full = json.loads(json.dumps(stored.render("full", None)))
    assert body_text(full) == "Trailing part."
