"""Raw bytes -> ParsedMail, once, at the ingest boundary (mail-parser does the MIME work).

Attachments come out as typed objects holding decoded bytes; zip archives, TNEF
(winmail.dat) and attached messages are opened within limits. An attached (forwarded) message's
own text becomes a document of its own, and a delivery report's returned headers are kept
(ingest/forwarded.py).
"""
from __future__ import annotations

import base64
import email.header
import email.policy
import email.utils
import functools
import hashlib
import io
import logging
import re
import unicodedata
import zipfile
from dataclasses import dataclass, field, replace
from datetime import datetime, timezone

from ingest import bigparts, forwarded
from ingest.errors import UnparseableMessage


@dataclass(frozen=True)
class MailAttachment:
    filename: str  # sanitised display name: never a path, never control characters
    content_type: str | None
    data: bytes
    inline: bool = False
    container: str | None = None  # name of the zip / winmail.dat / message it came out of
    digest: str | None = None  # the SHA-256 of the bytes, kept when they are dropped (without_data)
    length: int | None = None  # their size, likewise

    @functools.cached_property
    def sha256(self) -> str:  # computed once: the pipeline keys rows and its document cache by it
        return self.digest or hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return self.length if self.length is not None else len(self.data)

    def without_data(self) -> "MailAttachment":
        """The attachment described, its bytes left behind (read where they were parsed)."""
        return replace(self, data=b"", digest=self.sha256, length=self.size)


@dataclass(frozen=True)
class ParsedMail:
    message_id: str | None
    from_addr: str | None
    from_name: str | None
    to: tuple[str, ...]
    subject: str
    date: datetime | None
    in_reply_to: str | None
    references: tuple[str, ...]
    headers: dict[str, str]  # lower-case names; the first occurrence
    text: str | None
    html: str | None
    attachments: tuple[MailAttachment, ...]
    content_type: str
    return_path: str | None
    problems: tuple[str, ...] = field(default=())  # what was skipped, for staff
    over_limits: tuple[str, ...] = field(default=())  # those of the problems that break a limit: quarantine
    # a delivery report (multipart/report): the headers of the message it returns, lower-case
    # names, first occurrence (from its text/rfc822-headers or message/rfc822 part); {} otherwise
    returned_headers: dict[str, str] = field(default_factory=dict)
    # (text, html) of this message alone when it carries attached (forwarded) messages, whose own
    # text is a document of each (their text is still in `text` / `html`); None when it carries none
    own_body: tuple[str | None, str | None] | None = None

    def body(self) -> tuple[str | None, str | None]:
        """(text, html) of the message's body document: its own text, not that of the messages
        attached to it."""
        return self.own_body if self.own_body is not None else (self.text, self.html)

    @property
    def returned_message_id(self) -> str | None:
        """The Message-ID of the message a delivery report returns (one of our answers)."""
        return (_ids(self.returned_headers.get("message-id")) or (None,))[0]


@dataclass(frozen=True)
class Limits:
    max_attachments: int = 40
    max_depth: int = 3
    max_unpacked_bytes: int = 200_000_000


_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_HEADER_BREAK = re.compile(r"[\r\n]+")


def clean_header(value: str | None) -> str | None:
    """One line, no control characters: safe to reuse in our own headers."""
    if value is None:
        return None
    return _CONTROL.sub(" ", _HEADER_BREAK.sub(" ", str(value))).strip()


def safe_filename(name: str | None, fallback: str) -> str:
    """A display name: NFC, no directories, no control characters, bounded length."""
    if not name:
        return fallback
    name = unicodedata.normalize("NFC", str(name))
    name = _CONTROL.sub("", name).replace("\\", "/")
    name = name.rsplit("/", 1)[-1].strip().lstrip(".") or fallback
    if len(name) > 180:
        stem, dot, ext = name.rpartition(".")
        name = (stem[:170] + dot + ext[:9]) if dot else name[:180]
    return name


# an address, where the stdlib's parser gives up (see _addresses)
_LOOSE_ADDRESS = re.compile(r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


def _addresses(values: list[str], problems: list[str]) -> tuple[str, ...]:
    """The addresses of To / Cc headers. The stdlib's parser recurses once per ':' it takes for a
    group: a header of thousands of them (a public-corpus mail) exhausts the stack. The header is
    then kept as it is (`headers`) and its addresses are picked out by their shape."""
    try:
        return tuple(a.lower() for _, a in email.utils.getaddresses(values) if a)
    except RecursionError:
        problems.append("en-tête To/Cc trop imbriqué pour être analysé : gardé tel quel, adresses relevées à part")
        return tuple(dict.fromkeys(a.lower() for a in _LOOSE_ADDRESS.findall(" ".join(values))))


def _parseaddr(value: str) -> tuple[str, str]:
    try:
        return email.utils.parseaddr(value)
    except RecursionError:  # see _addresses
        found = _LOOSE_ADDRESS.search(value)
        return "", found.group(0) if found else ""


def _addr(value: str | None) -> str | None:
    if not value:
        return None
    _, addr = _parseaddr(clean_header(value) or "")
    return addr.lower() or None


_ANGLE_ADDR = re.compile(r"<\s*([^<>\s]+@[^<>\s]+?)\s*>\s*$")


def _mailbox(value) -> tuple[str | None, str | None]:
    """(display name, address) of a From header. The address is read before any RFC 2047
    decoding: an encoded word may hide a CR LF and another address ("=?utf-8?q?x=0D=0ABcc:...?=");
    only the display name is decoded, then made one clean line."""
    raw = clean_header(_raw_text(value)) or ""
    angle = _ANGLE_ADDR.search(raw)
    if angle:
        name, addr = raw[:angle.start()].strip().strip('"'), angle.group(1)
    else:
        name, addr = _parseaddr(raw)
    return clean_header(_decode_header(name)) or None, addr.lower() or None


MAX_ID = 250  # characters: longer message identifiers are hostile or broken, and dropped


def _ids(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(i for i in re.findall(r"<[^<>\s]+>", value) if len(i) <= MAX_ID)


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        d = email.utils.parsedate_to_datetime(clean_header(value) or "")
    except (TypeError, ValueError, IndexError):
        return None
    if d is None:
        return None
    return d if d.tzinfo else d.replace(tzinfo=timezone.utc)


class _KnownParts(logging.Filter):
    """mail-parser warns of every body part that is not text/plain or text/html ("Email content
    'rfc822-headers' not handled"): a delivery report's returned headers, an attached message,
    a calendar part. They are read here (ingest/forwarded.py) or are no proposal's text: no noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not (message.startswith("Email content ") and message.endswith(" not handled"))


logging.getLogger("mailparser.core").addFilter(_KnownParts())


def parse_message(raw: bytes, limits: Limits = Limits()) -> ParsedMail:
    """Parse one RFC 5322 message. Raises UnparseableMessage with a reason."""
    if not raw.strip():
        raise UnparseableMessage("message vide")
    problems: list[str] = []
    over: list[str] = []
    try:
        mail = bigparts.parse_from_bytes(raw)  # mail-parser; big base64 bodies lifted out meanwhile
        msg = mail.message
        subject = mail.subject
        found = mail.attachments
        text = "\n".join(t for t in mail.text_plain if t) or None
        html = "\n".join(h for h in mail.text_html if h) or None
    except Exception as exc:  # mail-parser raises many kinds on broken input: read it with the stdlib
        problems.append(f"structure MIME irrégulière ({type(exc).__name__}), lue en mode de secours")
        try:
            msg, text, html, atts = _stdlib_parse(raw)
        except Exception as exc2:
            raise UnparseableMessage(f"analyse MIME impossible : {type(exc2).__name__}: {exc2}") from exc2
        subject = msg.get("Subject", "")
        found = atts
    own, attached = forwarded.walk(msg, limits.max_depth)
    # the attached messages' text is theirs: documents of their own, not in this message's body
    own_body = ("\n".join(own.texts) or None, "\n".join(own.htmls) or None) if attached else None
    attachments = _attachments(found, limits, problems, over, _forwarded_texts(attached))
    headers: dict[str, str] = {}
    for k, v in msg.items():
        headers.setdefault(k.lower(), clean_header(_decode_header(v)) or "")
    from_name, from_addr = _mailbox(msg.get("From"))
    to = _addresses([clean_header(_raw_text(msg.get(h))) or "" for h in ("To", "Cc")], problems)
    return ParsedMail(
        message_id=(_ids(headers.get("message-id")) or (None,))[0],
        from_addr=from_addr,
        from_name=from_name,
        to=to,
        subject=clean_header(_decode_header(subject)) or "",
        date=_date(headers.get("date")),
        in_reply_to=(_ids(headers.get("in-reply-to")) or (None,))[0],
        references=_ids(headers.get("references")),
        headers=headers,
        text=text,
        html=html,
        attachments=tuple(attachments),
        content_type=(msg.get_content_type() or "text/plain").lower(),
        return_path=headers.get("return-path"),
        problems=tuple(problems),
        over_limits=tuple(over),
        returned_headers=forwarded.returned_headers(msg, lambda v: clean_header(_decode_header(v))),
        own_body=own_body,
    )


def parse_head(head: bytes) -> ParsedMail:
    """The headers alone (sender, subject, ids) of a message whose whole parse broke a limit, so
    that staff still see whose it is: `head` is its header block (store.archive.read_head)."""
    # its body is left behind: a multipart type would announce parts that are not there
    head = re.sub(rb"(?im)^content-(type|transfer-encoding):.*(\r?\n[ \t].*)*", b"X-Omitted: 1", head.rstrip())
    return parse_message(head + b"\r\n\r\n")


def _forwarded_texts(attached: list) -> list[MailAttachment]:
    """A document for each attached message's own text, but not for an automatic message (RFC
    3834 Auto-Submitted: an answer of ours attached to a reply, a robot's notice): no applicant
    wrote it."""
    out = []
    for item in attached:
        if (str(item.message.get("Auto-Submitted") or "no").strip().lower()) != "no":
            continue
        made = forwarded.as_document(item, lambda v: clean_header(_decode_header(v)) if v is not None else None)
        if made is not None:
            name, data = made
            out.append(MailAttachment(safe_filename(name, "Texte du message transféré.eml"), "message/rfc822", data))
    return out


def _payload(att: dict) -> bytes:
    payload = att.get("payload") or ""
    if isinstance(payload, bytes):  # decoded already, from the raw bytes (ingest.bigparts)
        return payload
    if att.get("binary"):
        try:
            return base64.b64decode(payload)
        except (ValueError, TypeError):
            return payload.encode("latin-1", "replace")
    charset = att.get("charset") or "utf-8"
    try:
        return payload.encode(charset, "replace")
    except LookupError:
        return payload.encode("utf-8", "replace")


def _raw_text(value) -> str:
    """A header value as text, encoded words left as they are. Raw 8-bit bytes (UTF-8 as
    RFC 6532 allows, or a legacy charset) come from the stdlib as a Header: read them as text."""
    if isinstance(value, email.header.Header):
        parts = []
        for chunk, charset in email.header.decode_header(value):
            if isinstance(chunk, bytes):
                try:
                    chunk = chunk.decode("utf-8" if charset in (None, "unknown-8bit") else charset)
                except (UnicodeDecodeError, LookupError):
                    chunk = chunk.decode("cp1252", "replace")
            parts.append(chunk)
        return "".join(parts)
    return "" if value is None else str(value)


def _decode_header(value) -> str:
    """An RFC 2047 header as text (mail-parser and the stdlib each leave some undecoded)."""
    if value is None:
        return ""
    text = _raw_text(value)
    try:
        return str(email.header.make_header(email.header.decode_header(text)))
    except Exception:
        return text


def _stdlib_parse(raw: bytes):
    """The stdlib's lenient parser, for what mail-parser cannot read; same attachment dicts."""
    msg = email.message_from_bytes(raw, policy=email.policy.compat32)
    texts, htmls, atts = [], [], []
    for part in msg.walk():
        if part.is_multipart():
            continue
        ctype = part.get_content_type()
        filename = part.get_filename()
        payload = part.get_payload(decode=True) or b""
        if filename or part.get_content_maintype() not in ("text",):
            atts.append({"filename": filename, "payload": base64.b64encode(payload).decode(), "binary": True,
                         "mail_content_type": ctype, "content-id": part.get("Content-ID", ""),
                         "content-disposition": str(part.get("Content-Disposition", ""))})
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            text = payload.decode(charset, "replace")
        except LookupError:
            text = payload.decode("latin-1", "replace")
        (htmls if ctype == "text/html" else texts).append(text)
    return msg, "\n".join(texts) or None, "\n".join(htmls) or None, atts


def _attachments(found: list[dict], limits: Limits, problems: list[str], over: list[str],
                 texts: list[MailAttachment] = ()) -> list[MailAttachment]:
    """The attachments, archives opened; `texts`, the attached messages' own texts, each where
    its message stands (the rest, attached inline, after the others)."""
    out: list[MailAttachment] = []
    texts = list(texts)
    budget = [limits.max_unpacked_bytes]
    for i, att in enumerate(found, start=1):
        ctype = (att.get("mail_content_type") or "").lower() or None
        if ctype in ("message/rfc822", "message/global"):
            if texts:  # an attached message: its attachments are walked like ours, its text is a document
                out.append(texts.pop(0))
            continue
        name = safe_filename(att.get("filename"), f"piece-jointe-{i}")
        disposition = (att.get("content-disposition") or "").lower()
        inline = disposition.startswith("inline") or (bool(att.get("content-id")) and "attachment" not in disposition)
        data = _payload(att)
        _expand(MailAttachment(name, ctype, data, inline), out, limits, problems, 1, budget, over)
    out.extend(texts)
    if len(out) > limits.max_attachments:
        problems.append(f"{len(out)} pièces jointes : seules les {limits.max_attachments} premières sont lues")
        over.append(f"{len(out)} pièces jointes, au-delà de la limite FABRIQUE_MAX_ATTACHMENTS ({limits.max_attachments})")
        out = out[: limits.max_attachments]
    return out


def _expand(att: MailAttachment, out: list[MailAttachment], limits: Limits, problems: list[str],
            depth: int, budget: list[int], over: list[str]) -> None:
    """Add an attachment, opening zip archives and TNEF within depth and size limits."""
    lower = att.filename.lower()
    is_zip = att.data[:4] == b"PK\x03\x04" and (lower.endswith(".zip") or (att.content_type or "").endswith("zip"))
    is_tnef = att.data[:4] == b"\x78\x9f\x3e\x22"
    if not (is_zip or is_tnef):
        out.append(att)
        return
    if depth > limits.max_depth:
        problems.append(f"{att.filename} : archive trop imbriquée, non ouverte")
        if not any("FABRIQUE_MAX_ARCHIVE_DEPTH" in o for o in over):
            over.append(f"{att.filename} : archives imbriquées au-delà de la limite FABRIQUE_MAX_ARCHIVE_DEPTH "
                        f"({limits.max_depth})")
        out.append(att)
        return
    try:
        members = _unzip(att.data, budget) if is_zip else _untnef(att.data, budget)
    except _LimitExceeded as exc:
        problems.append(f"{att.filename} : {exc}")
        over.append(f"{att.filename} : {exc}")
        out.append(att)
        return
    except Exception as exc:  # a corrupt container is kept as an attachment
        problems.append(f"{att.filename} : archive illisible ({type(exc).__name__})")
        out.append(att)
        return
    for i, (name, data) in enumerate(members, start=1):
        child = MailAttachment(safe_filename(name, f"{att.filename}-{i}"), None, data, False, att.filename)
        _expand(child, out, limits, problems, depth + 1, budget, over)


class _LimitExceeded(Exception):
    pass


def _take(budget: list[int], size: int) -> None:
    budget[0] -= size
    if budget[0] < 0:
        raise _LimitExceeded("volume décompressé au-delà de la limite FABRIQUE_MAX_UNPACKED_BYTES, "
                             "archive non ouverte")


def _unzip(data: bytes, budget: list[int]) -> list[tuple[str, bytes]]:
    members = []
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > 200:
            raise _LimitExceeded(f"archive de {len(infos)} fichiers, non ouverte")
        for info in infos:
            if info.file_size and info.compress_size and info.file_size / max(info.compress_size, 1) > 200:
                raise _LimitExceeded("taux de compression suspect (bombe zip), archive non ouverte")
            _take(budget, info.file_size)
            if info.flag_bits & 0x1:
                members.append((info.filename, b"ENCRYPTED-ZIP-MEMBER"))
                continue
            with zf.open(info) as fh:
                chunk = fh.read(info.file_size + 1)
            if len(chunk) > info.file_size:
                raise _LimitExceeded("taille déclarée inexacte, archive non ouverte")
            members.append((info.filename.encode("cp437").decode("utf-8", "replace")
                            if not info.flag_bits & 0x800 else info.filename, chunk))
    return members


def _untnef(data: bytes, budget: list[int]) -> list[tuple[str, bytes]]:
    from tnefparse import TNEF

    tnef = TNEF(data)
    out = []
    for a in tnef.attachments:
        payload = a.data if isinstance(a.data, bytes) else bytes(a.data or b"")
        _take(budget, len(payload))
        name = a.long_filename() if hasattr(a, "long_filename") else None
        name = name or (a.name.decode("latin-1") if isinstance(a.name, bytes) else a.name)
        out.append((name or "winmail-piece", payload))
    return out
