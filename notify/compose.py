"""Jinja2 rendering and RFC 5322 assembly (stdlib email: email.mime parts, email.header and
email.utils.formataddr for the encoded words, serialised with CRLF line ends).

Every header value that came from a mail goes through header_text(): one line, and no
RFC 2047 encoded word left. Nothing the sender wrote reaches a subject; what reaches a body or
a display name (file names, the project's title, the applicant's name) goes through shown():
shortened, invisible formatting characters removed, and nothing a mail client could turn into a
link (no scheme, "@", "/" or a dot before letters). Over-long identifiers (Message-IDs,
display names) are dropped, every header is folded, and the generated header block is checked
line by line (names, and at most 998 characters each) before the message's bytes are returned.
(The email package's newer API, EmailMessage with policy SMTP, parses every header it is given
into objects: 3.4 ms a message, the largest single cost of a backfill in the service process;
the classic API builds the same message in ~1 ms.)
"""
from __future__ import annotations

import email.utils
import hashlib
import re
import unicodedata
from datetime import datetime
from email.charset import QP, Charset
from email.header import Header, decode_header, make_header
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.policy import compat32
from functools import lru_cache
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from ingest.parse import clean_header

TEMPLATES = Path(__file__).with_name("templates")


@lru_cache(maxsize=1)
def environment() -> Environment:
    """HTML templates (*.html.j2) are autoescaped; text templates (*.txt.j2) are not."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=lambda name: bool(name) and name.endswith(".html.j2"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env


def render(name: str, **context) -> tuple[str, str]:
    """(text, html) of `name`.txt.j2 and `name`.html.j2."""
    env = environment()
    text = env.get_template(f"{name}.txt.j2").render(**context)
    html = env.get_template(f"{name}.html.j2").render(**context)
    return text, html


def header_text(value: str | None) -> str:
    """One safe line: encoded words decoded (then cleaned), any remaining "=?" broken."""
    text = clean_header(value) or ""
    for _ in range(3):
        if "=?" not in text:
            break
        try:
            text = clean_header(str(make_header(decode_header(text)))) or ""
        except Exception:  # malformed encoded word: keep the text, defused below
            break
    return text.replace("=?", "= ?")


# What a mail client may read as a dot or a slash of an address (IDNA and look-alikes).
_LOOKALIKES = str.maketrans({"\u3002": ".", "\uff61": ".", "\u2024": ".", "\ufe52": ".",
                             "\u2044": "/", "\u2215": "/", "\u29f8": "/", "\ufe68": "/"})
# A word that is, or holds, an address: a scheme, an "@", "www", or a domain (a label, a dot, letters).
_ADDRESS_WORD = re.compile(r"\S*(?:://|@|\bwww\b|[\w-]{2,}\.[^\W\d_]{2,}\b)\S*", re.IGNORECASE)
_KEPT_MARKS = set("-–—_'’(),;?&+!%°«»\"#")
_WORD_END = re.compile(r"\s+\S*$")


def shown(value: str | None, limit: int) -> str:
    """Text of the sender's shown in our mail: one line, compatibility forms folded (NFKC), no
    invisible formatting (bidi overrides, zero-width characters); every word holding an address
    removed, then any mark but a few plain ones (a dot or a colon only before a digit, a space or
    the end: nothing a client could link); at most `limit` characters, cut at a word, with "…"."""
    text = unicodedata.normalize("NFKC", header_text(value)).translate(_LOOKALIKES)
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    text = _ADDRESS_WORD.sub(" ", text)
    text = "".join(ch if ch.isalnum() or ch.isspace() or ch in _KEPT_MARKS
                   or (ch == "." and not text[i + 1:i + 2].isalpha())
                   or (ch == ":" and not text[i + 1:i + 2].strip()) else " " for i, ch in enumerate(text))
    text = " ".join(text.split()).strip(" -–—_,:;")
    if len(text) > limit:
        cut = text[:limit - 1]
        cut = _WORD_END.sub("", cut) if " " in cut[limit // 2:] else cut
        text = cut.rstrip(" -–—_,;.") + "…"
    return text


def shown_filename(name: str | None, limit: int = 40) -> str:
    """A file name shortened (a longer one by `limit` + 8 characters: its start and its end) and
    without links: "Budget prévisionnel (xlsx)". The extension is written apart: "x.zip" or
    "x.mov" would be a domain name to a mail client."""
    stem, dot, ext = header_text(name).rpartition(".")
    if not dot or not re.fullmatch(r"[A-Za-z0-9]{1,5}", ext):
        stem, ext = header_text(name), ""
    stem = shown(stem, 4 * limit)
    if len(stem) > limit + 8:  # the start and the end, where names differ ("…_v2", "… partenaire B")
        head = shown(stem, limit * 3 // 5).rstrip("…")
        start = len(stem) - (limit - len(head) - 3)  # room for " … "
        space = stem.rfind(" ", start - 8, start + 1)  # the end from the start of a word
        space = space if space >= 0 else stem.find(" ", start, start + (len(stem) - start) // 2)
        stem = f"{head} … {stem[space + 1:]}" if space >= 0 else f"{head}…{stem[start:]}"
    if not stem:
        return f"pièce jointe ({ext.lower()})" if ext else "pièce jointe"
    return f"{stem} ({ext.lower()})" if ext else stem


def domain_of(address: str) -> str:
    addr = email.utils.parseaddr(address)[1]
    return addr.rpartition("@")[2].lower() or "localhost"


def deterministic_message_id(reference: str, kind: str, dedupe_key: str, from_address: str) -> str:
    digest = hashlib.sha1(dedupe_key.encode("utf-8")).hexdigest()[:16]
    safe_ref = re.sub(r"[^A-Za-z0-9-]", "", reference) or "dossier"
    return f"<{safe_ref}.{kind}.{digest}@{domain_of(from_address)}>"


MAX_NAME = 64  # a longer display name is dropped: the address alone
MAX_ID = 250  # a longer Message-ID is not repeated (RFC 5322 lines end at 998 characters)


def mailbox(display_name: str | None, addr: str) -> str | Header:
    """A To/From mailbox: the display name shown() on one line (dropped when empty or longer
    than MAX_NAME), quoted when it needs to be, RFC 2047 encoded (and folded) when not ASCII."""
    name = shown(display_name, 10 * MAX_NAME).strip('"').strip()
    if not name or len(name) > MAX_NAME:
        return addr
    if name.isascii():
        return email.utils.formataddr((name, addr))
    value = Header(name, "utf-8")
    value.append(f"<{addr}>", "us-ascii")
    return value


def from_mailbox(from_address: str) -> str | Header:
    name, addr = email.utils.parseaddr(from_address)
    return mailbox(name, addr)


_IDS = re.compile(r'<[^<>\s"\\]{1,%d}>' % (MAX_ID - 2))


def references_chain(references: str | None, message_id: str | None, keep: int = 20) -> str | None:
    """The trigger's References plus its Message-ID (the last `keep` ids, no duplicates)."""
    ids = [i for i in (references or "").split() if _IDS.fullmatch(i)]
    if message_id and _IDS.fullmatch(message_id.strip()):
        ids.append(message_id.strip())
    ids = [i for i in ids if "=?" not in i]
    seen: list[str] = []
    for i in ids:
        if i not in seen:
            seen.append(i)
    if not seen:
        return None
    if len(seen) > keep:  # RFC 5322 §3.6.4: keep the first one and the most recent ones
        seen = seen[:1] + seen[-(keep - 1):]
    return " ".join(seen)


def safe_message_id(value: str | None) -> str | None:
    """A trigger's Message-ID fit to be repeated in In-Reply-To, or None."""
    value = (value or "").strip()
    return value if _IDS.fullmatch(value) and "=?" not in value else None


_BASE_HEADERS = {"from", "to", "subject", "date", "message-id", "mime-version", "content-type",
                 "content-transfer-encoding"}


MAX_LINE = 998  # RFC 5322 §2.1.1, without the CRLF


def check_header_block(raw: bytes, expected: set[str]) -> None:
    """Every top-level header line is one we set, and none is too long for SMTP: defence in
    depth against injection and against a server's refusal."""
    head = raw.split(b"\r\n\r\n", 1)[0]
    lines = head.split(b"\r\n")
    names = [line.split(b":", 1)[0].decode("ascii", "replace").lower()
             for line in lines if line and line[:1] not in (b" ", b"\t")]
    allowed = _BASE_HEADERS | {n.lower() for n in expected}
    if any(n not in allowed for n in names) or len(names) != len(set(names)):
        raise ValueError("refused to build a message with unexpected headers")
    if any(len(line) > MAX_LINE for line in lines):
        raise ValueError("refused to build a message with a header line over 998 characters")


_CRLF = compat32.clone(linesep="\r\n")


def _utf8_qp() -> Charset:
    charset = Charset("utf-8")
    charset.body_encoding = QP  # readable in any client's source view, and 7-bit safe
    return charset


def _header_value(value: str) -> str | Header:
    return value if value.isascii() else Header(value, "utf-8")


def build_message(*, from_address: str, to: list[str | Header], subject: str, text: str, html: str,
                  date: datetime, message_id: str, extra: dict[str, str] | None = None) -> bytes:
    """multipart/alternative (text, then HTML), UTF-8 quoted-printable; the bytes to send."""
    msg = MIMEMultipart("alternative", policy=_CRLF)
    msg["From"] = from_mailbox(from_address)
    msg["To"] = to[0] if len(to) == 1 else ", ".join(str(m) for m in to)
    msg["Subject"] = _header_value(header_text(subject))
    msg["Date"] = email.utils.format_datetime(date)
    msg["Message-ID"] = message_id
    for name, value in (extra or {}).items():
        msg[name] = _header_value(header_text(value))
    for body, subtype in ((text, "plain"), (html, "html")):
        part = MIMEText(body, subtype, _utf8_qp(), policy=_CRLF)
        del part["MIME-Version"]  # only the top-level header is meaningful
        msg.attach(part)
    data = msg.as_bytes()
    check_header_block(data, set(extra or {}))
    return data
