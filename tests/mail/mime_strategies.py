"""Hypothesis strategies for mail: charset-labelled text, encoded-word headers and MIME trees.

Every strategy knows what a correct reader must see (`expected`), computed from the text it
generated, not from nyte's decoder.
"""

from __future__ import annotations

import base64
import quopri
from dataclasses import dataclass, field

from hypothesis import strategies as st

CRLF = b"\r\n"

# (label, Python codec that implements what the WHATWG standard says the label means).
# SAME: Python decodes the label itself exactly so; DIFFERENT: Python's codec of that name is
# narrower or another table, so only the standard's decoder gets the text back.
SAME_LABELS = [
    ("utf-8", "utf-8"),
    ("UTF8", "utf-8"),
    ("iso-8859-2", "iso8859_2"),
    ("ISO-8859-5", "iso8859_5"),
    ("koi8-r", "koi8_r"),
    ("windows-1251", "cp1251"),
    ("gb18030", "gb18030"),
]
DIFFERENT_LABELS = [
    ("gb2312", "gb18030"),
    ("GBK", "gb18030"),
    ("iso-8859-1", "cp1252"),
    ("latin1", "cp1252"),
    ("us-ascii", "cp1252"),
    ("tis-620", "cp874"),
    ("ks_c_5601-1987", "cp949"),
    ("x-sjis", "cp932"),
    ("shift_jis", "cp932"),
    ("iso-8859-8-i", "iso8859_8"),
]
WRONG_LABELS = ["x-unknown", "utf-9", "", "charset", "iso-8859-99", "x-mac-klingon"]
# Letters from the scripts the labels above cover, plus punctuation, spaces and emoji.
ALPHABET = st.sampled_from(
    list("abcXYZ019 .,:;!-'\"()<>@_/")
    + list("éüßøñçÅÆ")
    + list("жДЯё")
    + list("łŚžČ")
    + list("中文报告镕喆昇王")
    + list("日本語カナ①髙")
    + list("한국어똠")
    + list("สวัสดี")
    + list("שלום")
    + list("€—“”…")
    + ["😀", "\u00a0"]
)
CONTROLS = st.sampled_from(["\r\n", "\x00", "\x1b[2J", "\t", "\x7f", "\u2028"])


def encodable(text: str, codec: str) -> str:
    """The part of text a codec can encode (characters it cannot are dropped)."""
    return "".join(char for char in text if char.encode(codec, "ignore"))


@st.composite
def labelled_text(draw: st.DrawFn, *, allow_different: bool = True) -> tuple[str, str, str]:
    """(label, codec, text) with text the codec can write."""
    pairs = SAME_LABELS + (DIFFERENT_LABELS if allow_different else [])
    label, codec = draw(st.sampled_from(pairs))
    text = encodable(draw(st.text(ALPHABET, min_size=1, max_size=30)), codec)
    return label, codec, text or "x"


def q_encode(data: bytes) -> str:
    """RFC 2047 Q encoding."""
    out = []
    for byte in data:
        char = chr(byte)
        if char.isascii() and char.isalnum():
            out.append(char)
        elif char == " ":
            out.append("_")
        else:
            out.append(f"={byte:02X}")
    return "".join(out)


@dataclass
class Subject:
    """A generated Subject value and the text a reader must show."""

    value: str
    expected: str
    python_comparable: bool


@st.composite
def subjects(draw: st.DrawFn) -> Subject:
    """Plain words, encoded words (B or Q, any label) and controls, maybe folded."""
    parts: list[tuple[str, str, bool]] = []  # (raw, text, is_word)
    comparable = True
    for _ in range(draw(st.integers(1, 5))):
        kind = draw(st.sampled_from(["plain", "raw8", "word", "word", "control"]))
        if kind == "raw8":  # raw UTF-8 bytes in the header (RFC 6532), no encoded word
            text = draw(st.text(ALPHABET, min_size=1, max_size=12)).replace("=?", "=")
            text = text if text.strip() else "x"
            parts.append((text, text, False))
            continue
        if kind == "plain":
            text = draw(
                st.text(st.sampled_from(list("abcdefXYZ 0123.,!-")), min_size=1, max_size=12)
            )
            text = text if text.strip() else "x"  # white space alone between words is dropped
            parts.append((text, text, False))
            continue
        label, codec, text = draw(labelled_text())
        if kind == "control":
            text = text + draw(CONTROLS) + text
            label, codec = "utf-8", "utf-8"
        comparable = comparable and (label, codec) in SAME_LABELS and kind != "control"
        data = text.encode(codec)
        if draw(st.booleans()):
            raw = f"=?{label}?B?{base64.b64encode(data).decode()}?="
        else:
            raw = f"=?{label}?Q?{q_encode(data)}?="
        parts.append((raw, text, True))
    value, expected = "", ""
    for index, (raw, text, is_word) in enumerate(parts):
        if index:
            gap = draw(st.sampled_from([" ", "  ", "\r\n ", "\r\n\t"]))
            value += gap
            previous_word = parts[index - 1][2]
            if not (previous_word and is_word):  # white space between two words is dropped
                expected += gap.replace("\r\n", "")
        value += raw
        expected += text
    return Subject(value, expected, comparable)


@dataclass
class Leaf:
    """One generated leaf part."""

    content_type: str
    label: str | None
    codec: str
    text: str
    cte: str
    filename: str | None = None


@dataclass
class Tree:
    """A generated multipart (children) or leaf."""

    subtype: str = "mixed"
    children: list[Tree | Leaf] = field(default_factory=list)


def body_bytes(leaf: Leaf) -> tuple[str, bytes]:
    """(Content-Transfer-Encoding header value, encoded body lines) of a leaf."""
    data = leaf.text.encode(leaf.codec)
    if leaf.cte == "base64":
        encoded = base64.encodebytes(data).replace(b"\n", CRLF)
    elif leaf.cte == "quoted-printable":
        encoded = quopri.encodestring(data).replace(b"\n", CRLF)
    else:
        encoded = data.replace(b"\n", CRLF)
    return leaf.cte, encoded


@st.composite
def leaves(draw: st.DrawFn) -> Leaf:
    """A text or binary leaf with any label (right, wider, wrong or none) and encoding."""
    kind = draw(st.sampled_from(["text/plain", "text/plain", "text/html", "application/pdf"]))
    choice = draw(st.sampled_from(["same", "different", "wrong", "none"]))
    if choice in ("same", "different"):
        label, codec, _text = draw(labelled_text(allow_different=choice == "different"))
    elif choice == "wrong":
        label, codec = draw(st.sampled_from(WRONG_LABELS)), "utf-8"
    else:
        label, codec = None, "utf-8"
    lines = draw(st.lists(st.text(ALPHABET, max_size=40), min_size=1, max_size=4))
    text = encodable("\n".join(lines), codec).strip() or "text"
    cte = draw(st.sampled_from(["7bit", "8bit", "base64", "quoted-printable"]))
    filename = draw(st.sampled_from([None, None, "notes.txt", "=?utf-8?q?r=C3=A9sum=C3=A9?=.pdf"]))
    if kind == "text/html":
        text = f"<p>{text.replace('<', ' ').replace('>', ' ').replace('&', ' ')}</p>"
    return Leaf(kind, label, codec, text, cte, filename)


def trees(max_leaves: int = 8) -> st.SearchStrategy[Tree | Leaf]:
    """Random nesting of multiparts over leaves."""
    return st.recursive(
        leaves(),
        lambda children: st.builds(
            Tree,
            subtype=st.sampled_from(["mixed", "alternative", "related", "x-unknown"]),
            children=st.lists(children, min_size=1, max_size=3),
        ),
        max_leaves=max_leaves,
    )


def serialize(node: Tree | Leaf, counter: list[int]) -> bytes:
    """MIME bytes of one part (its headers and body)."""
    if isinstance(node, Leaf):
        cte, body = body_bytes(node)
        content_type = node.content_type + (f'; charset="{node.label}"' if node.label else "")
        head = [f"Content-Type: {content_type}", f"Content-Transfer-Encoding: {cte}"]
        if node.filename:
            head.append(f'Content-Disposition: attachment; filename="{node.filename}"')
        return CRLF.join(h.encode() for h in head) + CRLF + CRLF + body
    counter[0] += 1
    boundary = f"=_b{counter[0]}_q7Zx"
    out = [f'Content-Type: multipart/{node.subtype}; boundary="{boundary}"'.encode(), b""]
    for child in node.children:
        out.append(f"--{boundary}".encode())
        out.append(serialize(child, counter))
    out.append(f"--{boundary}--".encode())
    return CRLF.join(out) + CRLF


def plain_texts(node: Tree | Leaf) -> list[str]:
    """The text of every text/plain leaf that is not an attachment, depth first."""
    if isinstance(node, Leaf):
        return [node.text] if node.content_type == "text/plain" and not node.filename else []
    return [text for child in node.children for text in plain_texts(child)]


def message(subject: Subject, sender: tuple[str, str, str], tree: Tree | Leaf) -> bytes:
    """A whole message: headers (encoded Subject and From display name) and the tree."""
    label, codec, name = sender
    encoded_name = f"=?{label}?B?{base64.b64encode(name.encode(codec)).decode()}?="
    head = [
        f"From: {encoded_name} <sender@example.org>",
        "To: Alex <alex@example.org>",
        f"Subject: {subject.value}",
        "Date: Tue, 05 Mar 2024 09:15:00 +0000",
        "Message-ID: <prop@example.org>",
        "MIME-Version: 1.0",
    ]
    return CRLF.join(h.encode("utf-8") for h in head) + CRLF + serialize(tree, [0])
