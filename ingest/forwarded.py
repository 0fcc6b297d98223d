"""Messages inside a message (RFC 2046 message/rfc822): a forwarded one's own text, a returned
one's headers.

An application forwarded as an attached message (Outlook's and Thunderbird's "forward as
attachment", a secretariat passing on what it received) holds the proposal in the attached
message's body as much as in its files. The attachments come out of the MIME walk like any
others; the attached message's text is turned into a document of its own (a small message
holding only its headers and its text and HTML bodies, deterministic so that its SHA-256 names it
at every parse), and it is no longer mixed into the text of the message that carries it.

A delivery report (RFC 3462 multipart/report) returns one of our messages, or its headers
(text/rfc822-headers): those headers are kept, so the bounce can be matched to the answer it
returns (its Message-ID); the returned text is never read as a proposal.
"""
from __future__ import annotations

import email
import email.policy
import hashlib
from dataclasses import dataclass
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText

ATTACHED = ("message/rfc822", "message/global")
RETURNED_HEADERS = ("text/rfc822-headers", "message/rfc822-headers", "message/global-headers")
MAX_PARTS = 5_000  # parts looked at in one message tree: a hostile one holds more, for nothing
_KEPT_HEADERS = ("From", "To", "Date", "Subject", "Message-ID")


@dataclass(frozen=True)
class Bodies:
    texts: tuple[str, ...]
    htmls: tuple[str, ...]


@dataclass(frozen=True)
class Attached:
    """A message attached to another: its headers and its own text (not that of the messages it
    holds in turn), at `depth` messages down."""

    message: object  # email.message.Message
    bodies: Bodies
    depth: int


def decode_text(part) -> str:
    """A text part's payload as text (its charset, else UTF-8, else Windows-1252)."""
    payload = part.get_payload(decode=True) or b""
    for charset in (part.get_content_charset() or "utf-8", "utf-8"):
        try:
            return payload.decode(charset)
        except (LookupError, UnicodeDecodeError):
            continue
    return payload.decode("cp1252", "replace")


def _is_body(part) -> bool:
    if part.get_content_type() not in ("text/plain", "text/html"):
        return False
    return not part.get_filename() and (part.get_content_disposition() or "inline") == "inline"


def _children(part) -> list:
    payload = part.get_payload()
    return [p for p in payload if hasattr(p, "get_content_type")] if isinstance(payload, list) else []


def walk(root, max_depth: int) -> tuple[Bodies, list[Attached]]:
    """The root message's own text bodies, and the messages attached to it (then to those, down
    to `max_depth`; the text of those further down counts as that of the last one), each with its
    own text bodies, in document order. A delivery report's returned message is not an attached
    one (see returned_headers)."""
    found: list[Attached] = []
    own = _bodies(root, found, 1, max_depth)
    return own, found


def _bodies(message, found: list[Attached], depth: int, max_depth: int) -> Bodies:
    texts, htmls = [], []
    stack = [(message, None)]
    seen = 0
    while stack and seen < MAX_PARTS:
        part, parent = stack.pop()
        seen += 1
        ctype = part.get_content_type()
        if part is not message and ctype in ATTACHED:
            inner = _children(part)
            if inner and parent == "multipart/report":
                continue  # a returned message: its headers are what counts (returned_headers)
            if inner and depth > max_depth:  # nested too deep for a document of its own: read as ours
                stack.append((inner[0], ctype))
            elif inner:
                slot = len(found)
                found.append(None)  # its place in document order, before the messages it holds
                bodies = _bodies(inner[0], found, depth + 1, max_depth)
                found[slot] = Attached(inner[0], bodies, depth)
            continue
        if part.is_multipart():
            stack.extend((child, ctype) for child in reversed(_children(part)))
            continue
        if _is_body(part):
            text = decode_text(part)
            if text.strip():
                (htmls if ctype == "text/html" else texts).append(text)
    return Bodies(tuple(texts), tuple(htmls))


def as_document(attached: Attached, clean) -> tuple[str, bytes] | None:
    """(file name, bytes) of the document standing for an attached message's text: a message of
    its headers and text bodies alone; None when it has no text. `clean` makes a header value one
    safe line."""
    bodies = attached.bodies
    if not bodies.texts and not bodies.htmls:
        return None
    text, html = "\n".join(bodies.texts), "\n".join(bodies.htmls)
    digest = hashlib.sha256(f"{text}\x00{html}".encode("utf-8", "replace")).hexdigest()[:24]
    document = MIMEMultipart("alternative", boundary=f"fabrique-forwarded-{digest}")
    for name in _KEPT_HEADERS:
        value = clean(attached.message.get(name))
        if value:
            document[name] = value
    for subtype, body in (("plain", text), ("html", html)):
        if body:
            document.attach(MIMEText(body, subtype, "utf-8"))
    subject = " ".join((clean(attached.message.get("Subject")) or "").split())[:120]
    name = f"Texte du message transféré – {subject}.eml" if subject else "Texte du message transféré.eml"
    return name, document.as_bytes(policy=email.policy.compat32)


def returned_headers(root, decode) -> dict[str, str]:
    """The headers of the message a delivery report returns (its text/rfc822-headers part, or
    its attached message's header), lower-case names, first occurrence; {} for other mail.
    `decode` turns a header value into one clean line of text."""
    if root.get_content_type() != "multipart/report":
        return {}
    for part in _children(root):
        ctype = part.get_content_type()
        if ctype in RETURNED_HEADERS:
            returned = email.message_from_string(decode_text(part).lstrip("\r\n"),
                                                 policy=email.policy.compat32)
        elif ctype in ATTACHED and _children(part):
            returned = _children(part)[0]
        else:
            continue
        headers: dict[str, str] = {}
        for key, value in returned.items():
            headers.setdefault(key.lower(), decode(value) or "")
        if headers:
            return headers
    return {}
